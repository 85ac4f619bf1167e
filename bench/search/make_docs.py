#!/usr/bin/env python3
"""Writes the law corpus as a documents file for `fahrplan import documents FILE`.

Each output line is one JSON object {"id", "title", "body", "kind": "law"} (docs/CONTRACTS.md,
"Document import"). The output is gzip-compressed when its name ends in `.gz`.

- Whole laws (default): one document per law, id = the law's id.
- --sections: one document per section, split exactly as fts5_baseline.py --sections does:
  id "<lawid>#<n>" (n = 0 for the preamble before the first heading, then 1, 2, ... in order),
  title "<law title> – <heading>", body = the section's text.

The law's abbreviation is kept by appending it to the title as "Title (ABBR)" when it is not
empty and not already part of the title (--no-abbr leaves the bare title, as the README's
reference systems index it). The 20 laws whose corpus title is empty (unparsed front matter at
the start of the body) get the title text from that front matter, since the importer requires a
title.

Usage:
  python3 bench/search/make_docs.py /tmp/laws.jsonl.gz
  python3 bench/search/make_docs.py --sections /tmp/law-sections.jsonl.gz
  fahrplan import documents /tmp/laws.jsonl.gz
"""

import argparse
import gzip
import json
import sys
import time

import benchlib


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("output", help="documents file to write (.jsonl, or .jsonl.gz for gzip)")
    ap.add_argument("--corpus", default=str(benchlib.DEFAULT_CORPUS), help="laws, JSON Lines (.gz ok)")
    ap.add_argument("--sections", action="store_true", help="one document per section instead of per law")
    ap.add_argument("--max-level", type=int, default=6, choices=range(2, 7), metavar="{2..6}",
                    help="sections mode: split at headings of level 2..N (default 6: ## to ######; 3: only ## and ###)")
    ap.add_argument("--no-abbr", action="store_true", help="do not append the abbreviation to the title")
    args = ap.parse_args()

    started = time.perf_counter()
    # The importer refuses empty titles, so empty corpus titles are filled (benchlib.law_title).
    docs = benchlib.documents(benchlib.read_laws(args.corpus), args.sections, args.max_level,
                              with_abbr=not args.no_abbr, fill_title=True)
    if args.output.endswith(".gz"):
        out = gzip.open(args.output, "wt", encoding="utf-8", compresslevel=6)
    else:
        out = open(args.output, "w", encoding="utf-8")
    n = 0
    with out:
        for doc in docs:
            doc["kind"] = "law"
            out.write(json.dumps(doc, ensure_ascii=False))
            out.write("\n")
            n += 1
    mode = "sections" if args.sections else "laws"
    print(f"wrote {n} documents ({mode}) to {args.output} in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
