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
# MILVUS_EXTRA_CONFIG="key=value ..." sets server configuration keys at start, e.g.
# MILVUS_EXTRA_CONFIG="queryNode.segcore.interimIndex.enableIndex=false" (growing segments searched
# exactly instead of through the interim IVF index; see README, "Search").
#
# Every command is idempotent. Paths are relative to the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."

MILVUS_VERSION=2.3.5
VENV=.cache/milvus-venv
# HOMEWARD_MILVUS_DATA: another data folder (the crash campaign starts its Milvus empty).
DATA=${HOMEWARD_MILVUS_DATA:-.cache/milvus-data}
PIDFILE=.cache/milvus.pid
LOG=.cache/milvus.log
PORT=19530
WEB_PORT=9091
# The embedded etcd's peer port is fixed: one such server per machine.
ETCD_PEER_PORT=2380
# The first start on a fresh data dir unpacks about 450 MB of binaries.
START_TIMEOUT_S=${MILVUS_START_TIMEOUT_S:-240}
STOP_TIMEOUT_S=${MILVUS_STOP_TIMEOUT_S:-90}

# milvus-server (the package's launcher) with two fixes, both measured here:
# - its port probes bind without SO_REUSEADDR, so a port that a just-stopped server left in TIME_WAIT
#   looks taken and the server silently moves to another one (9091 -> 9092 after a restart);
# - on SIGINT it gives the server 1 s before SIGKILL, which leaves the server's etcd sessions alive,
#   and the next start then waits about 45 s for them to expire. A graceful stop revokes them.
LAUNCHER='
import os, socket, subprocess, sys
import milvus

def try_bind_port(self, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
        sock.listen()
        return sock
    except OSError:
        sock.close()
        return None

stock_stop = milvus.MilvusServer.stop

def graceful_stop(self):
    if self.server_proc:
        self.server_proc.terminate()
        try:
            self.server_proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pass
    stock_stop(self)

milvus.MilvusServerConfig.try_bind_port = try_bind_port
milvus.MilvusServer.stop = graceful_stop
milvus.default_server.webservice_port = int(os.environ["MILVUS_WEB_PORT"])
sys.argv[0] = "milvus-server"
sys.exit(milvus.main())
'

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
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'milvus-venv/bin/python' || return 1
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

# Ports of the standalone server's components (root, data, query coordinators and nodes): after a
# restart /healthz and the proxy answer before every coordinator listens, and calls fail meanwhile.
COMPONENT_PORTS=(53100 13333 19531 21121 21123 21124)

components_up() {
  local p
  for p in "${COMPONENT_PORTS[@]}"; do port_open "$p" || return 1; done
}

ready() { local pid=$1; healthy && port_open "$PORT" && port_is_ours "$pid" && components_up; }

do_install() {
  if installed; then
    say "installed ($VENV)"
    return
  fi
  command -v python3 >/dev/null || die "python3 is required"
  mkdir -p .cache
  rm -rf "$VENV"
  # --upgrade-deps: current pip and setuptools, not the interpreter's bundled ones (the dependency audit found
  # advisories against those).
  python3 -m venv --upgrade-deps "$VENV"
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
  for p in "$PORT" "$WEB_PORT" "$ETCD_PEER_PORT"; do
    local taken
    taken=$(listeners "$p" | tr '\n' ' ')
    [ -z "$taken" ] || die "port $p is already taken (pid ${taken% }; another Milvus?): stop that process first"
  done
  mkdir -p "$DATA"
  local started=$SECONDS extra=() kv
  for kv in ${MILVUS_EXTRA_CONFIG:-}; do
    [[ "$kv" == *=* ]] || die "MILVUS_EXTRA_CONFIG holds '$kv', not key=value"
    extra+=(--extra-config "$kv")
  done
  MILVUS_WEB_PORT=$WEB_PORT setsid "$VENV/bin/python" -c "$LAUNCHER" --data "$DATA" --proxy-port "$PORT" \
    "${extra[@]}" >>"$LOG" 2>&1 </dev/null &
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
