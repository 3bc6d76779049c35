#!/usr/bin/env python3
"""Independent reference for GreenCover's trend block (numpy + scipy; not part of the Maven test run).

Recomputes, from a served series, the Mann-Kendall test (classic, seasonal over calendar months after Hirsch,
Slack & Smith 1982, or Hamed & Rao 1998), the Theil-Sen slope per year and Sen's 95 % interval, and prints them
beside the served values.

    python3 bench/trend/reference_trends.py 'http://localhost:8080/api/v1/sites/zijinshan-dump/timeseries?trendTest=seasonal-mk'
    python3 bench/trend/reference_trends.py series.json          # a saved response

The tie rule is the server's: values within a relative 1e-9 are ties. Without it numpy splits ties by float noise
(e.g. area metrics, or y - slope*i in the Hamed-Rao detrending). scipy.stats.theilslopes is used for the classic
slope and interval (its variance counts ties in x, which a series of distinct dates has none of; the server uses the
tie-corrected variance of y, so a series with tied values may differ there).
Debian: apt-get install -y python3-scipy.
"""
import json
import sys
import urllib.request
from datetime import date

import numpy as np
from scipy import stats

Z975 = stats.norm.ppf(0.975)


def snap(v):
    """Tied values (relative 1e-9 of the larger magnitude, chained in sorted order) take their group's smallest."""
    v = np.asarray(v, float)
    order = np.argsort(v, kind="stable")
    out = v.copy()
    group = prev = None
    for i in order:
        x = v[i]
        if prev is None or abs(x - prev) > 1e-9 * max(abs(x), abs(prev)):
            group = x
        out[i] = group
        prev = x
    return out


def s_and_var(y):
    n = len(y)
    s = sum(np.sign(y[j] - y[i]) for i in range(n) for j in range(i + 1, n))
    _, t = np.unique(y, return_counts=True)
    return s, (n * (n - 1) * (2 * n + 5) - np.sum(t * (t - 1) * (2 * t + 5))) / 18.0


def z_of(s, var):
    if var <= 0:
        return 0.0 if s == 0 else float("nan")
    return (s - np.sign(s)) / np.sqrt(var)


def sen_interval(slopes, var):
    slopes = np.sort(slopes)
    m = len(slopes)
    c = Z975 * np.sqrt(var)
    lo = int(np.rint((m - c) / 2)) - 1
    hi = int(np.rint((m + c) / 2))
    return slopes[min(max(lo, 0), m - 1)], slopes[min(max(hi, 0), m - 1)]


def trend(dates, y, test):
    y = snap(y)
    t = np.array([(d - dates[0]).days / 365.25 for d in dates])
    month = np.array([d.month for d in dates])
    n = len(y)
    if test == "seasonal-mk":
        s = var = 0.0
        slopes = []
        for g in np.unique(month):
            sel = month == g
            sg, vg = s_and_var(y[sel])
            s, var = s + sg, var + vg
            tg, yg = t[sel], y[sel]
            slopes += [(yg[j] - yg[i]) / (tg[j] - tg[i]) for i in range(len(yg)) for j in range(i + 1, len(yg)) if tg[j] != tg[i]]
        slope = float(np.median(slopes))
        lo, hi = sen_interval(slopes, var)
    else:
        s, var = s_and_var(y)
        if test == "hamed-rao":
            idx = np.arange(1, n + 1)
            beta = stats.theilslopes(y, idx).slope
            r = stats.rankdata(snap(y - beta * idx))
            d = r - r.mean()
            c0 = np.sum(d * d)
            total = 0.0
            for k in range(1, n - 2):
                rho = np.sum(d[:-k] * d[k:]) / c0
                if abs(rho) > Z975 / np.sqrt(n):
                    total += (n - k) * (n - k - 1) * (n - k - 2) * rho
            var *= 1 + 2 * total / (n * (n - 1) * (n - 2))
        slopes = [(y[j] - y[i]) / (t[j] - t[i]) for i in range(n) for j in range(i + 1, n) if t[j] != t[i]]
        slope = float(np.median(slopes))
        lo, hi = sen_interval(slopes, var)
        if test == "mk":
            ref = stats.theilslopes(y, t, 0.95)  # cross-check of the classic slope and interval
            print(f"scipy theilslopes: slope {ref.slope:.9g} [{ref.low_slope:.9g}, {ref.high_slope:.9g}]")
    z = z_of(s, var)
    return {"slopePerYear": slope, "slopeLowerPerYear": lo, "slopeUpperPerYear": hi, "mannKendallZ": z,
            "mannKendallP": 2 * stats.norm.sf(abs(z)), "n": n}


def main():
    src = sys.argv[1]
    if src.startswith("http"):
        with urllib.request.urlopen(src) as r:
            ts = json.load(r)
    else:
        with open(src) as f:
            ts = json.load(f)
    metric = ts["trend"]["metric"]
    pts = [p for p in ts["points"] if p["quality"] == "ok" and p.get(metric) is not None]
    dates = [date.fromisoformat(p["date"]) for p in pts]
    y = [p[metric] for p in pts]
    ref = trend(dates, y, ts["trend"].get("test", "mk"))
    worst = 0.0
    for k, v in ref.items():
        served = ts["trend"].get(k)
        diff = abs(served - v) if served is not None and np.isfinite(v) else float("nan")
        if np.isfinite(diff):
            worst = max(worst, diff)
        print(f"{k:18s} served {served!s:>24s}  reference {v:.12g}  |diff| {diff:.3g}")
    print(f"largest difference {worst:.3g}")


if __name__ == "__main__":
    main()
