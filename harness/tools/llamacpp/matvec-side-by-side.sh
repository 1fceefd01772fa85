#!/usr/bin/env bash
# matvec-side-by-side.sh [--types q4_0,q8_0,q4_K,q6_K] [--threads 1,2] [--rows 4096] [--cols 4096] [--rounds 6]
#
# The matrix-vector kernels of Chord (`chord bench matvec`: the kernel automatic selection picks, JMH, one fork)
# and of llama.cpp (`matvec-bench --buft cpu`: its plain CPU path) on the same shape, alternating: each round
# runs Chord, then llama.cpp, for every type and thread count. Prints one JSON line per measurement, then per
# type and thread count the ratio Chord / llama.cpp of the median times of every round, their median with a 95%
# interval (ratios.py; from six rounds), and for one thread at 4096x4096 a verdict against issue 4's bar (1.5 or
# less); with threads 1 and 2, also Chord's speedup of two threads over one per round (bar: 1.8 or more).
# Needs python3 and the tools from setup.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
bin="${CHORD_LLAMACPP_HOME:-$HOME/.cache/chord/llamacpp-ref}/bin"

usage() { sed -n '2p' "$0" | sed 's/^# //' >&2; exit 2; }
types=q4_0,q8_0,q4_K,q6_K; threads=1,2; rows=4096; cols=4096; rounds=6
while [ $# -gt 0 ]; do
  case "$1" in
    --types) types="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    --cols) cols="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "matvec-side-by-side.sh: unknown option $1" >&2; usage ;;
  esac
done
[ -x "$bin/matvec-bench" ] || { echo "matvec-side-by-side.sh: $bin/matvec-bench is missing; run $here/setup.sh first" >&2; exit 2; }
command -v python3 >/dev/null || { echo "matvec-side-by-side.sh: needs python3" >&2; exit 2; }

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
for r in $(seq "$rounds"); do
  for type in ${types//,/ }; do
    for t in ${threads//,/ }; do
      (cd "$root" && ./chord bench matvec --format "$type" --rows "$rows" --cols "$cols" --threads "$t" --json) \
        | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({"engine":"chord","round":int(sys.argv[1]),"type":d["format"],"threads":d["threads"],"kernel":d["kernel"],"median_ns":d["median_ns"]}))' "$r" \
        | tee -a "$results"
      "$bin/matvec-bench" --types "$type" --threads "$t" --rows "$rows" --cols "$cols" --buft cpu 2>/dev/null \
        | python3 -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    if "median_ns" in d:
        print(json.dumps({"engine": "llama.cpp", "round": int(sys.argv[1]), "type": sys.argv[2], "threads": int(sys.argv[3]),
                          "median_ns": d["median_ns"], "min_ns": d["min_ns"]}))' "$r" "$type" "$t" | tee -a "$results"
    done
  done
done

python3 - "$results" "$rows" "$cols" "$here" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[4])
from ratios import matvec_report
r, c = int(sys.argv[2]), int(sys.argv[3])
rows = [json.loads(l) for l in open(sys.argv[1])]
print("\n".join(matvec_report(rows, "median_ns", (r, c), f"Chord / llama.cpp (plain CPU buffers), time ratio per round at {r}x{c}, their median and its 95% interval", llamacpp_speedup=False)))
PY
