"""Summary of per-round Chord / llama.cpp ratios for the side-by-side scripts.

Each round of a side-by-side script measures both engines within a minute or two, so one round gives one ratio;
rounds are independent draws of the machine's state. The summary is the median ratio with a distribution-free
95% confidence interval for it (order statistics: the interval between the k-th smallest and the k-th largest
ratio, k the largest rank for which a Binomial(n, 1/2) variable falls below k with probability at most 2.5%,
so no assumption about the ratios' distribution), and a verdict against a bar:

  met           the whole interval is on the good side of the bar
  not met       the whole interval is on the bad side
  inconclusive  the interval straddles the bar (more rounds may settle it)

Fewer than six rounds cannot give a 95% interval by this method (two-sided, 0.5^5 * 2 > 5%); the verdict is then
"too few rounds".
"""
import math
import statistics


def median_interval(values, confidence=0.95):
    """(low, high) for the median of values, or None when there are too few values for the confidence."""
    xs = sorted(values)
    n = len(xs)
    tail = (1.0 - confidence) / 2.0
    k = 0
    cumulative = 0.0
    # the largest k with P(Binomial(n, 1/2) <= k - 1) <= tail
    for i in range(n + 1):
        cumulative += math.comb(n, i) / 2.0 ** n
        if cumulative > tail:
            break
        k = i + 1
    if k < 1:
        return None
    return xs[k - 1], xs[n - k]


def verdict(values, bar, higher_is_better):
    """'met', 'not met', 'inconclusive' or 'too few rounds' for the median of values against bar."""
    return _verdict(median_interval(values), bar, higher_is_better)


def _verdict(ci, bar, higher_is_better):
    if ci is None:
        return "too few rounds"
    low, high = ci
    if higher_is_better:
        return "met" if low >= bar else "not met" if high < bar else "inconclusive"
    return "met" if high <= bar else "not met" if low > bar else "inconclusive"


def summary(label, values, bar=None, higher_is_better=True):
    """One line: the ratios, their median, its 95% interval and, given a bar, the verdict."""
    line = f"  {label}: " + " ".join(f"{x:.2f}" for x in values) + f"  median {statistics.median(values):.2f}"
    ci = median_interval(values)
    if ci is not None:
        line += f" [95% CI {ci[0]:.2f}-{ci[1]:.2f}]"
    if bar is not None:
        sign = ">=" if higher_is_better else "<="
        line += f"  bar {sign} {bar:g}: {_verdict(ci, bar, higher_is_better)}"
    return line


def matvec_report(rows, time_field, shape, heading, llamacpp_speedup=False):
    """The matvec scripts' summary lines from their JSON rows (engine, type, threads, round, time_field, and for
    Chord's rows optionally kernel, when several kernels ran): per type, Chord kernel and thread count the ratio
    Chord / llama.cpp of the round's times, with issue 4's bar (at most 1.5) at one thread when shape is
    4096x4096; then each Chord kernel's speedup of two threads over one per round (bar, at that shape: at least 1.8), and
    llama.cpp's for reference when llamacpp_speedup."""
    issue_shape = shape == (4096, 4096)
    lines = [heading + ("; the bar is issue 4's (one thread, at most 1.5):" if issue_shape else ":")]

    def engine(r):
        """Chord's rows are told apart by kernel; llama.cpp is one engine."""
        return ("chord", r.get("kernel")) if r["engine"] == "chord" else ("llama.cpp", None)

    ns = {(engine(r), r["type"], r["threads"], r["round"]): r[time_field] for r in rows}
    rounds = sorted({r["round"] for r in rows})
    threads = sorted({r["threads"] for r in rows})

    def per_round(num, den):
        """num/den for every round that measured both; num and den are (engine, type, threads)."""
        return [ns[num + (k,)] / ns[den + (k,)] for k in rounds if num + (k,) in ns and den + (k,) in ns]

    types = list(dict.fromkeys(r["type"] for r in rows))
    llama = ("llama.cpp", None)
    for typ in types:
        chords = list(dict.fromkeys(engine(r) for r in rows if r["type"] == typ and r["engine"] == "chord"))
        for chord in chords:
            label = f"{typ} ({chord[1]})" if chord[1] else typ
            for t in threads:
                ratios = per_round((chord, typ, t), (llama, typ, t))
                if ratios:
                    bar = 1.5 if issue_shape and t == 1 else None
                    lines.append(summary(f"{label} threads {t}", ratios, bar, higher_is_better=False))
    for typ in types:
        chords = list(dict.fromkeys(engine(r) for r in rows if r["type"] == typ and r["engine"] == "chord"))
        for e in chords + ([llama] if llamacpp_speedup else []):
            speedups = per_round((e, typ, 1), (e, typ, 2))
            if speedups:
                name = ("Chord " + e[1] if e[1] else "Chord") if e[0] == "chord" else "llama.cpp"
                lines.append(summary(f"{typ} {name} two threads against one (speedup)", speedups,
                                     1.8 if e[0] == "chord" and issue_shape else None))
    return lines


if __name__ == "__main__":
    # self-check: with 6 values the interval is the extremes (k = 1), with 12 it is the 3rd to the 10th
    assert median_interval([1, 2, 3, 4, 5]) is None
    assert median_interval([1, 2, 3, 4, 5, 6]) == (1, 6)
    assert median_interval(list(range(1, 13))) == (3, 10)
    assert median_interval(list(range(1, 21))) == (6, 15)
    assert verdict([0.9] * 6, 0.8, True) == "met"
    assert verdict([0.7] * 6, 0.8, True) == "not met"
    assert verdict([0.7, 0.9, 0.9, 0.9, 0.9, 0.9], 0.8, True) == "inconclusive"
    assert verdict([1.2] * 6, 1.5, False) == "met"
    rows = [{"engine": e, "type": "q4_0", "threads": t, "round": k, "ns": (1.2 if e == "chord" else 1.0) / t}
            for e in ("chord", "llama.cpp") for t in (1, 2) for k in range(6)]
    report = matvec_report(rows, "ns", (4096, 4096), "self-check")
    assert report[1].endswith("bar <= 1.5: met") and "q4_0 threads 1" in report[1], report
    assert report[3].endswith("bar >= 1.8: met") and "Chord two threads" in report[3], report
    small = matvec_report(rows, "ns", (256, 512), "self-check")
    assert not any("bar" in line for line in small), small
    print("ratios.py: ok")
