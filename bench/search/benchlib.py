"""Shared helpers for the search benchmark scripts in bench/search/.

Everything here uses the Python standard library only. The scripts import this module by name;
Python puts a script's own folder on sys.path, so `python3 bench/search/<script>.py` finds it
from any working directory.

Contents:
- reading the corpus (gesetze.jsonl.gz) and the query set (search-dev-queries.jsonl),
- turning laws into documents, either whole laws or one document per section,
- scoring a ranked list of hit ids against a query's target (MRR@10, S@10),
- summarising per-query results and printing them as a Markdown table.
"""

import gzip
import json
import math
import re
from pathlib import Path

# bench/search/benchlib.py -> repository root is two folders up.
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = Path("/work/shared/corpora/gesetze.jsonl.gz")
DEFAULT_QUERIES = Path("/work/shared/eval/search-dev-queries.jsonl")

# Query categories, in the column order of the reference table in /work/shared/eval/README.md.
CATEGORIES = ("split", "inflect", "typo", "translit", "abbr", "keywords")

# Cut-off for MRR and S: only the first K (distinct) laws count.
K = 10

# The importer (`fahrplan import documents`) refuses titles longer than this many characters.
TITLE_MAX = 1000

# Separator between the law title and the section heading in section titles.
SECTION_SEP = " – "

# Markdown ATX heading of level 2..6 ("## x" .. "###### x"); the level bound is applied per call.
_HEADING = re.compile(r"^(#{2,6})[ \t]+(.*?)[ \t]*$", re.MULTILINE)


# --------------------------------------------------------------------------------------------
# Corpus and queries
# --------------------------------------------------------------------------------------------


def open_text(path):
    """Opens a text file for reading, transparently decompressing `.gz` files."""
    path = Path(path)
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def read_laws(path):
    """Yields the laws of the corpus as dicts with id, title, abbr, body."""
    with open_text(path) as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def read_queries(path):
    """Returns the query set as a list of dicts with q, target, cat."""
    with open_text(path) as f:
        return [json.loads(line) for line in f if line.strip()]


