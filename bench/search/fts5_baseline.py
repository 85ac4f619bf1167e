#!/usr/bin/env python3
"""SQLite FTS5 baselines for the German-law search evaluation.

Builds two FTS5 indexes over the corpus and scores the query set against both:

  fts5-unicode61  tokenize="unicode61 remove_diacritics 2", ranked by bm25(t, 10.0, 1.0)
  fts5-trigram    tokenize="trigram",                       ranked by bm25(t, 10.0, 1.0)

Both tables have the columns (title, body), so the bm25 weights give the title ten times the
weight of the body. Queries are split into words (\\w+, Unicode) and OR-ed as quoted FTS5 phrases
(any-word match, ranked). The trigram index cannot match words shorter than three characters, so
those are dropped there; a query without any longer word returns nothing.

Scoring follows /work/shared/eval/README.md: MRR@10 and S@10, overall and per category, and
p50/p99 latency (in-process: execute + fetch of one query, measured with time.perf_counter).

Usage:
  python3 bench/search/fts5_baseline.py                    # whole laws (6,636 documents)
  python3 bench/search/fts5_baseline.py --sections         # one document per section
  python3 bench/search/fts5_baseline.py --db-dir /tmp/fts  # keep the index files there

Only the Python standard library is used (sqlite3 with FTS5; trigram needs SQLite >= 3.34).
"""

import argparse
import datetime
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import benchlib

# The two indexes: system name -> FTS5 tokenizer option.
SYSTEMS = {
    "fts5-unicode61": "unicode61 remove_diacritics 2",
    "fts5-trigram": "trigram",
}
# bm25 column weights for (title, body).
WEIGHTS = (10.0, 1.0)
# Documents inserted per executemany() call while building (only affects progress output).
CHUNK = 2000

_WORD = re.compile(r"\w+")


def quote(word):
    """An FTS5 string (phrase) for one word; embedded double quotes are doubled."""
    return '"' + word.replace('"', '""') + '"'


def match_expr(query, system):
    """The FTS5 MATCH expression for a query, or None when no usable word remains."""
    words = _WORD.findall(query)
    if system == "fts5-trigram":
        # A trigram index only answers substrings of at least three characters.
        words = [w for w in words if len(w) >= 3]
    if not words:
        return None
    return " OR ".join(quote(w) for w in words)


def build_index(db_path, tokenize, docs):
    """Creates a fresh FTS5 index at db_path over docs; returns (connection, build seconds).

    The table is contentless (content=''): it keeps only the index and the column sizes bm25
    needs, not a second copy of the text. Document ids live in a plain table keyed by rowid.
    The build time covers the inserts, the final 'optimize' merge and the commit.
    """
    if db_path.exists():
        db_path.unlink()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    # The tokenizer options are constants of this script (SYSTEMS), safe to put into the SQL.
    con.execute(f"CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='{tokenize}', content='')")
    con.execute("CREATE TABLE ids(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL)")
    started = time.perf_counter()
    with con:  # one transaction
        for start in range(0, len(docs), CHUNK):
            chunk = docs[start:start + CHUNK]
            # rowid = 1-based position in docs, so ids[rowid - 1] is the document id.
            con.executemany("INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)",
                            [(start + i + 1, d["title"], d["body"]) for i, d in enumerate(chunk)])
            con.executemany("INSERT INTO ids(rowid, id) VALUES (?, ?)",
                            [(start + i + 1, d["id"]) for i, d in enumerate(chunk)])
            print(f"\r  {db_path.name}: {start + len(chunk)}/{len(docs)} documents", end="", file=sys.stderr)
        print(f"\r  {db_path.name}: optimizing...{' ' * 30}", end="", file=sys.stderr)
        con.execute("INSERT INTO t(t) VALUES ('optimize')")
    build_s = time.perf_counter() - started
    print(f"\r  {db_path.name}: built in {build_s:.1f} s{' ' * 30}", file=sys.stderr)
    return con, build_s


