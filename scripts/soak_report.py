#!/usr/bin/env python3
"""Summarises a soak run (scripts/soak.sh): OUT WARMUP_SECS [PLOTS_DIR]

Reads OUT/soak.json (the generator's report with its per-second series), OUT/peak.json and
OUT/samples.txt (hssd's RSS and gauges every few seconds). Prints the summary, writes it to
OUT/summary.json and, with PLOTS_DIR, draws PLOTS_DIR/soak-rss.svg and soak-p99.svg (plain
SVG, no plotting package needed).

Verdicts: RSS flat after the warm-up (the last tenth's mean within 5 % of the first tenth's,
and the fitted slope under 1 % of the mean per hour), no growing queue (the slow-lane and
hand-off queues' last-tenth mean no higher than 2 x their first tenth's plus 16), no error
answer and no timeout.
"""

import json
import os
import sys


def mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


def slope(points):
    """Least-squares slope of (x, y)."""
    n = len(points)
    if n < 2:
        return 0.0
    mx, my = mean([p[0] for p in points]), mean([p[1] for p in points])
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0


def svg(path, title, ylabel, series, ymax=None):
    """A line chart: series is [(label, colour, [(x_secs, y)])]."""
    w, h, left, bottom, top, right = 900, 360, 70, 40, 30, 20
    xs = [x for _, _, pts in series for x, _ in pts]
    ys = [y for _, _, pts in series for _, y in pts]
    if not xs:
        return
    x0, x1 = min(xs), max(xs) or 1
    y1 = ymax or (max(ys) * 1.1 or 1)
    sx = lambda x: left + (x - x0) / max(x1 - x0, 1) * (w - left - right)
    sy = lambda y: h - bottom - min(y, y1) / y1 * (h - bottom - top)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{w / 2}" y="18" text-anchor="middle" font-size="14">{title}</text>',
           f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="black"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="black"/>']
    for i in range(6):
        y = y1 * i / 5
        out.append(f'<text x="{left - 6}" y="{sy(y) + 4:.1f}" text-anchor="end">{y:,.0f}</text>')
        out.append(f'<line x1="{left}" y1="{sy(y):.1f}" x2="{w - right}" y2="{sy(y):.1f}" stroke="#ddd"/>')
    for i in range(7):
        x = x0 + (x1 - x0) * i / 6
        out.append(f'<text x="{sx(x):.1f}" y="{h - bottom + 16}" text-anchor="middle">{(x - x0) / 60:.0f} min</text>')
    out.append(f'<text x="14" y="{h / 2}" transform="rotate(-90 14 {h / 2})" text-anchor="middle">{ylabel}</text>')
    for n, (label, colour, pts) in enumerate(series):
        d = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts)
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.2" points="{d}"/>')
        out.append(f'<text x="{w - right - 4}" y="{top + 14 + 14 * n}" text-anchor="end" fill="{colour}">{label}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    out, warmup = sys.argv[1], int(sys.argv[2])
    plots = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
    soak = json.load(open(os.path.join(out, "soak.json")))
    peak = json.load(open(os.path.join(out, "peak.json")))
    lines = open(os.path.join(out, "samples.txt")).read().split("\n")
    names = lines[0].split()
    samples = [dict(zip(names, map(int, l.split()))) for l in lines[1:] if l.strip()]
    t0 = samples[0]["time"] if samples else 0
    series = soak.get("series", [])

    after = [s for s in samples if s["time"] - t0 >= warmup]
    tenth = max(1, len(after) // 10)
    rss_first = mean([s["rss_kb"] for s in after[:tenth]])
    rss_last = mean([s["rss_kb"] for s in after[-tenth:]])
    rss_slope_per_hour = slope([(s["time"] - t0, s["rss_kb"]) for s in after]) * 3600
    rss_flat = (abs(rss_last - rss_first) <= 0.05 * max(rss_first, 1)
                and abs(rss_slope_per_hour) <= 0.01 * max(mean([s["rss_kb"] for s in after]), 1))

    def growing(name):
        first = mean([s[name] for s in after[:tenth]])
        last = mean([s[name] for s in after[-tenth:]])
        return last > 2 * first + 16, first, last

    queues = {q: growing(q) for q in ("hss_slow_lane_queue_depth", "hss_handoff_queue_depth")}
    errors = sum(e["count"] for e in soak.get("errors", []))
    timeouts = soak.get("timeouts", 0)
    p99s = [x["p99_us"] for x in series if x["answers"]]
    per_minute = []
    for m in range(0, len(series), 60):
        chunk = sorted(x["p99_us"] for x in series[m:m + 60] if x["answers"])
        if chunk:
            per_minute.append((m // 60, chunk[len(chunk) // 2], chunk[-1]))
    summary = {
        "peak_per_sec": round(peak["throughput_per_sec"]),
        "soak_rate_per_sec": soak["settings"].get("rate_per_sec"),
        "soak_secs": round(soak.get("elapsed_secs", 0)),
        "answers": soak.get("answers"),
        "throughput_per_sec": round(soak.get("throughput_per_sec", 0)),
        "latency_us": soak.get("latency_us"),
        "error_answers": errors,
        "timeouts": timeouts,
        "rss_kb_after_warmup_first_tenth": round(rss_first),
        "rss_kb_last_tenth": round(rss_last),
        "rss_slope_kb_per_hour": round(rss_slope_per_hour),
        "rss_flat": rss_flat,
        "queues": {q: {"growing": g, "first_tenth_mean": round(f, 1), "last_tenth_mean": round(l, 1)}
                   for q, (g, f, l) in queues.items()},
        "cache_evictions": samples[-1].get("hss_cache_evictions_total") if samples else None,
        "slow_lane_shed": samples[-1].get("hss_slow_lane_shed_total") if samples else None,
        "panics": samples[-1].get("hss_panics_total") if samples else None,
        "p99_us_per_second_median": sorted(p99s)[len(p99s) // 2] if p99s else None,
        "p99_us_per_second_max": max(p99s) if p99s else None,
        "p99_us_per_minute_median_and_max": per_minute,
    }
    summary["passed"] = (rss_flat and not any(g for g, _, _ in queues.values())
                         and errors == 0 and timeouts == 0)
    json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=1)
    print(json.dumps({k: v for k, v in summary.items() if k != "p99_us_per_minute_median_and_max"}, indent=1))
    if plots:
        os.makedirs(plots, exist_ok=True)
        svg(os.path.join(plots, "soak-rss.svg"), "hssd resident memory during the soak", "VmRSS (MiB)",
            [("VmRSS", "#1f77b4", [(s["time"], s["rss_kb"] / 1024) for s in samples])])
        svg(os.path.join(plots, "soak-p99.svg"), "p99 latency per second during the soak", "p99 (µs)",
            [("p99 of each second", "#d62728", [(x["second"], x["p99_us"]) for x in series if x["answers"]]),
             ("median p99 of each minute", "#2ca02c", [(m * 60 + 30, med) for m, med, _ in per_minute])])


if __name__ == "__main__":
    main()