# 20 laws of the corpus have an empty title and abbr: their YAML front matter was not parsed and
# sits at the start of the body ("<title lines>\n---\nTitle: ...\njurabk: <abbr>\n...").
_FRONT_MATTER = re.compile(r"\A(.*?)\n---\n(.*?)\n---\n", re.DOTALL)
_JURABK = re.compile(r"^jurabk:[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def law_title(law, with_abbr, fill_title=False):
    """The law's title, optionally as "Title (ABBR)" when the abbreviation is not in it yet.

    fill_title: when the corpus title is empty, use the text before the unparsed front matter
    (and its `jurabk:` as abbreviation), else the law id, so that the title is never empty.
    """
    title = law["title"].strip()
    abbr = (law.get("abbr") or "").strip()
    if fill_title and not title:
        m = _FRONT_MATTER.match(law["body"].lstrip("\n"))
        if m:
            title = " ".join(m.group(1).split())
            if not abbr and (j := _JURABK.search(m.group(2))):
                abbr = j.group(1).strip("'\"")
        title = title or law["id"]
    if with_abbr and abbr and abbr not in title:
        title = f"{title} ({abbr})"
    return title


def split_sections(body, max_level=6):
    """Splits a Markdown body at headings of level 2..max_level.

    Returns a list of (heading, text) pairs. The first pair is the preamble before the first
    such heading (heading ""): it holds the `# Title (ABBR)` line, Ausfertigungsdatum, Fundstelle
    and so on. Each further pair is one heading and the text up to the next heading of level
    2..max_level (deeper headings stay inside the text). Texts are stripped of surrounding blank
    lines and may be empty (a heading directly followed by a sub-heading).
    """
    parts = []
    start, heading = 0, ""
    for m in _HEADING.finditer(body):
        if len(m.group(1)) > max_level:
            continue
        parts.append((heading, body[start:m.start()].strip()))
        heading, start = m.group(2).strip(), m.end()
    parts.append((heading, body[start:].strip()))
    return parts


def documents(laws, sections=False, max_level=6, with_abbr=False, fill_title=False):
    """Yields the documents to index as dicts with id, title, body.

    Whole-law mode: one document per law (id, title, body as in the corpus; with_abbr appends
    the abbreviation to the title, fill_title fills empty titles, see law_title()).

    Sections mode: one document per section from split_sections(), numbered from 0 (the preamble)
    in order of appearance: id "<lawid>#<n>", title "<law title> – <heading>" (the preamble's title
    is the law title alone), body the section's text. A section without text gets its heading as
    body, so that every document has a non-empty body (the importer refuses empty ones) and the
    same documents can be indexed by every system.
    """
    for law in laws:
        title = law_title(law, with_abbr, fill_title)
        if not sections:
            yield {"id": law["id"], "title": title, "body": law["body"]}
            continue
        for n, (heading, text) in enumerate(split_sections(law["body"], max_level)):
            sec_title = f"{title}{SECTION_SEP}{heading}" if heading else title
            yield {
                "id": f"{law['id']}#{n}",
                "title": sec_title[:TITLE_MAX],
                "body": text or heading or title,
            }


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


def law_of(doc_id, sections):
    """The law id a hit belongs to: the part before the last '#' in sections mode."""
    return doc_id.rsplit("#", 1)[0] if sections else doc_id


def rank_of(target, hit_ids, sections, k=K):
    """1-based rank of the target law among the first k distinct laws of the hits, else None.

    In sections mode several hits may belong to one law; each law counts once, at its best
    (first) position, and only then are the first k laws taken.
    """
    seen = []
    for hit_id in hit_ids:
        law = law_of(hit_id, sections)
        if law in seen:
            continue
        seen.append(law)
        if law == target:
            return len(seen)
        if len(seen) >= k:
            break
    return None


def percentile(values, p):
    """The p-th percentile (0 < p <= 100) by the nearest-rank method; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    idx = max(0, math.ceil(p / 100 * len(ordered)) - 1)
    return ordered[idx]


def _mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


def summarize(system, mode, rows, **extra):
    """Builds the result record of one system.

    rows: one dict per query with q, target, cat, rank (int or None), ms (client/in-process
    latency) and optionally took_ms (server-reported time) and error.
    extra: additional top-level fields (docs, build_s, ...).
    """
    cats = ["all"] + [c for c in CATEGORIES if any(r["cat"] == c for r in rows)]
    # Categories not in the known list (should not happen) are reported too.
    cats += sorted({r["cat"] for r in rows} - set(cats))
    mrr, s10, counts = {}, {}, {}
    for cat in cats:
        sel = rows if cat == "all" else [r for r in rows if r["cat"] == cat]
        counts[cat] = len(sel)
        mrr[cat] = round(_mean([1.0 / r["rank"] if r["rank"] else 0.0 for r in sel]), 4)
        s10[cat] = round(_mean([1.0 if r["rank"] else 0.0 for r in sel]), 4)
    ms = [r["ms"] for r in rows]
    latency = {
        "p50": round(percentile(ms, 50), 3),
        "p99": round(percentile(ms, 99), 3),
        "mean": round(_mean(ms), 3),
        "max": round(max(ms), 3),
    }
    record = {
        "system": system,
        "mode": mode,
        "queries": len(rows),
        "queries_per_cat": counts,
        "mrr10": mrr,
        "s10": s10,
        "latency_ms": latency,
    }
    took = [r["took_ms"] for r in rows if r.get("took_ms") is not None]
    if took:
        record["took_ms"] = {"p50": percentile(took, 50), "p99": percentile(took, 99)}
    errors = sum(1 for r in rows if r.get("error"))
    if errors:
        record["errors"] = errors
    record.update(extra)
    record["per_query"] = rows
    return record


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def resolve_out(path):
    """Relative output paths are taken relative to the repository root (like bench/load.sh)."""
    path = Path(path)
    return path if path.is_absolute() else REPO_ROOT / path


def write_json(path, data):
    """Writes data as pretty-printed JSON, creating the parent folder if needed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


def label(record):
    """Row label: the system name, plus the mode when it is not whole laws."""
    mode = record.get("mode", "laws")
    return record["system"] if mode == "laws" else f"{record['system']} ({mode})"


def _fmt(x, digits=2):
    return "–" if x is None else f"{x:.{digits}f}"


def markdown_table(records):
    """One Markdown table: MRR@10 overall and per category, S@10 overall, p50/p99 latency in ms."""
    cats = [c for c in CATEGORIES if any(c in r["mrr10"] for r in records)]
    head = ["system", "MRR@10 all"] + cats + ["S@10 all", "p50 ms", "p99 ms"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in records:
        cells = [label(r), _fmt(r["mrr10"]["all"])]
        cells += [_fmt(r["mrr10"].get(c)) for c in cats]
        cells += [_fmt(r["s10"]["all"]), _fmt(r["latency_ms"]["p50"], 1), _fmt(r["latency_ms"]["p99"], 1)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
