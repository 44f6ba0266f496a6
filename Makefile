# Thin wrapper over the CMake presets. `make run` and `make test` are the README's Quick start.
# The preset is `ci` (warnings are errors) when the CI variable is set, `dev` otherwise.
PRESET ?= $(if $(CI),ci,dev)
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

# Debian 12 packages the build and the tests need. `deps` installs only the missing ones.
DEB_PACKAGES := g++ cmake ninja-build make nlohmann-json3-dev qt6-base-dev qt6-qpa-plugins \
                libqcustomplot-dev libqcustomplot2.1-qt6 fonts-dejavu-core

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: all deps configure build run test bench clean

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
run: build
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

clean:
	rm -rf build
