#!/usr/bin/env bash
# e2e-in-process.sh MODEL.gguf [--threads 1,2] [--rounds 12] [--pp 64] [--tg 32] [--depth 0] [--kernel auto] [--default-bufts]
#
# Chord's forward pass and llama.cpp's (libllama through libe2e-ref.so, its plain CPU path unless
# --default-bufts) on the same model in ONE process (InProcessE2e.java), alternating run by run: each round
# times, for every thread count, one prompt run and one decode run of each engine (llama-bench's method), in
# an order that rotates from round to round. Prints one JSON line per engine, test and round, then per thread
# count the ratio Chord / llama.cpp of tokens/s in every round, its median with a 95% interval (ratios.py) and a
# verdict against issue 5's bars (decode at least 0.8, prompt at least 0.5).
#
# Against side-by-side.sh (separate processes, a minute or more apart): the engines of a round run seconds
# apart, so the VM's slow spells, which last about a minute, fall on both. The rounds of one run are not
# independent draws of the machine's state, so the interval describes that run.
# Needs python3 and the libraries from setup.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
bin="${CHORD_LLAMACPP_HOME:-$HOME/.cache/chord/llamacpp-ref}/bin"

usage() { sed -n '2p' "$0" | sed 's/^# //' >&2; exit 2; }
args=(); model=""
while [ $# -gt 0 ]; do
  case "$1" in
    --threads|--rounds|--pp|--tg|--depth|--kernel) [ $# -ge 2 ] || usage; args+=("$1" "$2"); shift 2 ;;
    --default-bufts) args+=("$1"); shift ;;
    -*) echo "e2e-in-process.sh: unknown option $1" >&2; usage ;;
    *) [ -z "$model" ] || usage; model="$1"; shift ;;
  esac
done
[ -n "$model" ] || usage
[ -f "$model" ] || { echo "e2e-in-process.sh: no such model file: $model" >&2; exit 2; }
[ -f "$bin/libe2e-ref.so" ] || { echo "e2e-in-process.sh: $bin/libe2e-ref.so is missing; run $here/setup.sh first" >&2; exit 2; }
command -v python3 >/dev/null || { echo "e2e-in-process.sh: needs python3" >&2; exit 2; }
"$root/chord" --version >/dev/null  # builds harness/target/chord.jar when it is missing or stale
. "$root/.mvn/find-jdk.sh"

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
# The flags of the chord launcher (see ./chord), so Chord runs as `chord bench e2e` does.
"$CHORD_JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -XX:MaxNewSize=128m \
    -cp "$root/harness/target/chord.jar" "$here/InProcessE2e.java" --lib "$bin/libe2e-ref.so" "$model" "${args[@]}" \
    2> >(grep -v '^WARNING: Using incubator modules' >&2) | tee "$results"

python3 - "$results" "$here" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[2])
from ratios import summary
rows = [json.loads(l) for l in open(sys.argv[1])]
ts = {(r["engine"], r["threads"], r["test"], r["round"]): r["t_s"] for r in rows}
threads = sorted({r["threads"] for r in rows})
tests = list(dict.fromkeys(r["test"] for r in rows))
rounds = sorted({r["round"] for r in rows})
print(f"In one process, Chord / llama.cpp tokens/s in each round on {rows[0]['model']}, the median and its 95% interval:")
for t in threads:
    for test in tests:
        ratios = [ts[("chord", t, test, i)] / ts[("llama.cpp", t, test, i)] for i in rounds]
        bar = 0.5 if test.startswith("pp") else 0.8
        print(summary(f"threads {t} {test}", ratios, bar))
PY
