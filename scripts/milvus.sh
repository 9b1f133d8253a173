#!/usr/bin/env bash
# A real Milvus 2.3 standalone server without Docker, for the search-service integration tests.
# PyPI's "milvus" package launches the real server binary (embedded etcd, RocksMQ, local storage);
# see ../shared/SERVICES.md for the recipe this follows.
#
#   scripts/milvus.sh install   virtual environment with milvus==2.3.5 under .cache/ (skipped if present)
#   scripts/milvus.sh start     server on 127.0.0.1:19530, data in .cache/milvus-data; waits until ready
#   scripts/milvus.sh stop      SIGINT, wait for exit
#   scripts/milvus.sh status    prints running/stopped; exit 0 only when running and ready
#
# Every command is idempotent. Paths are relative to the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."

MILVUS_VERSION=2.3.5
VENV=.cache/milvus-venv
DATA=.cache/milvus-data
PIDFILE=.cache/milvus.pid
LOG=.cache/milvus.log
PORT=19530
WEB_PORT=9091
# The first start on a fresh data dir unpacks about 450 MB of binaries.
START_TIMEOUT_S=${MILVUS_START_TIMEOUT_S:-240}
STOP_TIMEOUT_S=${MILVUS_STOP_TIMEOUT_S:-60}

say() { printf 'milvus: %s\n' "$*"; }
die() { printf 'milvus: %s\n' "$*" >&2; exit 1; }

installed() { [ -x "$VENV/bin/milvus-server" ]; }

# The pid in the pid file, if that process is still our launcher.
our_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid=$(cat "$PIDFILE")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'milvus-server' || return 1
  echo "$pid"
}

# Pids listening on a TCP port (empty when free).
listeners() { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u || true; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

healthy() { [ "$(curl -fsS --max-time 2 "http://127.0.0.1:$WEB_PORT/healthz" 2>/dev/null)" = "OK" ]; }

# True when the listener on $PORT is the launcher's child ("milvus run standalone").
port_is_ours() {
  local launcher=$1 pid
  for pid in $(listeners "$PORT"); do
    [ "$pid" = "$launcher" ] && return 0
    [ "$(ps -o ppid= -p "$pid" | tr -d ' ')" = "$launcher" ] && return 0
  done
  return 1
}

ready() { local pid=$1; healthy && port_open "$PORT" && port_is_ours "$pid"; }

do_install() {
  if installed; then
    say "installed ($VENV)"
    return
  fi
  command -v python3 >/dev/null || die "python3 is required"
  mkdir -p .cache
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "milvus==$MILVUS_VERSION"
  installed || die "milvus-server is missing after pip install"
  say "installed milvus==$MILVUS_VERSION in $VENV"
}

do_stop() {
  local pid
  if ! pid=$(our_pid); then
    rm -f "$PIDFILE"
    say "stopped"
    return
  fi
  # The launcher stops its child server on SIGINT; it runs in its own process group (setsid).
  kill -INT "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $((STOP_TIMEOUT_S * 10)) ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "no exit after ${STOP_TIMEOUT_S}s: killing process group $pid"
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  # A child left behind by a killed launcher would keep the ports: it is in the same process group.
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
  say "stopped (pid $pid)"
}

do_start() {
  installed || die "Milvus is not installed: run scripts/milvus.sh install"
  local pid
  if pid=$(our_pid); then
    if ready "$pid"; then
      say "already running (pid $pid) on 127.0.0.1:$PORT"
      return
    fi
    say "an earlier server (pid $pid) is not ready: stopping it"
    do_stop
  fi
  # The launcher silently moves to another port when one is taken: refuse instead.
  for p in "$PORT" "$WEB_PORT"; do
    local taken
    taken=$(listeners "$p" | tr '\n' ' ')
    [ -z "$taken" ] || die "port $p is already taken (pid ${taken% }): stop that process first"
  done
  mkdir -p "$DATA"
  local started=$SECONDS
  setsid "$VENV/bin/milvus-server" --data "$DATA" >>"$LOG" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PIDFILE"
  local healthy_at=""
  while ! ready "$pid"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PIDFILE"
      tail -n 20 "$LOG" >&2 || true
      die "the server exited during start-up (log: $LOG)"
    fi
    if [ $((SECONDS - started)) -ge "$START_TIMEOUT_S" ]; then
      do_stop
      die "not ready on 127.0.0.1:$PORT within ${START_TIMEOUT_S}s (log: $LOG)"
    fi
    # gRPC opens a few seconds after /healthz; much later means the server took another port.
    if healthy; then
      healthy_at=${healthy_at:-$SECONDS}
      if [ $((SECONDS - healthy_at)) -ge 30 ] && ! port_is_ours "$pid"; then
        do_stop
        die "the server is up but not on port $PORT (see $DATA/configs/milvus.yaml): is something else using it?"
      fi
    fi
    sleep 0.5
  done
  say "running (pid $pid) on 127.0.0.1:$PORT, ready after $((SECONDS - started))s"
}

do_status() {
  local pid
  if pid=$(our_pid); then
    if ready "$pid"; then
      say "running (pid $pid) on 127.0.0.1:$PORT"
      return 0
    fi
    say "started (pid $pid) but not ready"
    return 1
  fi
  say "stopped"
  return 3
}

case "${1:-}" in
  install) do_install ;;
  start) do_start ;;
  stop) do_stop ;;
  restart) do_stop && do_start ;;
  status) do_status ;;
  *) die "usage: $0 install|start|stop|restart|status" ;;
esac
