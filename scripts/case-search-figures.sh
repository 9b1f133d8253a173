#!/usr/bin/env bash
# Case search figures (issue 15): starts Homeward as the README does (embedded defaults: H2 + Lucene; with
# HOMEWARD_DB_URL and HOMEWARD_MILVUS_HOST for PostgreSQL + Milvus) in a scratch data folder, with the daily limits
# raised for a benchmark, then `./homeward case-search-bench`: a gallery of synthetic faces, 20 users each searching
# their own case (LAG identities from ../shared/datasets) for 60 s. Prints p50/p95/p99 and throughput, writes
# eval-out/case-search-figures.json, and stops the system.
#   scripts/case-search-figures.sh [case-search-bench options: --gallery 100000 --users 20 --seconds 60 ...]
# HOMEWARD_SYSTEM_ROOT=/path/to/another/checkout runs that checkout's system under the same benchmark (side by side
# figures of two versions on one machine); HOMEWARD_BENCH_KEEP=1 leaves it running. Uses the default ports (9120, 9101, 9111, ...): nothing else may run there.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
system=${HOMEWARD_SYSTEM_ROOT:-$here}
work=${HOMEWARD_BENCH_DIR:-$here/target/case-search-bench}
. scripts/lib/bench-system.sh
[ -n "${HOMEWARD_BENCH_KEEP:-}" ] || trap bench_stop EXIT
bench_start case-search-figures "$work" "$system"
tokens=$work/tokens.txt
: > "$tokens"
echo "caseworker $(bench_mint bench-cw-1 bench-ngo NGO_CASEWORKER)" >> "$tokens"
echo "verifier $(bench_mint bench-cw-2 bench-ngo NGO_CASEWORKER)" >> "$tokens"
users=20
args=("$@")
for ((a = 0; a < ${#args[@]}; a++)); do [ "${args[$a]}" = --users ] && users=${args[$((a + 1))]}; done
for u in $(seq 1 "$users"); do echo "police $(bench_mint "bench-police-$u" bench-police POLICE_INVESTIGATOR)" >> "$tokens"; done
./homeward case-search-bench --tokens "$tokens" --tls-dir "$work/signing/tls" "$@"
