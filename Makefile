# Thin wrapper over the CMake presets. `make run` and `make test` are the README's Quick start.
# The preset is `ci` (warnings are errors) when the CI variable is set, `dev` otherwise.
PRESET ?= $(if $(CI),ci,dev)
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

# Debian 12 packages the build and the tests need. `deps` installs only the missing ones.
DEB_PACKAGES := g++ cmake ninja-build make nlohmann-json3-dev qt6-base-dev qt6-qpa-plugins \
                libqcustomplot-dev libqcustomplot2.1-qt6 fonts-dejavu-core \
                qt6-svg-dev poppler-utils

# The icons' PNG sizes are rendered from their SVGs at build time (installer/packaging.cmake).
DEB_PACKAGES += librsvg2-bin
# What `make package` and `make install-check` need on top: dpkg-shlibdeps, `strings`, the
# validators of the desktop files, man to check the manual pages, and the MIME database.
PACKAGE_DEB_PACKAGES := dpkg-dev binutils desktop-file-utils appstream man-db shared-mime-info
# The package build: Release, no test suites, installed under /usr.
PACKAGE_DIR ?= build/package

# core/store reads and writes workbook files through the SQLite C API.
DEB_PACKAGES += libsqlite3-dev
# `make fuzz`: the libFuzzer targets need clang and its runtime (libclang_rt.fuzzer).
FUZZ_DEB_PACKAGES := clang libclang-rt-14-dev
FUZZ_DIR ?= build/fuzz
FUZZ_SECONDS ?= 60

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: all deps configure build run test bench package install-check fuzz clean

all: build

deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "All build dependencies are installed."; \
	fi

configure: deps
	cmake --preset $(PRESET)

build: configure
	cmake --build --preset $(PRESET) -j $(JOBS)

# The window needs a display; without one (a server, a CI job) the run prints the CLI summary.
# Builds the two programs it may start, not the test suites.
run: configure
	cmake --build --preset $(PRESET) -j $(JOBS) --target tokenwatt tokenwatt-cli
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  $(BUILD_DIR)/bin/tokenwatt; \
	else \
	  echo "No display: printing the command-line summary of the default scenario instead."; \
	  $(BUILD_DIR)/bin/tokenwatt-cli run --example default; \
	fi

test: build
	ctest --preset $(PRESET) -j $(JOBS)

bench: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS) --target tokenwatt-bench
	build/release/bin/tokenwatt-bench

# Builds $(PACKAGE_DIR)/tokenwatt_<version>_amd64.deb and tokenwatt-<version>-Linux.tar.gz.
package:
	$(MAKE) --no-print-directory deps DEB_PACKAGES="$(DEB_PACKAGES) $(PACKAGE_DEB_PACKAGES)"
	cmake -S . -B $(PACKAGE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release \
	      -DTOKENWATT_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/usr
	cmake --build $(PACKAGE_DIR) -j $(JOBS)
	rm -f $(PACKAGE_DIR)/tokenwatt_*.deb $(PACKAGE_DIR)/tokenwatt-*.tar.gz
	cd $(PACKAGE_DIR) && cpack

# Installs the package with apt-get, checks the installed copy, removes it (CI runs this).
install-check: package
	installer/install-check.sh $(PACKAGE_DIR)

# Builds the fuzz targets with clang, ASan and UBSan, and runs each for FUZZ_SECONDS
# (tests/fuzz/README.md). Fails, naming the input, if one crashes, hangs or trips a sanitizer.
fuzz:
	$(MAKE) --no-print-directory deps DEB_PACKAGES="$(DEB_PACKAGES) $(FUZZ_DEB_PACKAGES)"
	cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE= \
	      -DCMAKE_CXX_COMPILER=clang++ -DTOKENWATT_FUZZ=ON \
	      "-DCMAKE_CXX_FLAGS=-O1 -gline-tables-only -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined"
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzz_scenario_json fuzz_workbook
	tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

clean:
	rm -rf build
