#!/usr/bin/env bash
# Proves that the packages cpack built work once installed, away from the source tree:
#   1. inspects the .deb (control fields, file list, no build-machine paths in the programs) and
#      the .tar.gz (file list; its tokenwatt-cli runs from wherever it is unpacked);
#   2. installs the .deb with apt-get, as a user would;
#   3. runs the installed programs from an empty folder with a clean environment: tokenwatt-cli
#      on installed scenarios (one replaying the installed trace), a workbook, a PDF report, and
#      the window offscreen until it shows its first results (--screenshot); validates the
#      installed .desktop, AppStream, MIME, icon and manual-page files;
#   4. removes the package and checks that nothing of it is left.
# Usage: installer/install-check.sh BUILD_DIR   (the folder cpack wrote the packages to)
# Called by `make install-check`. Needs root or sudo (apt-get). Exits non-zero on the first
# failure; the package is removed on the way out whatever happens.
set -euo pipefail

build_dir=$(realpath "${1:?usage: install-check.sh BUILD_DIR}")
source_dir=$(realpath "$(dirname "$0")/..")
app_id=io.github.tokenwatt.TokenWatt
icon_sizes=(16 22 24 32 48 64 128 256 512)
# Waits for the dpkg lock instead of failing: other jobs may be using apt on a shared machine.
apt_get=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q)
[ "$(id -u)" -eq 0 ] || apt_get=(sudo "${apt_get[@]}")

step() { printf '\n== %s\n' "$*"; }
pass() { printf '   ok: %s\n' "$*"; }
fail() {
    printf 'install-check: FAILED: %s\n' "$*" >&2
    exit 1
}
installed() { [ "$(dpkg-query -W -f='${Status}' tokenwatt 2>/dev/null)" = "install ok installed" ]; }

# Width and height of a PNG, from its IHDR chunk (bytes 16-23, big-endian).
png_size() {
    local bytes
    bytes=$(od -An -tu1 -j16 -N8 "$1" | tr -s ' \n' ' ')
    read -r w1 w2 w3 w4 h1 h2 h3 h4 <<<"$bytes"
    echo "$(((w1 << 24) | (w2 << 16) | (w3 << 8) | w4)) $(((h1 << 24) | (h2 << 16) | (h3 << 8) | h4))"
}
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }

