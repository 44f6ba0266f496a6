#!/bin/sh
# Runs each libFuzzer target for a bounded time: tests/fuzz/run.sh BUILD_DIR [SECONDS]
# BUILD_DIR is a build configured with -DTOKENWATT_FUZZ=ON (see `make fuzz`). Each target
# starts from its committed seed corpus (tests/fuzz/corpus/<target>/) and the regressions
# (tests/fuzz/regressions/<target>/); new interesting inputs go to BUILD_DIR/fuzz-corpus/ and
# a failing input to BUILD_DIR/fuzz-artifacts/. Exits non-zero if any target fails.
set -eu
build_dir=${1:?usage: run.sh BUILD_DIR [SECONDS]}
seconds=${2:-60}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
status=0
for name in scenario_json workbook; do
    target="$build_dir/fuzz/fuzz_$name"
    corpus="$build_dir/fuzz-corpus/$name"
    artifacts="$build_dir/fuzz-artifacts/$name/"
    mkdir -p "$corpus" "$artifacts"
    seeds=""
    for folder in "$source_dir/tests/fuzz/corpus/$name" "$source_dir/tests/fuzz/regressions/$name" \
                  "$source_dir/resources/scenarios"; do
        # resources/scenarios seeds the JSON reader only; git keeps no empty regression folder.
        if [ -d "$folder" ] && { [ "$name" = scenario_json ] || [ "${folder#*resources}" = "$folder" ]; }; then
            seeds="$seeds $folder"
        fi
    done
    options=""
    if [ "$name" = scenario_json ]; then
        options="-dict=$source_dir/tests/fuzz/scenario_json.dict -max_len=16384"
    else
        options="-max_len=65536"
    fi
    # The workbook target writes a file per input; on a RAM disk its fsyncs cost nothing.
    if [ -d /dev/shm ] && [ -w /dev/shm ]; then export TMPDIR=/dev/shm; fi
    echo "== fuzz_$name for $seconds s"
    # shellcheck disable=SC2086 # the seed folders and options are word lists
    if ! "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="$artifacts" $options "$corpus" $seeds; then
        echo "fuzz_$name FAILED: the input is in $artifacts; after fixing, copy it to" \
             "tests/fuzz/regressions/$name/"
        status=1
    fi
done
exit $status
