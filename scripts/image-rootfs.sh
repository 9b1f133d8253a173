#!/usr/bin/env bash
# Builds the root filesystem under a service's container image: what Jib puts beneath the application, in place of a
# base image pulled from a registry (none is reachable from the build machines, and a base image would bring a shell
# and a package manager that the services never use). Distroless in spirit, made from this build machine's own parts:
#
#   /opt/java         a Java runtime linked by jlink from the build's JDK (the modules in MODULES, nothing else)
#   /lib, /usr/lib    the shared libraries that the runtime and the application's native code (ONNX Runtime, OpenCV,
#                     OpenBLAS) link, found with ldd, plus those loaded by name at run time (fontconfig for the
#                     gateway's watermark text); no other file of the host
#   /etc              passwd and group with the service user (10001), nsswitch.conf; fonts.conf and the DejaVu fonts
#   /app/models       the embedder's weights, each checked against its manifest's sha256 (--models)
#   /usr/share/homeward/rootfs.txt   every copied file with the Debian package and version it came from
#
# No shell, no package manager, no setuid file. The image runs as 10001 with a read-only root filesystem: whatever
# must be written (the native libraries' unpacking, temporary files) goes under /tmp, a volume in the cluster.
#
#   scripts/image-rootfs.sh --app DIR --out DIR [--models CACHE_DIR|none MANIFEST_DIR] [--cuda WHEEL_DIR|none]
#
# --app: a Quarkus fast-jar (target/quarkus-app): its jars' native libraries decide which host libraries are copied.
# --cuda: where NVIDIA's CUDA wheels from PyPI are cached (the GPU embedder; scripts/cuda-wheels.sh fetches and checks
#         them first); their libraries go to /usr/lib/x86_64-linux-gnu, where the loader looks without configuration.
set -euo pipefail

die() { echo "image-rootfs: $*" >&2; exit 1; }

app="" out="" models="" manifests="" cuda=""
while [ $# -gt 0 ]; do
  case "$1" in
    --app) app=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --models) if [ "$2" != none ]; then models=$2; manifests=$3; fi; shift 3 ;;
    --cuda) if [ "$2" != none ]; then cuda=$2; fi; shift 2 ;;
    *) die "unknown argument '$1'" ;;
  esac
done
[ -n "$app" ] && [ -f "$app/quarkus-run.jar" ] || die "--app must be a Quarkus fast-jar folder (quarkus-run.jar missing in '$app')"
[ -n "$out" ] || die "--out is missing"
for tool in jlink ldd unzip sha256sum; do command -v "$tool" >/dev/null || die "$tool is needed"; done

# The runtime's modules: what Quarkus, Netty, gRPC, the JDBC drivers, Java2D/ImageIO (the gateway's renderer), JMX
# (Micrometer) and TLS with EC keys use. The services' smoke runs from the image (ContainerImagesSmokeTest) check it.
MODULES=java.base,java.compiler,java.datatransfer,java.desktop,java.instrument,java.logging,java.management
MODULES+=,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql
MODULES+=,java.transaction.xa,java.xml,java.xml.crypto,jdk.charsets,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.jfr
MODULES+=,jdk.management,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs

rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

jlink --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$out/opt/java"
# Headless only: the X11 toolkit, the splash screen and sound would pull in X11 and ALSA.
rm -f "$out"/opt/java/lib/{libawt_xawt.so,libjawt.so,libsplashscreen.so,libjsound.so}
# Debian's JDK links its trust store to /etc/ssl/certs/java/cacerts; the image holds the file itself.
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")
cacerts=$(readlink -f "$java_home/lib/security/cacerts")
[ -s "$cacerts" ] || die "the build JDK has no CA trust store ($java_home/lib/security/cacerts)"
rm -f "$out/opt/java/lib/security/cacerts"
cp "$cacerts" "$out/opt/java/lib/security/cacerts"

