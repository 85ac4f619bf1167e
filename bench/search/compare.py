#!/usr/bin/env python3
"""Prints one Markdown table comparing the result files of eval_api.py and fts5_baseline.py.

Rows: one per system in the files (fahrplan first, then fts5-unicode61, fts5-trigram, then any
others; a mode other than whole laws is shown in brackets). Columns: MRR@10 overall and per
category, S@10 overall, p50 and p99 latency in ms.

Note on latency: fahrplan's figures are client-side HTTP round trips (eval_api.py), the FTS5
figures are in-process query times (fts5_baseline.py); the server's own took_ms is listed below
the table when present.

Usage:
  python3 bench/search/compare.py          # bench/out/search-fahrplan.json bench/out/search-fts5.json
  python3 bench/search/compare.py a.json b.json ...
"""

import argparse
import json
import sys

import benchlib

DEFAULT_FILES = ("bench/out/search-fahrplan.json", "bench/out/search-fts5.json")
ORDER = ("fahrplan", "fts5-unicode61", "fts5-trigram")


def sort_key(record):
    name = record["system"]
    return (ORDER.index(name) if name in ORDER else len(ORDER), name, record.get("mode", "laws") != "laws")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", help="result JSON files (relative paths: from the repo root)")
    args = ap.parse_args()

    records = []
    for name in args.files or DEFAULT_FILES:
        path = benchlib.resolve_out(name)
        try:
            with open(path, encoding="utf-8") as f:
                records += json.load(f)["systems"]
        except FileNotFoundError:
            print(f"warning: {path} not found, skipped", file=sys.stderr)
    if not records:
        sys.exit("compare.py: error: no results to compare")

    records.sort(key=sort_key)
    print(benchlib.markdown_table(records))
    for r in records:
        if r.get("took_ms"):
            print(f"\n{benchlib.label(r)}: server took_ms p50 {r['took_ms']['p50']}, p99 {r['took_ms']['p99']}")
        if r.get("errors"):
            print(f"\n{benchlib.label(r)}: {r['errors']} of {r['queries']} queries failed (counted as misses)")


if __name__ == "__main__":
    main()
