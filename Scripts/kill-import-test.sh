#!/usr/bin/env bash
# An import is all or nothing, even when the process is killed.
#
#   Scripts/kill-import-test.sh [path-to-rolechain]
#
# Builds rolechain (swift build --product rolechain, scratch path
# $SCRATCH_PATH, default .build-robust) unless a binary is given. Generates
# a 40-account organization with Scripts/generate-organization.py, imports
# 5 accounts (the "old" state), then $RUNS times (default 20) copies that
# database, starts `rolechain import` of the other 35 accounts and every
# bucket policy in the background and sends it SIGKILL after a delay spread
# over the length of an uninterrupted import (and 10% past it). After each kill:
# `PRAGMA integrity_check` must say ok, the account count must be the old
# one or old + 35, and the row count of every table must match the old
# state or the completed import exactly (all or nothing), and
# `rolechain stats` must still read the file.
#
# Needs python3 and sqlite3. Last line: "N passed, N failed"; exits 1 on a failure.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${RUNS:-20}"
for tool in python3 sqlite3; do
    command -v "$tool" >/dev/null || { echo "error: $tool is needed" >&2; exit 2; }
done

binary="${1:-}"
if [ -z "$binary" ]; then
    scratch="${SCRATCH_PATH:-$root/.build-robust}"
    echo "building rolechain (scratch path $scratch)..." >&2
    (cd "$root" && swift build --scratch-path "$scratch" --product rolechain >&2)
    binary="$(cd "$root" && swift build --scratch-path "$scratch" --show-bin-path)/rolechain"
fi
[ -x "$binary" ] || { echo "error: no rolechain binary at $binary" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/rolechain-kill.XXXXXX")"
trap 'rm -rf "$work"' EXIT
python3 "$root/Scripts/generate-organization.py" --accounts 40 --roles-per-account 50 --users-per-account 5 \
    --seed 7 --out "$work/org" >&2
mkdir "$work/small" "$work/big"
count=0
for file in "$work"/org/*.json; do
    [[ "$(basename "$file")" =~ ^[0-9]{12}\.json$ ]] || continue
    if [ "$count" -lt 5 ]; then cp "$file" "$work/small/"; else cp "$file" "$work/big/"; fi
    count=$((count + 1))
done
cp "$work"/org/bucket-policy.*.json "$work/org/buckets.json" "$work/big/"

accounts() { sqlite3 "$1" 'SELECT count(*) FROM account WHERE isAnalysed = 1'; }
# The row count of every table, one "table=count" per table: the whole state, minus timestamps.
fingerprint() {
    local db="$1" sql=""
    for table in $(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
        sql="${sql:+$sql UNION ALL }SELECT '$table=' || count(*) FROM \"$table\""
    done
    sqlite3 "$db" "$sql" | tr '\n' ' '
}

"$binary" import --quiet --db "$work/base.sqlite" "$work/small"
[ ! -s "$work/base.sqlite-wal" ] || { echo "error: the first import left a WAL behind" >&2; exit 1; }
old_accounts="$(accounts "$work/base.sqlite")"
old_state="$(fingerprint "$work/base.sqlite")"

cp "$work/base.sqlite" "$work/full.sqlite"
started="$(date +%s%N)"
"$binary" import --quiet --db "$work/full.sqlite" "$work/big"
duration_ms=$((($(date +%s%N) - started) / 1000000))
new_accounts="$(accounts "$work/full.sqlite")"
new_state="$(fingerprint "$work/full.sqlite")"
echo "old: $old_accounts accounts; new: $new_accounts accounts; an uninterrupted import takes ${duration_ms} ms" >&2
[ "$new_accounts" -eq $((old_accounts + 35)) ] || { echo "error: the import did not add 35 accounts" >&2; exit 1; }

passed=0
failed=0
outcomes_old=0
outcomes_new=0
for run in $(seq 1 "$runs"); do
    database="$work/run.sqlite"
    rm -f "$database" "$database-wal" "$database-shm"
    cp "$work/base.sqlite" "$database"
    # Stratified over 110% of an import's length: run i is killed at a random
    # moment of the i-th slice, so the last runs land around the commit and
    # the checkpoint that closing the database does.
    span_ms=$((duration_ms * 11 / 10))
    delay_ms=$(((span_ms * (run - 1) + span_ms * (RANDOM % 1000) / 1000) / runs))
    "$binary" import --quiet --db "$database" "$work/big" 2>/dev/null &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -KILL "$pid" 2>/dev/null || true
    status=0
    { wait "$pid"; } 2>/dev/null || status=$?

    integrity="$(sqlite3 "$database" 'PRAGMA integrity_check' 2>&1 | tr '\n' ' ' | sed 's/ $//')"
    count="$(accounts "$database" 2>&1 || true)"
    state="$(fingerprint "$database" 2>&1 || true)"
    readable=yes
    "$binary" stats --db "$database" >/dev/null 2>&1 || readable=no
    if [ "$state" = "$old_state" ]; then outcome=old; elif [ "$state" = "$new_state" ]; then outcome=new; else outcome=mixed; fi
    line="run $run: SIGKILL after ${delay_ms} ms (exit $status): integrity $integrity, $count accounts, $outcome state, stats readable: $readable"
    if [ "$integrity" = ok ] && [ "$readable" = yes ] && [ "$outcome" != mixed ] \
        && { [ "$count" = "$old_accounts" ] || [ "$count" = "$new_accounts" ]; }; then
        passed=$((passed + 1))
        if [ "$outcome" = old ]; then outcomes_old=$((outcomes_old + 1)); else outcomes_new=$((outcomes_new + 1)); fi
        echo "ok   $line"
    else
        failed=$((failed + 1))
        echo "FAIL $line"
        [ "$outcome" = mixed ] && echo "     state: $state" && echo "     old:   $old_state" && echo "     new:   $new_state"
    fi
done
echo "killed before the commit: $outcomes_old, after it: $outcomes_new"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
