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
rm -rf "$work" && mkdir -p "$work/data" "$work/signing"
export HOMEWARD_DATA_DIR=$work/data HOMEWARD_SIGNING_KEYS_DIR=$work/signing
# A benchmark searches far more than rule 16 lets one person search in a day.
export HOMEWARD_GATEWAY_POLICY_SEARCHES_PER_DAY=1000000 HOMEWARD_GATEWAY_POLICY_PROBES_PER_DAY=1000000 \
  HOMEWARD_GATEWAY_POLICY_CASES_PER_DAY=1000 HOMEWARD_GATEWAY_POLICY_ENROLMENTS_PER_DAY=10000

ports=":91(0[12]|1[12]|2[01]) "
listening() { ss -ltnp 2>/dev/null | grep -E "$ports" | grep -o "pid=[0-9]*" | cut -d= -f2 | sort -u; }
# Stops the three services and waits until they are gone (an index closes before its port is free).
stop() {
  local pids
  pids=$(listening)
  [ -z "$pids" ] && return 0
  kill $pids 2>/dev/null || true
  for _ in $(seq 1 60); do
    [ -z "$(listening)" ] && return 0
    sleep 1
  done
  kill -9 $pids 2>/dev/null || true
}
if [ -n "$(listening)" ]; then
  echo "case-search-figures: something listens on Homeward's default ports (9101, 9102, 9111, 9112, 9120, 9121): stop it first" >&2
  exit 1
fi
[ -n "${HOMEWARD_BENCH_KEEP:-}" ] || trap stop EXIT
(cd "$system" && setsid ./homeward serve > "$work/serve.log" 2>&1 &)
for i in $(seq 1 300); do
  grep -q "Homeward is running at" "$work/serve.log" && break
  if grep -q "failed to start" "$work/serve.log" || [ "$i" = 300 ]; then
    echo "case-search-figures: the system did not start (see $work/serve.log)" >&2
    exit 1
  fi
  sleep 2
done
echo "case-search-figures: system up after $((i * 2)) s ($system)" >&2
tokens=$work/tokens.txt
: > "$tokens"
mint() { (cd "$system" && ./homeward token --subject "$1" --org "$2" --role "$3" | tail -1); }
echo "caseworker $(mint bench-cw-1 bench-ngo NGO_CASEWORKER)" >> "$tokens"
echo "verifier $(mint bench-cw-2 bench-ngo NGO_CASEWORKER)" >> "$tokens"
users=20
args=("$@")
for ((a = 0; a < ${#args[@]}; a++)); do [ "${args[$a]}" = --users ] && users=${args[$((a + 1))]}; done
for u in $(seq 1 "$users"); do echo "police $(mint "bench-police-$u" bench-police POLICE_INVESTIGATOR)" >> "$tokens"; done
./homeward case-search-bench --tokens "$tokens" --tls-dir "$work/signing/tls" "$@"