work=$(mktemp -d /tmp/tokenwatt-install-check.XXXXXX)
we_installed=false
cleanup() {
    if $we_installed && installed; then
        echo "install-check: removing the package left installed by a failed check" >&2
        "${apt_get[@]}" remove tokenwatt >/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

version=$(sed -n 's/^project(TokenWatt VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")
[ -n "$version" ] || fail "cannot read the project VERSION from $source_dir/CMakeLists.txt"

shopt -s nullglob
debs=("$build_dir"/tokenwatt_*.deb)
tarballs=("$build_dir"/tokenwatt-*.tar.gz)
shopt -u nullglob
[ ${#debs[@]} -eq 1 ] || fail "expected one tokenwatt_*.deb in $build_dir, found ${#debs[@]} (run make package)"
[ ${#tarballs[@]} -eq 1 ] || fail "expected one tokenwatt-*.tar.gz in $build_dir, found ${#tarballs[@]}"
deb=${debs[0]}
tarball=${tarballs[0]}

# ------------------------------------------------------------------------------------------------
step "The Debian package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg-deb --field "$deb"
field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = tokenwatt ] || fail "Package is '$(field Package)', expected tokenwatt"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', expected $version"
[ "$(field Section)" = science ] || fail "Section is '$(field Section)', expected science"
[[ "$(field Maintainer)" == "TokenWatt developers <"*">" ]] || fail "Maintainer is '$(field Maintainer)'"
# Package names only, one a line: "libc6 (>= 2.35), qt6-qpa-plugins" -> libc6, qt6-qpa-plugins.
field Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//' >"$work/depends"
# shlibdeps found the shared libraries; the platform plugins are named by hand.
for dependency in libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6widgets6 libqcustomplot2.1-qt6 \
    libsqlite3-0 qt6-qpa-plugins; do
    grep -qxF "$dependency" "$work/depends" || fail "Depends lacks $dependency: $(field Depends)"
done
pass "control fields: tokenwatt $version, section science, dependencies from dpkg-shlibdeps"

dpkg-deb --contents "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$work/deb-files"
expected_files=(
    /usr/bin/tokenwatt
    /usr/bin/tokenwatt-cli
    /usr/libexec/tokenwatt/tokenwatt-report
    "/usr/share/applications/$app_id.desktop"
    "/usr/share/metainfo/$app_id.metainfo.xml"
    /usr/share/mime/packages/tokenwatt.xml
    "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
    /usr/share/icons/hicolor/scalable/mimetypes/application-x-tokenwatt-workbook.svg
    /usr/share/man/man1/tokenwatt.1.gz
    /usr/share/man/man1/tokenwatt-cli.1.gz
    /usr/share/doc/tokenwatt/copyright
    /usr/share/doc/tokenwatt/changelog.gz
    /usr/share/tokenwatt/catalog/README.md
    /usr/share/tokenwatt/catalog/gpu_specs.csv
    /usr/share/tokenwatt/scenarios/default.json
    /usr/share/tokenwatt/scenarios/azure-conversation-trace.json
    /usr/share/tokenwatt/traces/AzureLLMInferenceTrace_conv.csv
    /usr/share/tokenwatt/traces/README.md
)
for size in "${icon_sizes[@]}"; do
    expected_files+=("/usr/share/icons/hicolor/${size}x$size/apps/$app_id.png"
        "/usr/share/icons/hicolor/${size}x$size/mimetypes/application-x-tokenwatt-workbook.png")
done
for file in "${expected_files[@]}"; do
    grep -qxF "$file" "$work/deb-files" || fail "the package lacks $file"
done
for source in "$source_dir"/resources/catalog/*.csv "$source_dir"/resources/scenarios/*.json; do
    relative=${source#"$source_dir"/resources/}
    grep -qxF "/usr/share/tokenwatt/$relative" "$work/deb-files" || fail "the package lacks $relative"
done
pass "$(grep -vc '/$' "$work/deb-files") files, among them the ${#expected_files[@]} checked by name and every catalog file and example"

# The programs must not look for anything in the tree they were built from.
dpkg-deb --extract "$deb" "$work/deb"
for program in bin/tokenwatt bin/tokenwatt-cli libexec/tokenwatt/tokenwatt-report; do
    for path in "$source_dir" "$build_dir"; do
        strings "$work/deb/usr/$program" >"$work/strings"
        if grep -qF "$path" "$work/strings"; then
            fail "$program contains the build machine's path $path"
        fi
    done
done
pass "no program contains the source or build folder's path"
# The command line runs without Qt (a cluster node); only the window and the report renderer
# link it.
if ldd "$work/deb/usr/bin/tokenwatt-cli" | grep -q 'libQt'; then
    fail "tokenwatt-cli links Qt: $(ldd "$work/deb/usr/bin/tokenwatt-cli" | grep libQt | tr -s ' \n' ' ')"
fi
pass "tokenwatt-cli links no Qt library"

# ------------------------------------------------------------------------------------------------
step "The archive: $(basename "$tarball") ($(du -h "$tarball" | cut -f1))"
top=$(basename "$tarball" .tar.gz)
tar -tzf "$tarball" >"$work/tar-files"
for file in bin/tokenwatt bin/tokenwatt-cli libexec/tokenwatt/tokenwatt-report \
    share/tokenwatt/scenarios/default.json \
    share/tokenwatt/traces/AzureLLMInferenceTrace_conv.csv "share/applications/$app_id.desktop" \
    share/man/man1/tokenwatt-cli.1.gz share/doc/tokenwatt/copyright; do
    grep -qxF "$top/$file" "$work/tar-files" || fail "the archive lacks $top/$file"
done
mkdir "$work/unpacked"
tar -xzf "$tarball" -C "$work/unpacked"
# Relocatable: its CLI replays the trace next to it, from wherever the archive was unpacked.
"$work/unpacked/$top/bin/tokenwatt-cli" validate \
    "$work/unpacked/$top/share/tokenwatt/scenarios/azure-conversation-trace.json" \
    || fail "the unpacked archive's tokenwatt-cli cannot read its trace example"
pass "$(grep -vc '/$' "$work/tar-files") files under $top/; its tokenwatt-cli reads the bundled trace"

# ------------------------------------------------------------------------------------------------
step "Installing with apt-get"
if installed; then
    echo "   (tokenwatt $(dpkg-query -W -f='${Version}' tokenwatt) is installed already: replacing it)"
fi
we_installed=true
"${apt_get[@]}" install "$deb"
installed || fail "apt-get did not install tokenwatt"
pass "tokenwatt $(dpkg-query -W -f='${Version}' tokenwatt) installed"

# ------------------------------------------------------------------------------------------------
step "Running the installed programs (from an empty folder, clean environment)"
run_dir="$work/run"
mkdir -p "$run_dir/home"
mkdir -m 700 "$run_dir/runtime"
cd "$run_dir"
# Nothing from this shell: no TOKENWATT_SOURCE_DIR, no DISPLAY, a fresh HOME for QSettings.
clean_env=(env -i PATH=/usr/bin:/bin HOME="$run_dir/home" LANG=C.UTF-8
    XDG_RUNTIME_DIR="$run_dir/runtime")
cli() { "${clean_env[@]}" /usr/bin/tokenwatt-cli "$@"; }
data=/usr/share/tokenwatt

[ "$(cli --version)" = "tokenwatt-cli $version" ] || fail "tokenwatt-cli --version says '$(cli --version)'"
[ "$("${clean_env[@]}" /usr/bin/tokenwatt --version | cut -d' ' -f1-2)" = "tokenwatt $version" ] \
    || fail "tokenwatt --version disagrees with $version"
pass "both programs report version $version"

cli run "$data/scenarios/default.json"
# Results as JSON without the one field that differs from run to run, the wall-clock time.
results() { cli run "$@" --format json | grep -v '"wallSeconds":'; }
cli run "$data/scenarios/default.json"
results "$data/scenarios/default.json" >from-file.json
results --example default >from-example.json
cmp -s from-file.json from-example.json \
    || fail "the installed default.json and the built-in example 'default' give different results"
pass "run on the installed default.json = run --example default (identical JSON results)"

scenarios=("$data"/scenarios/*.json)
for scenario in "${scenarios[@]}"; do
    cli validate "$scenario" >/dev/null || fail "tokenwatt-cli validate $scenario"
done
pass "every installed scenario validates (${#scenarios[@]} files)"

cli run "$data/scenarios/azure-conversation-trace.json" --format csv >trace.csv
arrived=$(awk -F, '$1 == "arrivedRequests" {print $2}' trace.csv)
[ "$arrived" = 19366 ] || fail "the trace replay counted '$arrived' arrivals, expected the trace's 19366"
pass "the installed trace example replays all 19,366 requests of the installed trace"

cli import "$data/scenarios/default.json" plans.tokenwatt --name chat >/dev/null
cli list plans.tokenwatt >listing.txt
grep -q chat listing.txt || fail "tokenwatt-cli list does not show the imported scenario"
results plans.tokenwatt --scenario chat >from-workbook.json
cmp -s from-file.json from-workbook.json || fail "the workbook scenario gives different results"
pass "a workbook made by the installed CLI runs with the same results as the JSON file"

cli report --example default --pdf report.pdf >/dev/null
[ "$(head -c 5 report.pdf)" = "%PDF-" ] || fail "tokenwatt-cli report did not write a PDF"
pass "tokenwatt-cli report wrote a $(du -k report.pdf | cut -f1) KB PDF without a display"

"${clean_env[@]}" QT_QPA_PLATFORM=offscreen timeout 300 /usr/bin/tokenwatt --screenshot window.png \
    || fail "tokenwatt --screenshot exited with status $?"
is_png window.png || fail "tokenwatt --screenshot did not write a PNG"
read -r width height <<<"$(png_size window.png)"
bytes=$(stat -c %s window.png)
# A window with charts and text compresses to far more than a blank or tiny image would.
if [ "$width" -lt 800 ] || [ "$height" -lt 500 ] || [ "$bytes" -lt 30000 ]; then
    fail "the screenshot is ${width}x$height, $bytes bytes: expected at least 800x500, 30 KB"
fi
pass "tokenwatt showed its window offscreen: ${width}x$height screenshot, $((bytes / 1024)) KB"

# ------------------------------------------------------------------------------------------------
step "Desktop integration files"
desktop-file-validate "/usr/share/applications/$app_id.desktop" || fail "desktop-file-validate"
pass "desktop-file-validate $app_id.desktop"
appstreamcli validate --no-net "/usr/share/metainfo/$app_id.metainfo.xml" || fail "appstreamcli validate"
grep -q "<release version=\"$version\"" "/usr/share/metainfo/$app_id.metainfo.xml" \
    || fail "the metainfo has no release $version"
pass "appstreamcli validate $app_id.metainfo.xml; it lists release $version"

# dpkg's trigger for shared-mime-info rebuilt the database with our type, by name and content.
grep -qxF 'application/x-tokenwatt-workbook:*.tokenwatt' <(cut -d: -f2- /usr/share/mime/globs2) \
    || fail "/usr/share/mime/globs2 does not map *.tokenwatt"
grep -aq 'application/x-tokenwatt-workbook' /usr/share/mime/magic \
    || fail "/usr/share/mime/magic has no rule for application/x-tokenwatt-workbook"
grep -qxF 'application/x-tokenwatt-workbook:application-x-tokenwatt-workbook' /usr/share/mime/icons \
    || fail "/usr/share/mime/icons does not name the workbook icon"
pass "MIME type application/x-tokenwatt-workbook: glob *.tokenwatt, content magic, own icon"

for size in "${icon_sizes[@]}"; do
    for icon in "apps/$app_id" mimetypes/application-x-tokenwatt-workbook; do
        png="/usr/share/icons/hicolor/${size}x$size/$icon.png"
        [ "$(png_size "$png")" = "$size $size" ] || fail "$png is not ${size}x$size"
    done
done
pass "icons: SVG and PNG at ${icon_sizes[*]} px, for the application and for workbooks"

# Read from the package rather than /usr/share: some minimal images tell dpkg to skip
# /usr/share/man and /usr/share/doc.
for page in tokenwatt tokenwatt-cli; do
    man_file="$work/deb/usr/share/man/man1/$page.1.gz"
    warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
        man --warnings -E UTF-8 -l -Tutf8 -Z "$man_file" 2>&1 >/dev/null)
    [ -z "$warnings" ] || fail "man $page: $warnings"
    zgrep -q "TokenWatt $version" "$man_file" || fail "man $page is not for $version"
done
newest=$(zcat "$work/deb/usr/share/doc/tokenwatt/changelog.gz" | sed -n 1p)
[[ "$newest" == "tokenwatt ($version) "* ]] || fail "the changelog's newest entry is '$newest', not $version"
commands=$(cli --help | awk '/^Commands:/ {on = 1; next} /^$/ {on = 0} on && /^  [a-z]/ {print $1}')
zcat "$work/deb/usr/share/man/man1/tokenwatt-cli.1.gz" | sed 's/\\-/-/g' >"$work/tokenwatt-cli.1"
for command in $commands; do
    grep -q "^\.SS \"$command " "$work/tokenwatt-cli.1" \
        || fail "man tokenwatt-cli does not document the command '$command'"
done
pass "manual pages render without warnings and, like the changelog, are for $version"
pass "tokenwatt-cli(1) documents all $(wc -w <<<"$commands") commands of --help"

if command -v lintian >/dev/null; then
    step "lintian (information only)"
    lintian --tag-display-limit 0 "$deb" || true
fi

# ------------------------------------------------------------------------------------------------
step "Removing with apt-get"
cd "$work"
"${apt_get[@]}" remove tokenwatt
! installed || fail "tokenwatt is still installed after apt-get remove"
for path in /usr/bin/tokenwatt /usr/bin/tokenwatt-cli /usr/share/tokenwatt \
    "/usr/share/applications/$app_id.desktop" "/usr/share/metainfo/$app_id.metainfo.xml" \
    /usr/share/mime/packages/tokenwatt.xml /usr/share/doc/tokenwatt \
    "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"; do
    [ ! -e "$path" ] || fail "$path is left after apt-get remove"
done
! grep -q 'tokenwatt' /usr/share/mime/globs2 || fail "the MIME database still knows *.tokenwatt"
pass "removed cleanly: no programs, data, desktop or MIME files left"

printf '\ninstall-check: all checks passed for %s\n' "$(basename "$deb")"
