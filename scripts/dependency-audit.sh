#!/usr/bin/env bash
# Dependency audit (issue 17, goal 5): every component of the services' CycloneDX SBOMs (<module>/target/bom.json),
# the browser tests' npm packages and the pinned Python tool environments, against the advisory snapshot in
# scripts/advisories/ (GitHub Advisory Database, OSV format; see scripts/advisories/README.md). Prints a table of
# findings (component, version, advisory, severity, fixed in, where it ships, decision) and writes
# target/dependency-audit/report.json and report.md. Exits 0 with a summary unless --fail-on says otherwise.
#
#   scripts/dependency-audit.sh                        audit; builds the SBOMs first if one is missing (online)
#   scripts/dependency-audit.sh --fail-on high         exit 1 if an open finding is HIGH or CRITICAL
#   scripts/dependency-audit.sh --db osv/Maven/all.zip also match OSV advisories from a file, folder or all.zip
#   scripts/dependency-audit.sh --self-test            the version and range matcher's unit tests
#
# HOMEWARD_AUDIT_CACHE (default .cache) is where the Python environments are looked for; a present one is audited
# as installed (every package in it), an absent one by its pins. Decisions (accepted / fixed, with the reason) are in
# scripts/advisories/decisions.json; findings not listed there are "open".
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'dependency-audit: %s\n' "$*" >&2; }
py=scripts/dependency_audit.py

for a in "$@"; do
  [ "$a" = --self-test ] && exec python3 "$py" --self-test
done

services=(embedder search-service consent-gateway)
missing=()
for s in "${services[@]}"; do [ -f "$s/target/bom.json" ] || missing+=("$s"); done
if [ ${#missing[@]} -gt 0 ]; then
  say "no SBOM for ${missing[*]}: building them (cyclonedx-maven-plugin resolves online)"
  ./mvnw -q -pl "$(IFS=,; echo "${services[*]}")" -am package -DskipTests
fi

args=(--db scripts/advisories/ghsa-snapshot.json --decisions scripts/advisories/decisions.json)
for s in "${services[@]}"; do args+=(--sbom "$s/target/bom.json"); done
args+=(--npm-lock "browser tests (npm, test only)=consent-gateway/src/test/browser/package-lock.json")

cache=${HOMEWARD_AUDIT_CACHE:-.cache}
milvus_version=$(sed -n 's/^MILVUS_VERSION=//p' scripts/milvus.sh)
if [ -d "$cache/milvus-venv" ]; then args+=(--venv "milvus venv (test server)=$cache/milvus-venv")
else args+=(--pin "milvus venv (test server)=milvus==$milvus_version"); fi
if [ -d "$cache/tfconv-venv" ]; then args+=(--venv "tfconv venv (age-model converter)=$cache/tfconv-venv")
else args+=(--requirements "tfconv venv (age-model converter)=models/age-conversion/requirements.txt"); fi
if [ -d "$cache/derive-venv" ]; then args+=(--venv "derive venv (model derivation)=$cache/derive-venv")
else args+=(--requirements "derive venv (model derivation)=models/derive/requirements.txt"); fi

exec python3 "$py" "${args[@]}" "$@"
