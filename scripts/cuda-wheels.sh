#!/usr/bin/env bash
# Fetches the CUDA 12 and cuDNN 9 libraries that ONNX Runtime's CUDA build loads, as NVIDIA publishes them on PyPI,
# into a cache folder, and checks each wheel against the hashes committed beside this script. The GPU embedder image
# (./mvnw -Pgpu -pl embedder -am package) puts their libraries under /usr/lib/x86_64-linux-gnu; the node's NVIDIA
# container toolkit adds the driver itself (libcuda.so.1). About 2 GiB; idempotent once the cache verifies.
#
#   scripts/cuda-wheels.sh [DIR]      (default: .cache/cuda-wheels)
#   scripts/cuda-wheels.sh --pin DIR  (after changing WHEELS: write the hashes of what DIR holds to cuda-wheels.sha256)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
sums="$here/cuda-wheels.sha256"
# ONNX Runtime 1.24's CUDA execution provider: CUDA runtime, cuBLAS (and cuBLASLt), cuFFT, cuRAND, cuDNN 9.
WHEELS=(
  nvidia-cuda-runtime-cu12==12.9.79
  nvidia-cublas-cu12==12.9.3.13
  nvidia-cufft-cu12==11.4.1.4
  nvidia-curand-cu12==10.3.10.19
  nvidia-cudnn-cu12==9.27.0.42
)

pin=false
if [ "${1:-}" = --pin ]; then pin=true; shift; fi
dir=${1:-$root/.cache/cuda-wheels}
mkdir -p "$dir"

verified() { [ -f "$sums" ] && [ "$(ls "$dir"/*.whl 2>/dev/null | wc -l)" -eq ${#WHEELS[@]} ] && (cd "$dir" && sha256sum --quiet -c "$sums"); }

if ! $pin && verified; then
  echo "cuda-wheels: ${#WHEELS[@]} wheels present and verified in $dir"
  exit 0
fi
venv="$root/.cache/cuda-wheels-pip"
[ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
rm -f "$dir"/*.whl
"$venv/bin/pip" download --quiet --no-deps --only-binary=:all: --platform manylinux_2_27_x86_64 \
  --platform manylinux2014_x86_64 --python-version 3.11 --dest "$dir" "${WHEELS[@]}"
if $pin; then
  (cd "$dir" && sha256sum *.whl) > "$sums"
  echo "cuda-wheels: pinned $(wc -l < "$sums") wheels in $sums"
  exit 0
fi
verified || { echo "cuda-wheels: the downloaded wheels do not match $sums" >&2; exit 1; }
echo "cuda-wheels: ${#WHEELS[@]} wheels fetched and verified in $dir"
