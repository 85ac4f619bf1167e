#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Write an example regional series: content/hessen/indicators/beispiel-glasfaser-kreise.toml.

What it is: a demonstration indicator with one value per Kreis and kreisfreie Stadt of Hessen
(the 26 keys of content/hessen/regions.toml) for the years 2021 to 2024, so that the regional
views of the portal (tile-grid map, Kreis table) have something to show.

The numbers are INVENTED for demonstration. They are not official figures and must not be read
as such: the file says `example = true`, its name begins with "Beispieldaten:", and every
observation carries the note "Beispieldaten – keine amtlichen Zahlen". The project has no
official per-Kreis figures offline; replace this file with real data when it is available.

How the values are made: each value is derived from a SHA-256 hash of the Kreis key, so every run
writes the same file (no random source that differs between runs). Kreisfreie Städte start higher
(36-42 %) than Landkreise (10-19 %), and every Kreis rises each year, staying within 10-60 %.

How to run (Python 3.11+, standard library only), from the repository root or anywhere:

    python3 scripts/example-regional-series.py

Licence: EUPL-1.2, like the rest of the project.
"""

import hashlib
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A draft folder until the content loader reads indicators and regions (issue 15).
CONTENT = ROOT / "content" / "hessen"
OUT = CONTENT / "indicators" / "beispiel-glasfaser-kreise.toml"
YEARS = [2021, 2022, 2023, 2024]
NOTE = "Beispieldaten – keine amtlichen Zahlen"
SOURCE = "Beispieldaten – keine amtlichen Zahlen (erzeugt von scripts/example-regional-series.py)"


def unit_values(key):
    """Numbers in [0, 1], fixed for a key: byte i of SHA-256("beispiel-glasfaser:" + key) / 255."""
    digest = hashlib.sha256(f"beispiel-glasfaser:{key}".encode("utf-8")).digest()
    return [b / 255 for b in digest]


def series(key, kind):
    """Four rising percent values (2021-2024) for one Kreis."""
    u = unit_values(key)
    if kind == "kreisfreie_stadt":
        start, step = 36 + 6 * u[0], 3 + 2 * u[1]
    else:
        start, step = 10 + 9 * u[0], 2 + 2.5 * u[1]
    values = [start]
    for i in range(1, len(YEARS)):
        values.append(values[-1] + step * (0.8 + 0.4 * u[1 + i]))
    return [round(v, 1) for v in values]


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    with open(CONTENT / "regions.toml", "rb") as f:
        regions = tomllib.load(f)["region"]
    kreise = sorted((r for r in regions if r["level"] == "kreis"), key=lambda r: r["key"])
    if len(kreise) != 26:
        sys.exit(f"expected 26 Kreise in regions.toml, found {len(kreise)}")
    values = {r["key"]: series(r["key"], r["kind"]) for r in kreise}
    for key, vs in values.items():
        assert all(10 <= v <= 60 for v in vs), (key, vs)
        assert all(a < b for a, b in zip(vs, vs[1:])), (key, vs)
    cities = [v for r in kreise if r["kind"] == "kreisfreie_stadt" for v in values[r["key"]]]
    rural = [v for r in kreise if r["kind"] == "landkreis" for v in values[r["key"]]]
    assert min(cities) > max(rural), "every city value lies above every Landkreis value"
    first = [values[r["key"]][0] for r in kreise]
    baseline = round(sum(first) / len(first), 1)

    lines = [
        "# Beispieldaten – keine amtlichen Zahlen.",
        "# Written by scripts/example-regional-series.py; do not edit by hand, run the script instead.",
        "example = true",
        'slug = "beispiel-glasfaser-kreise"',
        'name = "Beispieldaten: Haushalte mit Glasfaser bis ins Gebäude nach Kreisen"',
        'unit = "%"',
        'direction = "higher_is_better"',
        'area = "2021/digitale-infrastruktur"',
        'goals = ["glasfaser-bis-ins-gebaeude-2030"]',
        'owner = "hmdi"',
        "summary = " + quote(
            "Erfundene Zahlen zur Vorführung der Kreisansicht: ein Glasfaser-Anteil für jeden Kreis "
            "und jede kreisfreie Stadt von 2021 bis 2024. Es sind keine amtlichen Zahlen; für echte "
            "Werte je Kreis gibt es im Portal noch keine Quelle."),
        "",
        "[counting_rule]",
        "definition = " + quote(
            "Beispiel: Anteil der Haushalte eines Kreises, bei denen die Glasfaser bis in das Gebäude "
            "oder die Wohnung reicht. Die Werte sind erfunden."),
        'denominator = "alle Haushalte des jeweiligen Kreises (Beispiel)"',
        "source = " + quote(SOURCE),
        "",
        "[baseline]",
        f"value = {baseline}",
        f'period = "{YEARS[0]}"',
        "source = " + quote(SOURCE + "; Mittelwert der Kreise 2021"),
        "",
        "[target]",
        "value = 100.0",
        'period = "2030"',
        "source = " + quote("Hessisches Digitalministerium, Seite „Digitalstrategie Hessen“: Glasfaser bis in jedes Gebäude bis 2030"),
        'source_url = "https://digitales.hessen.de/digitale-zukunft/digitalstrategie-hessen"',
    ]
    for i, year in enumerate(YEARS):
        for r in kreise:
            lines += [
                "",
                "[[observation]]",
                f'period = "{year}"',
                f'region = "{r["key"]}"',
                f"value = {values[r['key']][i]}",
                "source = " + quote(SOURCE),
                "note = " + quote(NOTE),
            ]
    text = "\n".join(lines) + "\n"
    tomllib.loads(text)  # the file must parse
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(kreise)} Kreise x {len(YEARS)} years")


if __name__ == "__main__":
    main()
