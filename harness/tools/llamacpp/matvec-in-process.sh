#!/usr/bin/env bash
# matvec-in-process.sh [--types q4_0,q8_0,q4_K,q6_K] [--threads 1,2] [--rows 4096] [--cols 4096] [--rounds 30] [--slice-ms 100] [--kernel auto|NAME[,NAME...]] [--buft cpu|auto]
#
# Chord's matrix-vector kernel (the one automatic selection picks, or each of --kernel's) and llama.cpp's (ggml's CPU
# mul_mat from libmatvec-ref.so, plain CPU buffers unless --buft auto) in ONE process, alternating slice by
# slice (InProcessMatvec.java): each round runs every engine and thread count for --slice-ms, in an order that
# rotates from round to round, on the same quantized bytes and activation. Prints one JSON line per engine and
# round, then per type and thread count the ratio Chord / llama.cpp of the time per call in every round, its
# median with a 95% interval (ratios.py), a verdict against issue 4's bar at one thread and 4096x4096 (1.5 or
# less), and with threads 1 and 2 each engine's speedup of two threads over one (Chord's bar: 1.8 or more).
#
# Against matvec-side-by-side.sh (separate processes, a minute or two apart): the engines of a round are
# measured within a second of each other, so the VM's slow spells, which last about a minute, hit both. The
# rounds of one run are not independent draws of the machine's state, though; the interval describes this run.
# Needs python3 and the libraries from setup.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
bin="${CHORD_LLAMACPP_HOME:-$HOME/.cache/chord/llamacpp-ref}/bin"

usage() { sed -n '2p' "$0" | sed 's/^# //' >&2; exit 2; }
args=(); rows=4096; cols=4096
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; args+=("$1" "$2"); shift 2 ;;
    --cols) cols="$2"; args+=("$1" "$2"); shift 2 ;;
    --types|--threads|--rounds|--slice-ms|--kernel|--buft) [ $# -ge 2 ] || usage; args+=("$1" "$2"); shift 2 ;;
    *) echo "matvec-in-process.sh: unknown option $1" >&2; usage ;;
  esac
done
[ -f "$bin/libmatvec-ref.so" ] || { echo "matvec-in-process.sh: $bin/libmatvec-ref.so is missing; run $here/setup.sh first" >&2; exit 2; }
command -v python3 >/dev/null || { echo "matvec-in-process.sh: needs python3" >&2; exit 2; }
"$root/chord" --version >/dev/null  # builds harness/target/chord.jar when it is missing or stale
. "$root/.mvn/find-jdk.sh"

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
"$CHORD_JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC \
    -cp "$root/harness/target/chord.jar" "$here/InProcessMatvec.java" --lib "$bin/libmatvec-ref.so" "${args[@]}" \
    2> >(grep -v '^WARNING: Using incubator modules' >&2) | tee "$results"

python3 - "$results" "$rows" "$cols" "$here" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[4])
from ratios import matvec_report
r, c = int(sys.argv[2]), int(sys.argv[3])
rows = [json.loads(l) for l in open(sys.argv[1])]
print("\n".join(matvec_report(rows, "ns_per_call", (r, c), f"In one process, Chord / llama.cpp time per call in each round at {r}x{c}, the median and its 95% interval", llamacpp_speedup=True)))
PY
