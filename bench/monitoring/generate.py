#!/usr/bin/env python3
"""Write the benchmark's observations: 20 indicators x 26 Kreise x 192 months = 99,840 rows.

Usage: generate.py CONTENT_DIR OUT.csv
Indicators are the first 20 of CONTENT_DIR/indicators/*.toml (by file name), the Kreise every
region with a `grid` in CONTENT_DIR/regions.toml, the months 2010-01 to 2025-12. Values are
deterministic and stay within 0 to 100, so they suit shares and counts alike.
"""
import pathlib, sys, tomllib

content, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
slugs = sorted(p.stem for p in (content / "indicators").glob("*.toml"))[:20]
regions = tomllib.loads((content / "regions.toml").read_text())["region"]
kreise = [r["key"] for r in regions if "grid" in r]
assert len(slugs) == 20 and len(kreise) == 26, (len(slugs), len(kreise))
with out.open("w", encoding="utf-8") as f:
    f.write("indicator,period,value,region,source,note\n")
    for i, slug in enumerate(slugs):
        for k, key in enumerate(kreise):
            for m in range(192):
                year, month = 2010 + m // 12, m % 12 + 1
                value = round((i * 7 + k * 3 + m * 0.37) % 100, 2)
                f.write(f"{slug},{year}-{month:02d},{value},{key},Benchmark,\n")
