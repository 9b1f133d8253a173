# Sourced by the benchmark scripts (case-search-figures.sh, load.sh): starts Homeward as the README does
# (`./homeward serve`: embedded defaults, or PostgreSQL + Milvus with HOMEWARD_DB_URL and HOMEWARD_MILVUS_HOST) in a
# scratch data folder with the per-user daily limits (PRIVACY.md rule 16) raised for a benchmark, mints tokens, and
# stops it. Uses the default ports (9101, 9102, 9111, 9112, 9120, 9121): nothing else may run there.
#   bench_start NAME WORK SYSTEM   starts SYSTEM's ./homeward serve with its data in WORK; NAME labels messages
#   bench_mint SUBJECT ORG ROLE    prints a bearer token
#   bench_stop                     stops the three services and waits until their ports are free

bench_ports=":91(0[12]|1[12]|2[01]) "
bench_listening() { ss -ltnp 2>/dev/null | grep -E "$bench_ports" | grep -o "pid=[0-9]*" | cut -d= -f2 | sort -u; }

bench_stop() {
  local pids
  pids=$(bench_listening)
  [ -z "$pids" ] && return 0
  kill $pids 2>/dev/null || true
  for _ in $(seq 1 60); do
    [ -z "$(bench_listening)" ] && return 0
    sleep 1
  done
  kill -9 $pids 2>/dev/null || true
}

bench_start() {
  local name=$1 work=$2 system=$3 i
  bench_system=$system
  rm -rf "$work" && mkdir -p "$work/data" "$work/signing"
  export HOMEWARD_DATA_DIR=$work/data HOMEWARD_SIGNING_KEYS_DIR=$work/signing
  # A benchmark does far more than rule 16 lets one person do in a day.
  export HOMEWARD_GATEWAY_POLICY_SEARCHES_PER_DAY=1000000 HOMEWARD_GATEWAY_POLICY_PROBES_PER_DAY=1000000 \
    HOMEWARD_GATEWAY_POLICY_CASES_PER_DAY=${HOMEWARD_BENCH_CASES_PER_DAY:-1000} \
    HOMEWARD_GATEWAY_POLICY_ENROLMENTS_PER_DAY=${HOMEWARD_BENCH_ENROLMENTS_PER_DAY:-10000} \
    HOMEWARD_GATEWAY_POLICY_IMAGE_VIEWS_PER_DAY=${HOMEWARD_BENCH_IMAGE_VIEWS_PER_DAY:-200}
  if [ -n "$(bench_listening)" ]; then
    echo "$name: something listens on Homeward's default ports (9101, 9102, 9111, 9112, 9120, 9121): stop it first" >&2
    return 1
  fi
  (cd "$system" && setsid ./homeward serve > "$work/serve.log" 2>&1 &)
  for i in $(seq 1 300); do
    grep -q "Homeward is running at" "$work/serve.log" && break
    if grep -q "failed to start" "$work/serve.log" || [ "$i" = 300 ]; then
      echo "$name: the system did not start (see $work/serve.log)" >&2
      return 1
    fi
    sleep 2
  done
  echo "$name: system up after $((i * 2)) s ($system)" >&2
}

bench_mint() { (cd "$bench_system" && ./homeward token --subject "$1" --org "$2" --role "$3" | tail -1); }
