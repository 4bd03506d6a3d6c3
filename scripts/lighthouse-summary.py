#!/usr/bin/env python3
"""Prints one line per Lighthouse report (JSON, as `lighthouse --output=json` writes it):
the performance score and the three figures issue 12 names, each marked against its target
(score >= 90, Largest Contentful Paint <= 2.5 s, Total Blocking Time <= 200 ms, Cumulative
Layout Shift <= 0.1)."""
import json
import sys

TARGETS = [
    ("score", "performance", lambda v: v >= 90, "{:.0f}"),
    ("LCP", "largest-contentful-paint", lambda v: v <= 2500, "{:.0f} ms"),
    ("TBT", "total-blocking-time", lambda v: v <= 200, "{:.0f} ms"),
    ("CLS", "cumulative-layout-shift", lambda v: v <= 0.1, "{:.3f}"),
]

print("Lighthouse, mobile preset (simulated slow 4G, 4x CPU slowdown), performance only:")
for path in sys.argv[1:]:
    with open(path) as f:
        report = json.load(f)
    if report.get("runtimeError"):
        print(f"  {report.get('requestedUrl', path)}: {report['runtimeError'].get('message')}")
        continue
    cells = []
    for label, key, ok, fmt in TARGETS:
        if key == "performance":
            score = report["categories"]["performance"]["score"]
            value = None if score is None else score * 100
        else:
            value = report["audits"][key].get("numericValue")
        text = "n/a" if value is None else fmt.format(value) + ("" if ok(value) else " (misses target)")
        cells.append(f"{label} {text}")
    url = report.get("finalDisplayedUrl") or report.get("requestedUrl")
    print(f"  {url:<40} " + "  ".join(cells))
