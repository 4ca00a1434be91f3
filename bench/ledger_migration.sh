#!/usr/bin/env bash
# The ledger's migration on the 5,000-person company, and its year end timed:
#
#   1. seed the company with the code of the commit before policies and the ledger
#      (a git worktree of $BEFORE) and record a hash of every user's balances there
#      (every leave type, years $YEARS, as of each year's end and as of today);
#   2. copy that database, `db upgrade` the copy with this checkout's code, record the
#      same hashes: they must be equal;
#   3. time `run-jobs` for the whole history up to today (the first year end), then a
#      second run for the same day (it must write nothing).
#
# Needs PostgreSQL (PGURL, default postgresql://postgres@127.0.0.1:5432) and the .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$PWD/.venv/bin/python
BEFORE=${BEFORE:-9dc4b54}
PGURL=${PGURL:-postgresql://postgres@127.0.0.1:5432}
TODAY=${TODAY:-$(date -u +%F)}
YEAR=${TODAY:0:4}
YEARS=${YEARS:-$((YEAR - 2))-$((YEAR + 1))}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/before" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

git worktree add -f --detach "$work/before" "$BEFORE" >/dev/null
cp bench/balance_snapshot.py "$work/before/bench/"
(cd "$work/before" && "$PY" -m bench.seed --url "$PGURL/pto_ledger_before" --recreate | head -1)
(cd "$work/before" && "$PY" -m bench.balance_snapshot --url "$PGURL/pto_ledger_before" \
    --today "$TODAY" --years "$YEARS" --hashes --out "$work/before.json")

psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS pto_ledger_after" \
    -c "CREATE DATABASE pto_ledger_after TEMPLATE pto_ledger_before"
export DATABASE_URL="$PGURL/pto_ledger_after"
start=$(date +%s.%N)
"$PY" manage.py db upgrade
echo "db upgrade: $(echo "$(date +%s.%N) - $start" | bc) s"
"$PY" -m bench.balance_snapshot --url "$DATABASE_URL" --today "$TODAY" --years "$YEARS" \
    --hashes --out "$work/after.json"
if cmp -s "$work/before.json" "$work/after.json"; then
    echo "every balance equal before and after the upgrade ($(grep -c '@' "$work/after.json") people)"
else
    echo "BALANCES DIFFER after the upgrade" >&2
    diff <("$PY" -m json.tool "$work/before.json") <("$PY" -m json.tool "$work/after.json") | head -20 >&2
    exit 1
fi

for run in first second; do
    start=$(date +%s.%N)
    "$PY" manage.py run-jobs --as-of "$TODAY" | tr '\n' ' '
    echo "-> run-jobs ($run run): $(echo "$(date +%s.%N) - $start" | bc) s"
done
"$PY" -m bench.balance_snapshot --url "$DATABASE_URL" --today "$TODAY" --years "$YEARS" \
    --hashes --out "$work/jobs.json"
cmp -s "$work/before.json" "$work/jobs.json" && echo "every balance equal after run-jobs too"