def run_queries(con, system, queries, ids, sections, limit):
    """Runs every query once; returns one result row per query (see benchlib.summarize)."""
    sql = f"SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, {WEIGHTS[0]}, {WEIGHTS[1]}) LIMIT {int(limit)}"
    rows = []
    for q in queries:
        expr = match_expr(q["q"], system)
        error = None
        started = time.perf_counter()
        if expr is None:
            rowids = []
        else:
            try:
                rowids = [r[0] for r in con.execute(sql, (expr,)).fetchall()]
            except sqlite3.Error as e:  # counted as a miss
                rowids, error = [], str(e)
        ms = (time.perf_counter() - started) * 1000
        if error:
            print(f"warning: {system}: query {q['q']!r}: {error}", file=sys.stderr)
        hit_ids = [ids[r - 1] for r in rowids]
        row = {
            "q": q["q"],
            "target": q["target"],
            "cat": q["cat"],
            "rank": benchlib.rank_of(q["target"], hit_ids, sections),
            "ms": round(ms, 3),
            "hits": hit_ids[:benchlib.K],
        }
        if error:
            row["error"] = error
        rows.append(row)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(benchlib.DEFAULT_CORPUS), help="laws, JSON Lines (.gz ok)")
    ap.add_argument("--queries", default=str(benchlib.DEFAULT_QUERIES), help="query set, JSON Lines")
    ap.add_argument("--db-dir", help="folder for the index files (kept); default: a temporary folder, deleted at the end")
    ap.add_argument("--out", help="JSON result file (relative paths: from the repo root); "
                    "default bench/out/search-fts5.json, or bench/out/search-fts5-sections.json with --sections")
    ap.add_argument("--sections", action="store_true", help="one document per section instead of per law")
    ap.add_argument("--max-level", type=int, default=6, choices=range(2, 7), metavar="{2..6}",
                    help="sections mode: split at headings of level 2..N (default 6: ## to ######; 3: only ## and ###)")
    ap.add_argument("--as-imported", action="store_true",
                    help="index the titles make_docs.py writes ('Title (ABBR)', empty titles filled); "
                    "default: the corpus title as is, like the README's reference")
    ap.add_argument("--limit", type=int,
                    help="rows fetched per query (default 10 for laws; 100 with --sections, so that hits can be "
                    "de-duplicated by law before the first 10 laws are taken)")
    ap.add_argument("--only", choices=sorted(SYSTEMS), help="build and run only this index")
    args = ap.parse_args()

    sections = args.sections
    mode = "sections" if sections else "laws"
    limit = args.limit or (100 if sections else benchlib.K)
    out = benchlib.resolve_out(args.out or f"bench/out/search-fts5{'-sections' if sections else ''}.json")

    queries = benchlib.read_queries(args.queries)
    print(f"reading {args.corpus} ({mode})...", file=sys.stderr)
    started = time.perf_counter()
    docs = list(benchlib.documents(benchlib.read_laws(args.corpus), sections, args.max_level,
                                   with_abbr=args.as_imported, fill_title=args.as_imported))
    read_s = time.perf_counter() - started
    ids = [d["id"] for d in docs]
    n_laws = len({benchlib.law_of(i, sections) for i in ids})
    print(f"{len(docs)} documents from {n_laws} laws in {read_s:.1f} s; {len(queries)} queries", file=sys.stderr)

    loadavg_start = os.getloadavg()
    tmp = None
    if args.db_dir:
        db_dir = Path(args.db_dir)
        db_dir.mkdir(parents=True, exist_ok=True)
    else:
        db_dir = Path(tmp := tempfile.mkdtemp(prefix="fts5-baseline-"))

    records = []
    try:
        for system, tokenize in SYSTEMS.items():
            if args.only and system != args.only:
                continue
            db_path = db_dir / f"{system}-{mode}.db"
            con, build_s = build_index(db_path, tokenize, docs)
            rows = run_queries(con, system, queries, ids, sections, limit)
            con.close()
            records.append(benchlib.summarize(
                system, mode, rows,
                docs=len(docs),
                build_s=round(build_s, 2),
                index_mb=round(os.path.getsize(db_path) / 1e6, 1),
                tokenize=tokenize,
                bm25_weights=list(WEIGHTS),
                limit=limit,
            ))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    result = {
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "tool": "fts5_baseline.py",
        "sqlite": sqlite3.sqlite_version,
        "corpus": str(args.corpus),
        "queries": str(args.queries),
        "mode": mode,
        "max_level": args.max_level if sections else None,
        "as_imported": args.as_imported,
        "docs": len(docs),
        "laws": n_laws,
        # Timings depend on what else runs on the machine: 1/5/15-minute load at start and end.
        "loadavg": {"start": loadavg_start, "end": os.getloadavg()},
        "nproc": os.cpu_count(),
        "systems": records,
    }
    benchlib.write_json(out, result)

    print(f"\n{len(docs)} documents ({mode}), {len(queries)} queries, SQLite {sqlite3.sqlite_version}, "
          f"load average {loadavg_start[0]:.2f} at start, {os.getloadavg()[0]:.2f} at end\n")
    print(benchlib.markdown_table(records))
    print("\n| system | documents | build s | index MB | fetched rows |\n|---|---|---|---|---|")
    for r in records:
        print(f"| {benchlib.label(r)} | {r['docs']} | {r['build_s']:.1f} | {r['index_mb']:.1f} | {r['limit']} |")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
