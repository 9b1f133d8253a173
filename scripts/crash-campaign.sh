#!/usr/bin/env bash
# The crash campaign (issue 17): the packaged system (embedder, search service, gateway) enrols photos from four
# concurrent clients while one process at a time is killed with SIGKILL and started again; then it counts what was
# lost, stored twice or left behind, checks the audit chain and prints the recovery times (CrashCampaign.java).
#
#   scripts/crash-campaign.sh [KILLS] [h2|postgres] [--kill-postgres] [--milvus] [--kill-milvus] [--seed N]
#
# KILLS defaults to 100, the database to h2 (the README's embedded defaults). postgres needs HOMEWARD_TEST_PG_URL (and
# _USER, _PASSWORD, _APP_USER, _APP_PASSWORD) as the test command does; --kill-postgres adds the PostgreSQL server's
# postmaster to the processes killed (Debian's cluster: pg_ctlcluster starts it again, as root or with sudo).
# --milvus puts the search service's index on a Milvus server (scripts/milvus.sh, installed if missing, started empty
# with its data in consent-gateway/target/attack/crash-milvus-data, on its default port: no other Milvus may run);
# --kill-milvus also kills that server (SIGKILL to the launcher's process group) and starts it again.
# Needs ../shared/fixtures. The report is printed and kept in consent-gateway/target/crash-campaign/<db>-report.txt;
# the services' logs are in consent-gateway/target/attack/crash-<db>/.
set -euo pipefail
cd "$(dirname "$0")/.."

kills=100
db=h2
milvus=
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    [0-9]*) kills=$1 ;;
    h2|postgres) db=$1 ;;
    --kill-postgres) extra+=(-Dhomeward.crash.kill-postgres=true) ;;
    --milvus) milvus=1; extra+=(-Dhomeward.crash.milvus=true) ;;
    --kill-milvus) milvus=1; extra+=(-Dhomeward.crash.milvus=true -Dhomeward.crash.kill-milvus=true) ;;
    --seed) shift; extra+=("-Dhomeward.crash.seed=$1") ;;
    *) echo "crash-campaign: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
if [ "$db" = postgres ] && [ -z "${HOMEWARD_TEST_PG_URL:-}" ]; then
  echo "crash-campaign: postgres needs HOMEWARD_TEST_PG_URL (see .ci/run)" >&2
  exit 2
fi

[ -z "$milvus" ] || bash scripts/milvus.sh install

offline=()
[ -d "$HOME/.m2/repository/io/quarkus" ] && offline=(-o)
echo "crash-campaign: building (the services' jars and the tests)..."
./mvnw -B -q "${offline[@]}" install -DskipTests -Dhomeward.fuzz.skip=true -Dspotless.check.skip=true >/dev/null
echo "crash-campaign: $kills kills on $db; progress below, the report at the end"
./mvnw -B "${offline[@]}" verify -pl consent-gateway -Dspotless.check.skip=true -Dhomeward.fuzz.skip=true \
  -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=CrashCampaignIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dhomeward.crash.kills="$kills" -Dhomeward.crash.db="$db" "${extra[@]}" \
  | grep --line-buffered -E '^crash campaign|^  |^verdict|Tests run:|BUILD' || true
report="consent-gateway/target/crash-campaign/$db${milvus:+-milvus}-report.txt"
[ -f "$report" ] || { echo "crash-campaign: no report (see consent-gateway/target/failsafe-reports)" >&2; exit 1; }
grep -q '^verdict: nothing lost' "$report"
