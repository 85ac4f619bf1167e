#!/usr/bin/env python3
"""Scores a running search server on the German-law query set over HTTP.

For each query it sends GET {base}/api/v1/search?q=<query>&limit=<limit> (one request at a time)
and expects the contract of docs/CONTRACTS.md:

  {"total": N, "took_ms": T, "hits": [{"id", "type", "title", "url", "snippet"}, ...]}

A hit's `id` is the id of the imported document (see make_docs.py). The metrics are those of
fts5_baseline.py: MRR@10 and S@10, overall and per category, and p50/p99 latency. Latency is
measured on the client (request sent until the body is read, with time.perf_counter; urllib opens
a new connection per request); the server's own `took_ms` is reported next to it.

An HTTP error status, an unreadable answer or a timeout counts the query as a miss and prints a
warning. If the very first request cannot reach the server at all, the script stops.

Usage (server with the laws imported, e.g. from make_docs.py):
  python3 bench/search/eval_api.py                                # http://127.0.0.1:8080
  python3 bench/search/eval_api.py --base http://127.0.0.1:3000
  python3 bench/search/eval_api.py --sections                     # documents imported per section
"""

import argparse
import datetime
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import benchlib


def search(base, query, limit, kind, timeout):
    """One search request; returns (hit ids, took_ms, total, client ms).

    Raises urllib.error.HTTPError for an error status, urllib.error.URLError (or OSError) when
    the server cannot be reached or times out, and ValueError for an answer that does not follow
    the contract.
    """
    params = {"q": query, "limit": limit}
    if kind:
        params["type"] = kind
    url = f"{base.rstrip('/')}/api/v1/search?{urllib.parse.urlencode(params)}"
    req = urllib.request.Request(url, headers={"Accept": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        body = resp.read()
    ms = (time.perf_counter() - started) * 1000
    data = json.loads(body)  # json.JSONDecodeError is a ValueError
    if not isinstance(data, dict) or not isinstance(data.get("hits"), list):
        raise ValueError("answer has no 'hits' list")
    ids = []
    for hit in data["hits"]:
        if not isinstance(hit, dict) or not isinstance(hit.get("id"), str):
            raise ValueError("a hit has no text 'id'")
        ids.append(hit["id"])
    return ids, data.get("took_ms"), data.get("total"), ms


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="http://127.0.0.1:8080", help="server base URL (default %(default)s)")
    ap.add_argument("--queries", default=str(benchlib.DEFAULT_QUERIES), help="query set, JSON Lines")
    ap.add_argument("--out", help="JSON result file (relative paths: from the repo root); "
                    "default bench/out/search-fahrplan.json, or bench/out/search-fahrplan-sections.json with --sections")
    ap.add_argument("--sections", action="store_true",
                    help="hit ids are '<lawid>#<n>': count each law once, at its best rank, before taking the first 10")
    ap.add_argument("--limit", type=int,
                    help="hits requested per query (default 10; 100, the API's maximum, with --sections so that "
                    "hits can be de-duplicated by law before the first 10 laws are taken)")
    ap.add_argument("--type", dest="kind", default="",
                    help="optional type filter sent as &type= (e.g. the imported documents' kind)")
    ap.add_argument("--system", default="fahrplan", help="name of the system in the output (default %(default)s)")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per request (default %(default)s)")
    args = ap.parse_args()

    sections = args.sections
    mode = "sections" if sections else "laws"
    limit = args.limit or (100 if sections else benchlib.K)
    out = benchlib.resolve_out(args.out or f"bench/out/search-fahrplan{'-sections' if sections else ''}.json")
    queries = benchlib.read_queries(args.queries)

    rows = []
    for i, q in enumerate(queries):
        row = {"q": q["q"], "target": q["target"], "cat": q["cat"], "rank": None}
        started = time.perf_counter()
        try:
            ids, took_ms, total, ms = search(args.base, q["q"], limit, args.kind, args.timeout)
            row.update(rank=benchlib.rank_of(q["target"], ids, sections), ms=round(ms, 3),
                       took_ms=took_ms, total=total, hits=ids[:benchlib.K])
        except urllib.error.HTTPError as e:
            row.update(ms=round((time.perf_counter() - started) * 1000, 3), error=f"HTTP {e.code}")
            print(f"warning: query {q['q']!r}: HTTP {e.code} {e.reason}", file=sys.stderr)
        except (urllib.error.URLError, OSError) as e:
            if i == 0:
                sys.exit(f"eval_api.py: error: cannot reach {args.base}: {getattr(e, 'reason', e)}")
            row.update(ms=round((time.perf_counter() - started) * 1000, 3), error=f"connection: {e}")
            print(f"warning: query {q['q']!r}: {e}", file=sys.stderr)
        except ValueError as e:
            row.update(ms=round((time.perf_counter() - started) * 1000, 3), error=f"bad answer: {e}")
            print(f"warning: query {q['q']!r}: bad answer: {e}", file=sys.stderr)
        rows.append(row)

    record = benchlib.summarize(args.system, mode, rows, base=args.base, limit=limit)
    result = {
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "tool": "eval_api.py",
        "base": args.base,
        "queries": str(args.queries),
        "mode": mode,
        "systems": [record],
    }
    benchlib.write_json(out, result)

    print(f"\n{len(rows)} queries against {args.base} ({mode}, limit {limit})\n")
    print(benchlib.markdown_table([record]))
    took = record.get("took_ms")
    if took:
        print(f"\nserver took_ms: p50 {took['p50']}, p99 {took['p99']} "
              f"(client p50 {record['latency_ms']['p50']:.1f} ms, p99 {record['latency_ms']['p99']:.1f} ms)")
    if record.get("errors"):
        print(f"\n{record['errors']} of {len(rows)} queries failed and count as misses (see warnings)")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
