#!/usr/bin/env bash
# Import throughput figures (issue 14): N records of one photo each (default 1000; LAG then CACD images from
# ../shared/datasets as stand-ins) imported with `./homeward import` into a running system, as a test-only
# organisation, then the gateway's metrics read for the breakdown: embedder (its gRPC calls), index (the search
# service's gRPC calls, made by the outbox writer beside the import), database (deciding cases, the rest of deciding
# photos less the embedder, storing: policy, audit, encryption, database). Writes eval-out/import-figures.json and eval-out/import-figures.txt.
#
# Start the system first (`./homeward serve`; with HOMEWARD_DB_URL and HOMEWARD_MILVUS_HOST for PostgreSQL and
# Milvus); an import counts against its organisation's daily allowance (homeward.gateway.imports.records-per-day,
# 20,000), not the user's limits. Then: scripts/import-figures.sh 10000
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
url=${HOMEWARD_URL:-http://127.0.0.1:9120}
metrics=${HOMEWARD_METRICS_URL:-http://127.0.0.1:9121/q/metrics}
datasets=${HOMEWARD_DATASETS:-../shared/datasets}
work=eval-out/import-bench
run=$(date +%s)
rm -rf "$work" && mkdir -p "$work/photos"
i=0
manifest="$work/manifest.jsonl"
: > "$manifest"
mapfile -t images < <(find "$datasets/lag/images" "$datasets/cacd_vs/images" -type f \( -iname '*.jpg' -o -iname '*.png' -o -iname '*.jpeg' \) | sort)
[ "${#images[@]}" -gt 0 ] || { echo "import-figures: no images under $datasets" >&2; exit 2; }
while [ "$i" -lt "$n" ]; do
  photo=${images[$((i % ${#images[@]}))]}
  i=$((i + 1))
  ext=${photo##*.}
  ln -s "$(realpath "$photo")" "$work/photos/$i.$ext"
  printf '{"key":"bench-%s-%d","side":"FOUND","policeCaseNumber":"BENCH-%d","subject":{"birthYearFrom":1950,"birthYearTo":2000},"consent":{"basis":"STATUTORY_DUTY","givenBy":"POLICE"},"photos":[{"file":"%d.%s","source":"POLICE","photoYear":2010}]}\n' \
    "$run" "$i" "$i" "$i" "$ext" >> "$manifest"
done
echo "import-figures: $i records (asked for $n)" >&2
token=$(./homeward token --subject "import-bench-$run" --org "import-bench-test-only" --role POLICE_INVESTIGATOR | tail -1)
curl -sf "$metrics" > "$work/metrics-before.txt"
start=$(date +%s.%N)
HOMEWARD_TOKEN=$token ./homeward import --url "$url" --purpose IDENTIFICATION --manifest "$manifest" \
  --photos "$work/photos" --report "$work/refusals.csv" || true
end=$(date +%s.%N)
curl -sf "$metrics" > "$work/metrics-after.txt"
python3 - "$work" "$i" "$start" "$end" <<'PY'
import json, re, sys
work, records, start, end = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
def read(name):
    out = {}
    for line in open(f"{work}/{name}"):
        m = re.match(r'^([a-zA-Z_:]+)\{([^}]*)\} ([0-9.eE+-]+)$', line.strip())
        if m:
            out[(m.group(1), m.group(2))] = float(m.group(3))
    return out
before, after = read("metrics-before.txt"), read("metrics-after.txt")
def total(name, match):
    return sum(v - before.get(k, 0.0) for k, v in after.items() if k[0] == name and re.search(match, k[1]))
wall = end - start
stage = lambda s: total("homeward_import_stage_seconds_sum", f'stage="{s}"')
enrolled = int(total("homeward_import_stage_seconds_count", 'stage="store"'))
grpc = "grpc_client_processing_duration_seconds_sum"
embedder = total(grpc, r'(?i)embed')
index = total(grpc, r'(?i)search')
decide_case, decide_photos, store = stage("decide_case"), stage("decide_photos"), stage("store")
database = decide_case + max(decide_photos - embedder, 0.0) + store
figures = {
    "records": records, "enrolled": enrolled, "wall_seconds": round(wall, 1),
    "records_per_second": round(records / wall, 2) if wall else None,
    "seconds_summed_over_workers": {
        "embedder": round(embedder, 1), "gateway_besides_embedder": round(database, 1),
        "index_outbox_beside_the_import": round(index, 1),
    },
    "note": "embedder = gRPC time of the embedder calls (waiting for a free predictor included: the embedder is "
            "saturated when this dominates); gateway_besides_embedder = deciding cases (policy, allowance, audit) + "
            "deciding photos less the embedder (encrypting the image) + the storing transaction (the database); the "
            "index is written by the outbox writer asynchronously, beside the import, not on a record's path",
}
json.dump(figures, open("eval-out/import-figures.json", "w"), indent=2)
s = figures["seconds_summed_over_workers"]
text = (f"import: {records} records ({enrolled} enrolled) in {wall:.0f} s = {figures['records_per_second']} records/s; "
        f"time in records (summed over workers): embedder {s['embedder']} s, gateway besides the embedder (policy, "
        f"audit, encryption, database) {s['gateway_besides_embedder']} s; "
        f"index (outbox, beside) {s['index_outbox_beside_the_import']} s\n")
open("eval-out/import-figures.txt", "w").write(text)
print(text, end="")
PY
