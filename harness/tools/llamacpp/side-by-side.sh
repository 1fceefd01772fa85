#!/usr/bin/env bash
# side-by-side.sh MODEL.gguf [--threads 1,2] [--rounds 6] [--pp 64] [--tg 32] [--depth 0] [--reps 3] [--default-bufts]
#
# Chord's `bench e2e` and llama.cpp's e2e-bench on the same model, alternating: each round runs Chord, then
# llama.cpp, for every thread count. On a machine whose speed drifts (a shared VM), figures taken minutes apart
# are not comparable; alternating rounds are. Prints one line per round and engine, then per thread count the
# ratio Chord / llama.cpp of every round, their median with a 95% interval (ratios.py; from six rounds) and a
# verdict against issue 5's bars (decode tg >= 0.8, prompt pp >= 0.5), for prompt and decode tokens/s.
#
# llama.cpp runs its plain CPU path (`--no-extra-bufts`: weights in ordinary buffers, ggml's AVX-512/AVX2
# vec_dot kernels) unless --default-bufts is given (AMX/repacked buffers where the CPU has them).
# Needs python3 (to read the JSON lines) and the tools from setup.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
bin="${CHORD_LLAMACPP_HOME:-$HOME/.cache/chord/llamacpp-ref}/bin"

usage() { sed -n '2,3p' "$0" | sed 's/^# //' >&2; exit 2; }
[ $# -ge 1 ] || usage
model="$1"; shift
threads=1,2; rounds=6; pp=64; tg=32; depth=0; reps=3; bufts=--no-extra-bufts
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --pp) pp="$2"; shift 2 ;;
    --tg) tg="$2"; shift 2 ;;
    --depth) depth="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --default-bufts) bufts=""; shift ;;
    *) echo "side-by-side.sh: unknown option $1" >&2; usage ;;
  esac
done
[ -f "$model" ] || { echo "side-by-side.sh: no such model file: $model" >&2; exit 2; }
[ -x "$bin/e2e-bench" ] || { echo "side-by-side.sh: $bin/e2e-bench is missing; run $here/setup.sh first" >&2; exit 2; }
command -v python3 >/dev/null || { echo "side-by-side.sh: needs python3" >&2; exit 2; }
model="$(cd "$(dirname "$model")" && pwd)/$(basename "$model")"

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
for r in $(seq "$rounds"); do
  for t in ${threads//,/ }; do
    (cd "$root" && ./chord bench e2e "$model" --threads "$t" --prompt-tokens "$pp" --gen-tokens "$tg" --depth "$depth" --reps "$reps" --json) \
      | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({"engine":"chord","round":int(sys.argv[1]),"threads":int(sys.argv[2]),"pp":d["prompt_tok_per_s"],"tg":d["decode_tok_per_s"]}))' "$r" "$t" \
      | tee -a "$results"
    # shellcheck disable=SC2086 # $bufts is empty or one flag
    "$bin/e2e-bench" --pp "$pp" --tg "$tg" --depth "$depth" --threads "$t" --reps "$reps" $bufts "$model" \
      | python3 -c '
import json, sys
out = {"engine": "llama.cpp", "round": int(sys.argv[1]), "threads": int(sys.argv[2])}
for line in sys.stdin:
    d = json.loads(line)
    if "test" in d:
        out["pp" if d["test"].startswith("pp") else "tg"] = d["avg_ts"]
print(json.dumps(out))' "$r" "$t" | tee -a "$results"
  done
done

python3 - "$results" "$bufts" "$here" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[3])
from ratios import summary
rows = [json.loads(l) for l in open(sys.argv[1])]
path = "plain CPU buffers" if sys.argv[2] else "default buffers"
print(f"Chord / llama.cpp ({path}), tokens/s ratio per round, their median and its 95% interval; the bars are"
      " issue 5's (decode >= 0.8, prompt >= 0.5):")
for t in sorted({r["threads"] for r in rows}):
    for test, bar in (("pp", 0.5), ("tg", 0.8)):
        ratios = []
        for rnd in sorted({r["round"] for r in rows}):
            c = [r for r in rows if r["engine"] == "chord" and r["threads"] == t and r["round"] == rnd]
            l = [r for r in rows if r["engine"] == "llama.cpp" and r["threads"] == t and r["round"] == rnd]
            if c and l and l[0].get(test):
                ratios.append(c[0][test] / l[0][test])
        if ratios:
            print(summary(f"threads {t} {test}", ratios, bar, higher_is_better=True))
PY
