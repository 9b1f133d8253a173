#!/usr/bin/env bash
# A fuzzing campaign (issue 17): each target fuzzed by Jazzer for DURATION in its own JVM, then a table of executions,
# coverage and findings. Findings are saved by Jazzer into the target's inputs folder under src/test/resources and are
# replayed by every later test run; the corpus it grows stays in .cifuzz-corpus (ignored by git).
#
#   scripts/fuzz.sh [DURATION] [TARGET...]     DURATION like 10m (default 5m); TARGET one of the names below (default all)
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${1:-5m}
shift || true
declare -A module=(
  [image-decoder]=embedder
  [alignment]=embedder
  [canonical-form]=consent-gateway
  [request-parsing]=consent-gateway
  [json-body]=consent-gateway
  [cedar-entities]=consent-gateway
)
declare -A test=(
  [image-decoder]='ImageDecoderFuzzTest#anyBytesAreDecodedWithinTheLimitsOrRefusedWithAReason'
  [alignment]='AlignmentFuzzTest#anyBoxAndPointsGiveAModelSizedCropAndAnHonestVerdict'
  [canonical-form]='CanonicalFormFuzzTest#everyRecordReadsBackFromItsCanonicalBytes'
  [request-parsing]='RequestParsingFuzzTest#everyFieldIsParsedIntoSomethingStorableOrRefusedWithAProblem'
  [json-body]='JsonBodyFuzzTest#everyBodyIsReadIntoAUsableValueOrRefusedWithAProblem'
  [cedar-entities]='CedarEntitiesFuzzTest#anyRequestIsMappedAndDecidedSafelyAndTheStringsAreOnlyNames'
)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(image-decoder alignment canonical-form request-parsing json-body cedar-entities)
for t in "${targets[@]}"; do
  [ -n "${test[$t]:-}" ] || { echo "fuzz: unknown target '$t' (${!test[*]})" >&2; exit 2; }
done

mkdir -p target/fuzz
offline=()
[ -d "$HOME/.m2/repository/com/code-intelligence/jazzer-junit" ] && offline=(-o)
# Build once; each target then runs alone.
./mvnw -B -q "${offline[@]}" install -DskipTests -Dhomeward.fuzz.skip=true >/dev/null

summary=()
status=0
for t in "${targets[@]}"; do
  log="target/fuzz/$t.log"
  echo "fuzz: $t for $duration (log: $log)"
  start=$(date +%s)
  set +e
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$duration" ./mvnw -B "${offline[@]}" -pl "${module[$t]}" surefire:test \
    -Dtest="${test[$t]}" -Dsurefire.failIfNoSpecifiedTests=false -DtrimStackTrace=false >"$log" 2>&1
  rc=$?
  set -e
  seconds=$(( $(date +%s) - start ))
  # libFuzzer's last status line: "#RUNS <kind> cov: C ft: F corp: N/S ... exec/s: E rss: R"; then "Done N runs in S s".
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
  runs=$(grep -oE 'Done [0-9]+ runs' "$log" | tail -n 1 | grep -oE '[0-9]+' || true)
  [ -n "$runs" ] || runs=$(echo "$last" | sed -nE 's/^#([0-9]+).*/\1/p')
  cov=$(echo "$last" | sed -nE 's/.*cov: ([0-9]+).*/\1/p')
  ft=$(echo "$last" | sed -nE 's/.*ft: ([0-9]+).*/\1/p')
  corp=$(echo "$last" | sed -nE 's/.*corp: ([0-9]+)\/.*/\1/p')
  rss=$(echo "$last" | sed -nE 's/.*rss: ([0-9]+Mb).*/\1/p')
  findings=$(grep -cE '== Java Exception|FuzzTestFindingException|Java Assertion Error|==[0-9]+== ERROR' "$log" || true)
  verdict=ok
  if [ "$rc" -ne 0 ] || [ "$findings" -gt 0 ]; then verdict="FINDING (see $log)"; status=1; fi
  summary+=("$(printf '%-16s %6ss %12s %8s %8s %8s %8s  %s' "$t" "$seconds" "${runs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${rss:-?}" "$verdict")")
done

echo
printf '%-16s %7s %12s %8s %8s %8s %8s  %s\n' target wall executions cov features corpus rss verdict
printf '%s\n' "${summary[@]}"
exit $status
