#!/usr/bin/env bash
# Load figures (issue 17): starts Homeward as the README does (embedded defaults: H2 + Lucene; with HOMEWARD_DB_URL
# and HOMEWARD_MILVUS_HOST for PostgreSQL + Milvus) in a scratch data folder, with the per-user daily limits raised for
# a benchmark, then `./homeward load` once per index size: the index is filled with synthetic faces up to the size,
# users register their cases, and a mix of searches, photo views, reviews and enrolments arrives at rising rates until
# p99 or the error rate breaks. Prints per step and request type the throughput and p50/p99 and each process's CPU,
# writes eval-out/load/load-SIZE.json and plots, and stops the system.
#   scripts/load.sh [--sizes 1000,100000] [--users 10] [--soak-seconds 600] [--already-filled N] [load options: --mix, --step-seconds ...]
# --already-filled N: the index already holds N synthetic faces (a Milvus kept from an earlier fill, started with its
# HOMEWARD_MILVUS_DATA and left to finish indexing): only the difference to each size is added.
# The soak (heap and RSS of every process at one rate past the knee) runs after the last size only.
# HOMEWARD_SYSTEM_ROOT=/path/to/another/checkout runs that checkout's system under the same load (side by side figures);
# HOMEWARD_BENCH_KEEP=1 leaves it running. Uses the default ports (9101, 9102, 9111, 9112, 9120, 9121).
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
system=${HOMEWARD_SYSTEM_ROOT:-$here}
work=${HOMEWARD_BENCH_DIR:-$here/target/load}
sizes=1000
users=10
soak=0
filled=0
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --soak-seconds) soak=$2; shift 2 ;;
    --already-filled) filled=$2; shift 2 ;;
    *) pass+=("$1"); shift ;;
  esac
done
. scripts/lib/bench-system.sh
[ -n "${HOMEWARD_BENCH_KEEP:-}" ] || trap bench_stop EXIT
export HOMEWARD_BENCH_CASES_PER_DAY=100000 HOMEWARD_BENCH_ENROLMENTS_PER_DAY=1000000 \
  HOMEWARD_BENCH_IMAGE_VIEWS_PER_DAY=1000000
bench_start load "$work" "$system"
tokens=$work/tokens.txt
: > "$tokens"
echo "caseworker $(bench_mint load-cw-1 load-ngo NGO_CASEWORKER)" >> "$tokens"
echo "verifier $(bench_mint load-cw-2 load-ngo NGO_CASEWORKER)" >> "$tokens"
for u in $(seq 1 "$users"); do echo "police $(bench_mint "load-police-$u" load-police POLICE_INVESTIGATOR)" >> "$tokens"; done
for u in 1 2 3 4; do echo "examiner $(bench_mint "load-examiner-$u" load-forensics FACE_EXAMINER)" >> "$tokens"; done
IFS=, read -r -a each <<< "$sizes"
for ((s = 0; s < ${#each[@]}; s++)); do
  size=${each[$s]}
  extra=()
  [ $s -eq $((${#each[@]} - 1)) ] && extra=(--soak-seconds "$soak")
  label=$(awk -v n="$size" 'BEGIN { if (n >= 1e6 && n % 1e6 == 0) print n / 1e6 "M"; else if (n >= 1e3 && n % 1e3 == 0) print n / 1e3 "k"; else print n }')
  echo "load: $label faces" >&2
  ./homeward load --tokens "$tokens" --tls-dir "$work/signing/tls" --examiner-org load-forensics \
    --gallery $((size - filled)) --label "$label" "${extra[@]}" "${pass[@]}"
  filled=$size
done