# Native code inside the application's jars, unpacked only to ask ldd what it links.
mkdir -p "$work/native"
while IFS= read -r jar; do
  # Every x86-64 Linux library a jar carries, wherever it keeps it (JavaCPP: .../linux-x86_64/, ONNX Runtime:
  # .../linux-x64/, Cedar: jne/linux/x86_64/, brotli4j: lib/linux-x86_64/). Left out: Python bindings, and OpenCV's
  # highgui (windows on GTK and X11), which no service loads: the images stay headless; and ONNX Runtime's TensorRT
  # provider (GPU build), which the embedder never asks for (it uses the CUDA provider) and whose TensorRT is not here.
  mapfile -t entries < <(unzip -Z1 "$jar" 2>/dev/null | grep -E '\.so(\.[0-9]+)*$' | grep -i linux \
    | grep -Ei 'x86[_-]64|x64|amd64' | grep -Evi 'aarch64|arm|ppc|s390|riscv|/python/|highgui|tensorrt' || true)
  if [ ${#entries[@]} -gt 0 ]; then
    unzip -q -o -j "$jar" "${entries[@]}" -d "$work/native/$(basename "$jar")"
  fi
done < <(find "$app" -name '*.jar')
cuda_lib=""
if [ -n "$cuda" ]; then
  bash "$(dirname "${BASH_SOURCE[0]}")/cuda-wheels.sh" "$cuda"
  cuda_lib="$out/usr/lib/x86_64-linux-gnu"
  mkdir -p "$cuda_lib"
  for wheel in "$cuda"/*.whl; do
    unzip -q -o -j "$wheel" 'nvidia/*/lib/*.so*' -d "$cuda_lib"
    echo "/usr/lib/x86_64-linux-gnu: $(basename "$wheel") (PyPI, sha256 in scripts/cuda-wheels.sha256)" >> "$work/cuda.txt"
  done
fi

# The jars' libraries link each other (ONNX Runtime's JNI wrapper its runtime, OpenCV OpenBLAS).
native_path=$(find "$work/native" -mindepth 1 -maxdepth 1 -type d | paste -sd: -)
search_path="$out/opt/java/lib:$out/opt/java/lib/server${native_path:+:$native_path}${cuda_lib:+:$cuda_lib}"

# Libraries loaded by name at run time, which ldd cannot see: fontconfig (Java2D's font lookup on Linux).
extra=()
for name in libfontconfig.so.1; do
  # (awk reads to the end: an early exit would kill ldconfig with SIGPIPE, fatal under pipefail)
  found=$({ command -v ldconfig >/dev/null && ldconfig -p || /sbin/ldconfig -p; } \
    | awk -v n="$name" '$1 == n && /x86-64/ && !done {print $NF; done = 1}')
  [ -n "$found" ] || die "$name is needed (apt-get install libfontconfig1)"
  extra+=("$found")
done

# The closure of every ELF object's dependencies among the host's libraries.
runtime_path="$out/opt/java/lib:$out/opt/java/lib/server"
libs_of() { # LD_LIBRARY_PATH ELF-files... -> resolved paths, one per line
  local path=$1
  shift
  LD_LIBRARY_PATH="$path" ldd "$@" 2>/dev/null | awk '/=> \// {print $3} /^\t\/[^ ]+ \(0x/ {print $1}' | sort -u
}
mapfile -t elves < <(find "$out/opt/java" "$work/native" ${cuda_lib:+"$cuda_lib"} -type f \
  \( -name '*.so*' -o -path "$out/opt/java/bin/*" \) -print)
mapfile -t runtime_elves < <(find "$out/opt/java" -type f \( -name '*.so*' -o -path "$out/opt/java/bin/*" \) -print)
missing=$(LD_LIBRARY_PATH="$search_path" ldd "${elves[@]}" 2>/dev/null | awk '/=> not found/ {print $1}' | sort -u \
  | grep -Ev '^(libcuda\.so\.1|libnvidia-ml\.so\.1)$' || true)
# Names that the application's own native code provides when it loads: ONNX Runtime's Java binding loads
# libonnxruntime.so (soname .so.1) first, and JavaCPP links libopenblas_nolapack.so.0 to OpenBLAS as it unpacks.
missing=$(echo "$missing" | grep -Ev '^(libonnxruntime\.so\.1|libopenblas_nolapack\.so\.0)?$' || true)
if [ -z "$cuda" ]; then
  # ONNX Runtime's CUDA provider, present only in the GPU build, is the one thing allowed to miss CUDA here.
  missing=$(echo "$missing" | grep -Ev 'cu(da|blas|dnn|fft|rand|solver|sparse|pti)|nvrtc|nvJitLink|nvinfer' || true)
fi
# Every library must resolve; the GPU image leaves only the driver's own (libcuda, NVML) to the node.
[ -z "$missing" ] || die "libraries not found: $(echo $missing)"
declare -A seen=()
queue=("${extra[@]}")
# The jars' and CUDA's libraries with each other's folders; the Java runtime and every host library only with the
# runtime's (OpenBLAS' jar carries a libgcc_s of its own, which would hide the JVM's need for the system's).
while IFS= read -r lib; do queue+=("$lib"); done < <(libs_of "$search_path" "${elves[@]}")
while IFS= read -r lib; do queue+=("$lib"); done < <(libs_of "$runtime_path" "${runtime_elves[@]}")
while [ ${#queue[@]} -gt 0 ]; do
  lib=${queue[0]}; queue=("${queue[@]:1}")
  case "$lib" in "$out"/*|"$work"/*) continue ;; esac
  [ -n "${seen[$lib]:-}" ] && continue
  seen[$lib]=1
  while IFS= read -r dep; do queue+=("$dep"); done < <(libs_of "$runtime_path" "$lib")
done
mkdir -p "$out/usr/share/homeward"
listing="$out/usr/share/homeward/rootfs.txt"
{
  echo "# Files copied from the build machine into this image, with the Debian package each came from."
  echo "# Java runtime: jlink of $("$java_home/bin/java" -version 2>&1 | sed -n 1p) (modules: $MODULES)"
} > "$listing"
owner() { # path -> "package version"
  local pkg
  pkg=$(dpkg -S "$1" 2>/dev/null | sed -n 1p | cut -d: -f1) || true
  if [ -z "$pkg" ]; then pkg=$(dpkg -S "$(readlink -f "$1")" 2>/dev/null | sed -n 1p | cut -d: -f1) || true; fi
  if [ -n "$pkg" ]; then echo "$pkg $(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null)"; else echo "unpackaged"; fi
}
copy() { # host path -> the same path in the image, as a regular file
  mkdir -p "$out$(dirname "$1")"
  cp -L "$1" "$out$1"
  echo "$1 $(owner "$1")" >> "$listing"
}
for lib in $(printf '%s\n' "${!seen[@]}" | sort); do
  copy "$lib"
done

# Fonts for the gateway's watermark (Java2D asks fontconfig for a sans-serif face).
if [ -d /usr/share/fonts/truetype/dejavu ] && [ -f /etc/fonts/fonts.conf ]; then
  copy /etc/fonts/fonts.conf
  for font in /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf; do
    [ -f "$font" ] && copy "$font"
  done
else
  die "fonts are needed (apt-get install fontconfig fonts-dejavu-core)"
fi

# Users, and where the C library looks names up; no shell anywhere.
mkdir -p "$out/etc" "$out/tmp"
printf 'root:x:0:0:root:/root:/nonexistent\nhomeward:x:10001:10001:homeward:/tmp:/nonexistent\n' \
  > "$out/etc/passwd"
printf 'root:x:0:\nhomeward:x:10001:\n' > "$out/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$out/etc/nsswitch.conf"

# The embedder's weights, checked again here against their manifests (the models module verified them on fetch).
if [ -n "$models" ]; then
  field() { sed -n "s/^ *\"$2\": *\"\\([^\"]*\\)\".*/\\1/p" "$1" | sed -n 1p; }
  weights() { # file sha256 manifest
    [ -f "$models/$1" ] || die "weights missing: $models/$1 (run ./mvnw -pl models generate-resources)"
    [ "$(sha256sum "$models/$1" | cut -d' ' -f1)" = "$2" ] || die "weights $1 do not match $(basename "$3")"
    [ -f "$out/app/models/$1" ] && return 0
    mkdir -p "$out/app/models/$(dirname "$1")"
    cp "$models/$1" "$out/app/models/$1"
    echo "/app/models/$1 sha256:$2 ($(basename "$3"))" >> "$listing"
  }
  for manifest in "$manifests"/*.json; do
    weights "$(field "$manifest" file)" "$(field "$manifest" sha256)" "$manifest"
    # A derived variant is checked at start against the published file it was made from: that file comes too.
    from=$(field "$manifest" derivedFrom)
    if [ -n "$from" ]; then weights "$from" "$(field "$manifest" derivedFromSha256)" "$manifest"; fi
  done
fi

[ ! -e "$out/bin/sh" ] || die "a shell slipped into the image"
if [ -f "$work/cuda.txt" ]; then cat "$work/cuda.txt" >> "$listing"; fi
echo "image-rootfs: $(du -sh "$out" | cut -f1) in $out ($(grep -c '^/' "$listing") files from the host)"
