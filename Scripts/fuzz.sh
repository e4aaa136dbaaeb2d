#!/usr/bin/env bash
# Fuzz RoleChain's input parsers for a while.
#
#   Scripts/fuzz.sh [seconds]        (default 60)
#
# With libFuzzer (swiftc -sanitize=fuzzer, which the Linux toolchain has),
# builds Scripts/fuzz/SnapshotFuzzer.swift together with the sources it
# exercises (JSON parser, policy parser, wildcard matcher, snapshot parser)
# into one instrumented binary under $FUZZ_SCRATCH (default .build-fuzz),
# seeds a corpus from the seed fixtures and the bad-input corpus, and runs
# it for the given time with AddressSanitizer. Crashing inputs land in
# $FUZZ_SCRATCH/artifacts/. Without libFuzzer, runs the property tests
# (JSONParserTests, PolicyDocumentParsingTests, WildcardPatternTests) in a
# loop until the time is up.
#
# Environment: FUZZ_SCRATCH, ROLECHAIN_SEED (seed fixture folder, default
# ../shared/fixtures/seed beside the repository), SWIFTC (default swiftc).
# Last line: "N passed, N failed"; exit 1 when a crash or a failing run was found.
set -euo pipefail

seconds="${1:-60}"
case "$seconds" in '' | *[!0-9]*) echo "usage: $0 [seconds]" >&2; exit 2 ;; esac
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="${FUZZ_SCRATCH:-$root/.build-fuzz}"
seed="${ROLECHAIN_SEED:-$root/../shared/fixtures/seed}"
swiftc="${SWIFTC:-swiftc}"
mkdir -p "$scratch"/{src,corpus,artifacts}

sources=(
    Sources/IAMPolicy/JSON/*.swift Sources/IAMPolicy/Document/*.swift Sources/IAMPolicy/Matching/*.swift
    Sources/IAMStore/StoreError.swift Sources/IAMStore/Snapshot/AccountSnapshot.swift
    Sources/IAMStore/Snapshot/AuthorizationDetailsParser.swift Sources/IAMStore/Snapshot/JSONReader.swift
)

build_fuzzer() {
    rm -f "$scratch"/src/*.swift
    # One module: the cross-module imports go.
    for file in "${sources[@]}"; do
        sed '/^import IAMPolicy$/d' "$root/$file" >"$scratch/src/$(basename "$file")"
    done
    "$swiftc" -O -g -sanitize=fuzzer,address -parse-as-library -module-name RoleChainFuzz \
        "$scratch"/src/*.swift "$root/Scripts/fuzz/SnapshotFuzzer.swift" -o "$scratch/snapshot-fuzzer" \
        >"$scratch/build.log" 2>&1
}

seed_corpus() {
    local count=0 file
    while IFS= read -r -d '' file; do
        cp "$file" "$scratch/corpus/seed-$count-$(basename "$file")"
        count=$((count + 1))
    done < <(find "$seed" "$root/Tests/IAMStoreTests/BadInput" -name '*.json' -size -300k -print0 2>/dev/null)
    echo "corpus: $count seed files from $seed and Tests/IAMStoreTests/BadInput" >&2
}

write_dictionary() {
    cat >"$scratch/json.dict" <<'EOF'
"{"
"}"
"["
"]"
":"
","
"\""
"\\u"
"\\ud83d\\ude00"
"true"
"false"
"null"
"-0.5e+3"
"%7B"
"%22"
"\"Statement\""
"\"Effect\""
"\"Allow\""
"\"Deny\""
"\"Action\""
"\"NotAction\""
"\"Resource\""
"\"Principal\""
"\"AWS\""
"\"Condition\""
"\"StringEquals\""
"\"RoleDetailList\""
"\"AssumeRolePolicyDocument\""
"\"Arn\""
"\"arn:aws:iam::111111111111:role/R\""
"\"Policies\""
"\"PolicyVersionList\""
"\"IsTruncated\""
"*"
"?"
"\xef\xbb\xbf"
EOF
}

if command -v "$swiftc" >/dev/null && build_fuzzer; then
    seed_corpus
    write_dictionary
    echo "fuzzing for ${seconds}s with libFuzzer + ASan ($scratch/snapshot-fuzzer)" >&2
    status=0
    "$scratch/snapshot-fuzzer" "$scratch/corpus" -dict="$scratch/json.dict" -max_total_time="$seconds" \
        -max_len=262144 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="$scratch/artifacts/" >"$scratch/fuzz.log" 2>&1 || status=$?
    grep -E '^(stat::|Done|#[0-9]+ +DONE)' "$scratch/fuzz.log" >&2 || true
    if [ "$status" -ne 0 ]; then
        tail -40 "$scratch/fuzz.log" >&2
        echo "fuzz: a crashing input is in $scratch/artifacts/" >&2
        echo "0 passed, 1 failed"
        exit 1
    fi
    echo "fuzz: no crash in ${seconds}s; corpus $(ls "$scratch/corpus" | wc -l) inputs" >&2
    echo "1 passed, 0 failed"
    exit 0
fi

echo "libFuzzer is not available (see $scratch/build.log); running the property tests in a loop" >&2
cd "$root"
deadline=$((SECONDS + seconds))
passed=0
failed=0
while [ "$SECONDS" -lt "$deadline" ]; do
    if swift test --scratch-path "${SCRATCH_PATH:-.build-robust}" \
        --filter 'JSONParserTests|PolicyDocumentParsingTests|WildcardPatternTests' >"$scratch/tests.log" 2>&1; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        cp "$scratch/tests.log" "$scratch/artifacts/failed-run-$failed.log"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
