#!/usr/bin/env python3
"""Checks GreenCover's trend statistics on a long seasonal series against an independent numpy/scipy computation.

A 60-date series (monthly, 2019-01 .. 2023-12, a few months missing) of NDVI-like values: a seasonal cosine
(amplitude 0.15, peak in July), a trend of +0.03 per year, Gaussian noise (sigma 0.02, seed 7), and every tenth value
repeated from the one before plus float noise of 1e-13 (ties that must count as ties: the measured defect 8). The
server's code (greencover.core.series.Trend.of, read from target/classes through jshell, no server needed) and
reference_trends.trend (numpy + scipy) compute the classic, seasonal (Hirsch, Slack & Smith 1982) and Hamed-Rao tests;
the script prints both and the largest difference.

    ./mvnw -q -o compile && python3 bench/trend/seasonal_check.py

Debian: apt-get install -y python3-scipy (and a JDK with jshell).
"""
import os
import subprocess
import sys
import tempfile
from datetime import date

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_trends import trend  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def series():
    rng = np.random.default_rng(7)
    dates, y = [], []
    for year in range(2019, 2024):
        for month in range(1, 13):
            if (year * 12 + month) % 17 == 0:
                continue  # a missing month now and then
            d = date(year, month, 15)
            t = (d - date(2019, 1, 15)).days / 365.25
            v = 0.45 + 0.03 * t + 0.15 * np.cos(2 * np.pi * (month - 7) / 12) + rng.normal(0, 0.02)
            if len(y) % 10 == 9:
                v = y[-1] + 1e-13  # a tie split by float noise
            dates.append(d)
            y.append(float(v))
    return dates, y


def served(dates, y):
    java_dates = ", ".join(f'LocalDate.parse("{d}")' for d in dates)
    java_y = ", ".join(repr(v) for v in y)
    script = f"""import greencover.core.series.*;
import java.time.LocalDate;
import java.util.List;
List<LocalDate> d = List.of({java_dates});
double[] y = {{{java_y}}};
for (TrendTestKind k : TrendTestKind.values()) {{ Trend t = Trend.of("mean", d, y, k); System.out.println(k.key() + " " + t.slopePerYear() + " " + t.slopeLowerPerYear() + " " + t.slopeUpperPerYear() + " " + t.mannKendallZ() + " " + t.mannKendallP() + " " + t.n()); }}
/exit
"""
    with tempfile.NamedTemporaryFile("w", suffix=".jsh", delete=False) as f:
        f.write(script)
    out = subprocess.run(["jshell", "--class-path", os.path.join(ROOT, "target", "classes"), "-q", f.name],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(f.name)
    result = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 7:
            keys = ["slopePerYear", "slopeLowerPerYear", "slopeUpperPerYear", "mannKendallZ", "mannKendallP", "n"]
            result[parts[0]] = dict(zip(keys, map(float, parts[1:])))
    return result


def main():
    dates, y = series()
    java = served(dates, y)
    worst = 0.0
    print(f"{len(y)} values, {dates[0]} .. {dates[-1]}")
    for test in ("mk", "seasonal-mk", "hamed-rao"):
        ref = trend(dates, y, test)
        print(f"-- {test}")
        for k, v in ref.items():
            s = java[test][k]
            diff = abs(s - v)
            worst = max(worst, diff)
            print(f"   {k:18s} java {s:<24.12g} reference {v:<24.12g} |diff| {diff:.3g}")
    print(f"largest difference {worst:.3g}")
    return 0 if worst < 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
