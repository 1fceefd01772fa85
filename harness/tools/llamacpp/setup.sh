#!/usr/bin/env bash
# Builds the llama.cpp side-by-side tools (matvec-bench, e2e-bench, quantize, load-check, and as libraries for
# in-process comparisons libmatvec-ref.so and libe2e-ref.so) against the prebuilt CPU libraries of the npm package node-llama-cpp. Nothing is
# compiled from llama.cpp's source and nothing lands in this repository: packages, headers and binaries go to
# the cache directory
#   ${CHORD_LLAMACPP_HOME:-~/.cache/chord/llamacpp-ref}
# Needs: npm (registry access on first run), git, tar, gcc. Rerunning only recompiles the programs.
set -euo pipefail

NLC_VERSION="${CHORD_NLC_VERSION:-3.21.1}"
HOME_DIR="${CHORD_LLAMACPP_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/chord/llamacpp-ref}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64)  PLATFORM=linux-x64 ;;
  Linux-aarch64) PLATFORM=linux-arm64 ;;
  *) echo "setup.sh: no prebuilt node-llama-cpp CPU package for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac

for tool in npm git tar gcc; do
  command -v "$tool" >/dev/null || { echo "setup.sh: '$tool' is required" >&2; exit 1; }
done

PKG_DIR="$HOME_DIR/npm-$NLC_VERSION"
LIB_DIR="$PKG_DIR/$PLATFORM/package/bins/$PLATFORM"
SRC_GIT="$PKG_DIR/llama.cpp.git"
INC_DIR="$PKG_DIR/include"
BIN_DIR="$HOME_DIR/bin"

fetch() {  # fetch PACKAGE DEST: the registry tarball, unpacked; no install scripts run
  local pkg="$1" dest="$2" tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$pkg@$NLC_VERSION" >/dev/null)
  mkdir -p "$dest"
  tar -xzf "$tmp"/*.tgz -C "$dest"
  rm -rf "$tmp"
}

if [[ ! -d "$LIB_DIR" ]]; then
  echo "setup.sh: fetching @node-llama-cpp/$PLATFORM@$NLC_VERSION (prebuilt CPU libraries)" >&2
  rm -rf "$PKG_DIR/$PLATFORM"
  fetch "@node-llama-cpp/$PLATFORM" "$PKG_DIR/$PLATFORM"
fi
if [[ ! -d "$INC_DIR" ]]; then
  # node-llama-cpp carries the llama.cpp source it was built from as a git bundle; only the public headers
  # (include/, ggml/include/) are taken from it, to compile against.
  echo "setup.sh: fetching node-llama-cpp@$NLC_VERSION (llama.cpp headers)" >&2
  rm -rf "$PKG_DIR/node-llama-cpp" "$SRC_GIT"
  fetch node-llama-cpp "$PKG_DIR/node-llama-cpp"
  git clone --quiet --bare "$PKG_DIR/node-llama-cpp/package/llama/gitRelease.bundle" "$SRC_GIT"
  rm "$PKG_DIR/node-llama-cpp/package/llama/gitRelease.bundle"  # its content now lives in $SRC_GIT
  rm -rf "$INC_DIR.tmp" && mkdir -p "$INC_DIR.tmp"
  git --git-dir="$SRC_GIT" archive HEAD include ggml/include | tar -x -C "$INC_DIR.tmp"
  mv "$INC_DIR.tmp" "$INC_DIR"
fi

# The shared objects' names carry the release (libllama.v0.4.0.so); find them rather than hard-code.
pick() { local f; f="$(ls "$LIB_DIR"/$1 2>/dev/null | grep -v -- '-common' | head -n1)"; [[ -n "$f" ]] || { echo "setup.sh: no $1 in $LIB_DIR" >&2; exit 1; }; echo "$f"; }
LIBLLAMA="$(pick 'libllama*.so')"
LIBGGML="$(pick 'libggml.*so')"
LIBGGML_BASE="$(pick 'libggml-base*.so')"

mkdir -p "$BIN_DIR"
CFLAGS=(-O2 -std=c11 -Wall -Wextra -DLLAMACPP_LIBDIR="\"$LIB_DIR\"" -I"$INC_DIR/include" -I"$INC_DIR/ggml/include")
LDFLAGS=("$LIBGGML" "$LIBGGML_BASE" -Wl,-rpath,"$LIB_DIR" -lm -ldl)
gcc "${CFLAGS[@]}" "$HERE/matvec-bench.c" "$HERE/refcommon.c" "$HERE/refmatmul.c" -o "$BIN_DIR/matvec-bench" "${LDFLAGS[@]}"
# The same mul_mat as a library, for an in-process comparison (matvec-in-process.sh).
gcc "${CFLAGS[@]}" -fPIC -shared "$HERE/matvec-ref.c" "$HERE/refcommon.c" "$HERE/refmatmul.c" -o "$BIN_DIR/libmatvec-ref.so" "${LDFLAGS[@]}"
gcc "${CFLAGS[@]}" "$HERE/e2e-bench.c" "$HERE/refcommon.c" "$HERE/refllama.c" -o "$BIN_DIR/e2e-bench" "$LIBLLAMA" "${LDFLAGS[@]}"
for prog in quantize load-check; do
  gcc "${CFLAGS[@]}" "$HERE/$prog.c" "$HERE/refcommon.c" -o "$BIN_DIR/$prog" "$LIBLLAMA" "${LDFLAGS[@]}"
done
# The same model runs as a library, for an in-process comparison (e2e-in-process.sh).
gcc "${CFLAGS[@]}" -fPIC -shared "$HERE/e2e-ref.c" "$HERE/refcommon.c" "$HERE/refllama.c" -o "$BIN_DIR/libe2e-ref.so" "$LIBLLAMA" "${LDFLAGS[@]}"

TAG="$(sed -n 's/.*"tag": *"\([^"]*\)".*/\1/p' "$PKG_DIR/node-llama-cpp/package/llama/llama.cpp.info.json")"
echo "setup.sh: node-llama-cpp $NLC_VERSION, llama.cpp release $TAG" >&2
echo "setup.sh: libraries $LIB_DIR" >&2
echo "setup.sh: tools in $BIN_DIR: matvec-bench e2e-bench quantize load-check libmatvec-ref.so libe2e-ref.so" >&2
echo "$BIN_DIR"
