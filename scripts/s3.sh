#!/usr/bin/env bash
# A real S3-compatible server without Docker, for the gateway's S3 image store (its integration tests, and cluster
# mode on one machine): Versity Gateway (versitygw, Apache-2.0) on its POSIX backend, built from the Go module proxy.
#
#   scripts/s3.sh install   builds versitygw into .cache/s3/bin (skipped if present; needs Go, about 3 minutes)
#   scripts/s3.sh start     server on 127.0.0.1:$HOMEWARD_S3_PORT (9130), objects in $HOMEWARD_S3_DATA
#                           (.cache/s3-data), creates the buckets named in $HOMEWARD_S3_BUCKETS; waits until it answers
#   scripts/s3.sh stop      SIGTERM, wait for exit
#   scripts/s3.sh status    exit 0 only when running and answering
#
# Credentials: HOMEWARD_S3_ACCESS_KEY / HOMEWARD_S3_SECRET_KEY (the root account). The defaults below are for a
# server on loopback only; the objects it holds are sealed by the gateway anyway.
# Every command is idempotent. Paths are relative to the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSITYGW_VERSION=v1.8.0
BIN=.cache/s3/bin/versitygw
PORT=${HOMEWARD_S3_PORT:-9130}
DATA=${HOMEWARD_S3_DATA:-.cache/s3-data}
ACCESS=${HOMEWARD_S3_ACCESS_KEY:-homeward-local}
SECRET=${HOMEWARD_S3_SECRET_KEY:-homeward-local-secret}
RUN=.cache/s3/run-$PORT
PIDFILE=$RUN/pid
LOG=$RUN/versitygw.log

die() { echo "s3: $*" >&2; exit 1; }

install() {
  if [ -x "$BIN" ]; then
    echo "s3: versitygw present ($BIN)"
    return
  fi
  command -v go >/dev/null || die "Go is needed to build versitygw (Debian: golang-go; or https://go.dev/dl)"
  mkdir -p "$(dirname "$BIN")"
  echo "s3: building versitygw $VERSITYGW_VERSION from the Go module proxy"
  GOBIN="$(pwd)/$(dirname "$BIN")" GOFLAGS=-mod=mod go install \
    "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
  [ -x "$BIN" ] || die "the build left no $BIN"
}

pid() { [ -f "$PIDFILE" ] && cat "$PIDFILE" || true; }
alive() { local p; p=$(pid); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# Any HTTP answer on the port counts (an unsigned request is refused with 403: the server is up).
answers() { curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$PORT/" | grep -q '^[1-5]'; }

EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
bucket() { # name: PUT /name signed with SigV4 (curl does it); 200 created, 409 already there
  local code
  code=$(curl -s -o /dev/null -m 10 -w '%{http_code}' -X PUT --aws-sigv4 "aws:amz:us-east-1:s3" \
    --user "$ACCESS:$SECRET" -H "x-amz-content-sha256: $EMPTY_SHA256" "http://127.0.0.1:$PORT/$1")
  case "$code" in
    200|409) ;;
    *) die "could not create bucket $1 (HTTP $code)" ;;
  esac
}

start() {
  [ -x "$BIN" ] || die "not installed: run scripts/s3.sh install"
  mkdir -p "$RUN" "$DATA"
  if alive && answers; then
    echo "s3: running (pid $(pid)) on 127.0.0.1:$PORT"
  else
    if alive; then kill "$(pid)" 2>/dev/null || true; sleep 1; fi
    # The port alone says whether another server holds it.
    if answers; then die "127.0.0.1:$PORT is taken by another process"; fi
    ROOT_ACCESS_KEY_ID="$ACCESS" ROOT_SECRET_ACCESS_KEY="$SECRET" setsid "$BIN" --port "127.0.0.1:$PORT" --quiet \
      posix "$DATA" >>"$LOG" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 100); do
      answers && break
      alive || die "versitygw exited at start: $(tail -n 5 "$LOG")"
      sleep 0.1
    done
    answers || die "versitygw did not answer within 10 s: $(tail -n 5 "$LOG")"
    echo "s3: running (pid $(pid)) on 127.0.0.1:$PORT, objects in $DATA"
  fi
  for b in ${HOMEWARD_S3_BUCKETS:-}; do bucket "$b"; done
}

stop() {
  if alive; then
    local p; p=$(pid)
    kill "$p" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && kill -9 "$p" 2>/dev/null || true
    echo "s3: stopped"
  else
    echo "s3: not running"
  fi
  rm -f "$PIDFILE"
}

status() {
  if alive && answers; then echo "s3: running (pid $(pid)) on 127.0.0.1:$PORT"; else echo "s3: stopped"; return 1; fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: scripts/s3.sh install|start|stop|status" ;;
esac
