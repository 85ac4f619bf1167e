#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Check the monitoring content: content/hessen/indicators/*.toml and content/hessen/regions.toml.

Standard library only (Python 3.11+ for tomllib). Run from anywhere:

    python3 scripts/check-indicators.py [--content DIR] [--research FILE]

It checks that every file parses, has the required keys and no unknown ones, uses valid periods
(YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD), unique slugs equal to the file name, area and goal slugs
of the 2021 edition, a current department as owner, percent values within 0-100, observations
sorted oldest first, the baseline among the observations, region keys that exist in regions.toml
(only in example files), and in regions.toml the 26 Kreise with unique tile positions.

With --research FILE every source_url must also appear in that file or in the 2021 area files
(the rule that figures only come from researched sources).

Exit status 0 when clean, 1 with one line per problem otherwise.
"""

import argparse
import calendar
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4])|-(\d{2})(?:-(\d{2}))?)?$")
EXAMPLE_NOTE = "Beispieldaten – keine amtlichen Zahlen"

TOP_REQUIRED = {"slug", "name", "unit", "direction", "area", "goals", "owner", "summary",
                "counting_rule", "baseline"}
TOP_OPTIONAL = {"target", "reference", "observation", "example"}
RULE_KEYS = {"definition", "denominator", "source"}
POINT_REQUIRED = {"value", "period", "source"}
POINT_OPTIONAL = {"source_url"}
REFERENCE_REQUIRED = {"label", "value", "period", "source", "source_url"}
OBS_REQUIRED = {"period", "value", "source"}
OBS_OPTIONAL = {"source_url", "note", "region"}

REGION_LEVELS = {"land", "regierungsbezirk", "kreis"}
KREIS_KINDS = {"kreisfreie_stadt", "landkreis"}


def period_key(p):
    """Last day of a period as (year, month, day), or None when it is not a valid period.

    A period stands for its last day (docs/DOMAIN.md): "2023" comes after "2023-06"."""
    if not isinstance(p, str):
        return None
    m = PERIOD.match(p)
    if not m:
        return None
    year, quarter, month, day = m.groups()
    y = int(year)
    if quarter:
        mo = 3 * int(quarter)
        return (y, mo, calendar.monthrange(y, mo)[1])
    if month is None:
        return (y, 12, 31)
    mo = int(month)
    if not 1 <= mo <= 12:
        return None
    if day is None:
        return (y, mo, calendar.monthrange(y, mo)[1])
    d = int(day)
    if not 1 <= d <= calendar.monthrange(y, mo)[1]:
        return None
    return (y, mo, d)


def load(path, problems):
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        problems.append(f"{path}: cannot parse: {e}")
        return None


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def check_keys(where, table, required, optional, problems):
    if not isinstance(table, dict):
        problems.append(f"{where}: expected a table")
        return False
    for k in sorted(required - table.keys()):
        problems.append(f"{where}: missing key '{k}'")
    for k in sorted(table.keys() - required - optional):
        problems.append(f"{where}: unknown key '{k}'")
    return True


def check_text(where, v, problems, allow_empty=False):
    if not isinstance(v, str) or (not allow_empty and not v.strip()):
        problems.append(f"{where}: expected a {'' if allow_empty else 'non-empty '}string")


def check_url(where, v, known_urls, problems):
    if not isinstance(v, str) or not re.match(r"^https?://\S+$", v):
        problems.append(f"{where}: source_url must be an http(s) address")
    elif known_urls is not None and v not in known_urls:
        problems.append(f"{where}: source_url {v} appears neither in the research nor in the 2021 area files")


def load_areas(content, problems):
    """Area slug -> set of goal slugs of the 2021 edition."""
    areas = {}
    for path in sorted((content / "editions" / "2021" / "areas").glob("*.toml")):
        data = load(path, problems)
        if data is None:
            continue
        areas[data["slug"]] = {g["slug"] for g in data.get("goal", [])}
    return areas


def load_departments(content, problems):
    """Department code -> True when current (no valid_to)."""
    data = load(content / "departments.toml", problems) or {}
    return {d["code"]: "valid_to" not in d for d in data.get("department", [])}


def check_regions(content, problems):
    path = content / "regions.toml"
    data = load(path, problems)
    if data is None:
        return {}
    regions = {}
    for i, r in enumerate(data.get("region", []), 1):
        where = f"{path}: region #{i}"
        level = r.get("level")
        required = {"key", "name", "level"}
        optional = {"parent"}
        if level == "kreis":
            required |= {"kind", "parent", "grid"}
        elif level == "regierungsbezirk":
            required |= {"parent"}
        if not check_keys(where, r, required, optional if level == "land" else set(), problems):
            continue
        key = r.get("key")
        where = f"{path}: region {key}"
        if not isinstance(key, str) or not key.isdigit():
            problems.append(f"{where}: key must be digits")
            continue
        if key in regions:
            problems.append(f"{where}: duplicate key")
        check_text(f"{where}: name", r.get("name"), problems)
        if level not in REGION_LEVELS:
            problems.append(f"{where}: level must be one of {sorted(REGION_LEVELS)}")
        expected_len = {"land": 2, "regierungsbezirk": 3, "kreis": 5}.get(level)
        if expected_len and len(key) != expected_len:
            problems.append(f"{where}: a {level} key has {expected_len} digits")
        if level == "kreis" and r.get("kind") not in KREIS_KINDS:
            problems.append(f"{where}: kind must be one of {sorted(KREIS_KINDS)}")
        if level != "kreis" and "kind" in r:
            problems.append(f"{where}: kind is only for level kreis")
        regions[key] = r
    parent_level = {"regierungsbezirk": "land", "kreis": "regierungsbezirk"}
    for key, r in regions.items():
        level = r.get("level")
        if level in parent_level:
            parent = regions.get(r.get("parent"))
            if parent is None or parent.get("level") != parent_level[level]:
                problems.append(f"{path}: region {key}: parent must be a {parent_level[level]} of this file")
            elif not key.startswith(parent["key"]):
                problems.append(f"{path}: region {key}: key does not start with its parent's key {parent['key']}")
    levels = [r.get("level") for r in regions.values()]
    if levels.count("land") != 1 or levels.count("regierungsbezirk") != 3:
        problems.append(f"{path}: expected 1 land and 3 regierungsbezirke")
    kreise = [r for r in regions.values() if r.get("level") == "kreis"]
    kinds = [r.get("kind") for r in kreise]
    if len(kreise) != 26 or kinds.count("landkreis") != 21 or kinds.count("kreisfreie_stadt") != 5:
        problems.append(f"{path}: expected 26 Kreise (21 Landkreise, 5 kreisfreie Städte), found {len(kreise)}")
    seen = {}
    for r in kreise:
        g = r.get("grid")
        if not (isinstance(g, list) and len(g) == 2 and all(isinstance(x, int) and not isinstance(x, bool) and x >= 1 for x in g)):
            problems.append(f"{path}: region {r['key']}: grid must be [row, column] with positive integers")
            continue
        pos = tuple(g)
        if pos in seen:
            problems.append(f"{path}: regions {seen[pos]} and {r['key']} share the tile {list(pos)}")
        seen[pos] = r["key"]
    return regions


def check_point(where, p, unit, known_urls, problems, required_url):
    optional = set() if required_url else POINT_OPTIONAL
    required = POINT_REQUIRED | ({"source_url"} if required_url else set())
    if not check_keys(where, p, required, optional, problems):
        return None
    check_value(where, p.get("value"), unit, problems)
    if period_key(p.get("period")) is None:
        problems.append(f"{where}: period {p.get('period')!r} is not YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD")
    check_text(f"{where}: source", p.get("source"), problems)
    if "source_url" in p:
        check_url(where, p["source_url"], known_urls, problems)
    return p


def check_value(where, v, unit, problems):
    if not is_number(v):
        problems.append(f"{where}: value must be a plain number")
    elif unit == "%" and not 0 <= v <= 100:
        problems.append(f"{where}: a percent value must lie between 0 and 100, got {v}")
    elif v < 0:
        problems.append(f"{where}: value must not be negative")


def check_indicator(path, data, areas, departments, regions, known_urls, problems):
    example = data.get("example", False)
    if "example" in data and data["example"] is not True:
        problems.append(f"{path}: example, when given, must be true")
    if not check_keys(str(path), data, TOP_REQUIRED, TOP_OPTIONAL, problems):
        return None
    slug = data.get("slug")
    if not isinstance(slug, str) or not SLUG.match(slug):
        problems.append(f"{path}: slug must be lowercase a-z, 0-9 and single hyphens")
    elif slug != path.stem:
        problems.append(f"{path}: slug {slug!r} differs from the file name")
    name = data.get("name")
    check_text(f"{path}: name", name, problems)
    if example and isinstance(name, str) and not name.startswith("Beispieldaten:"):
        problems.append(f"{path}: the name of example data begins with 'Beispieldaten:'")
    if not example and isinstance(name, str) and name.startswith("Beispieldaten"):
        problems.append(f"{path}: a name beginning with 'Beispieldaten' needs example = true")
    unit = data.get("unit")
    check_text(f"{path}: unit", unit, problems)
    if data.get("direction") not in ("higher_is_better", "lower_is_better"):
        problems.append(f"{path}: direction must be higher_is_better or lower_is_better")
    check_text(f"{path}: summary", data.get("summary"), problems)

    area = data.get("area")
    goals = data.get("goals")
    if not isinstance(area, str) or not area.startswith("2021/") or area[5:] not in areas:
        problems.append(f"{path}: area {area!r} is not '2021/<slug>' of a 2021 area")
    elif not isinstance(goals, list) or not all(isinstance(g, str) for g in goals):
        problems.append(f"{path}: goals must be a list of goal slugs")
    else:
        for g in goals:
            if g not in areas[area[5:]]:
                problems.append(f"{path}: goal {g!r} is not a goal of area {area}")
        if len(set(goals)) != len(goals):
            problems.append(f"{path}: goals lists a goal twice")
    owner = data.get("owner")
    if owner not in departments:
        problems.append(f"{path}: owner {owner!r} is not a department code of departments.toml")
    elif not departments[owner]:
        problems.append(f"{path}: owner {owner!r} is a former department (it has valid_to); name the current one")

    rule = data.get("counting_rule")
    if check_keys(f"{path}: [counting_rule]", rule, RULE_KEYS, set(), problems):
        check_text(f"{path}: counting_rule.definition", rule.get("definition"), problems)
        check_text(f"{path}: counting_rule.denominator", rule.get("denominator"), problems, allow_empty=True)
        check_text(f"{path}: counting_rule.source", rule.get("source"), problems)
        if unit == "%" and not (rule.get("denominator") or "").strip():
            problems.append(f"{path}: a percent indicator names its denominator")

    baseline = check_point(f"{path}: [baseline]", data.get("baseline"), unit, known_urls, problems,
                           required_url=not example)
    target = None
    if "target" in data:
        target = check_point(f"{path}: [target]", data["target"], unit, known_urls, problems, required_url=True)
    if "reference" in data:
        ref = data["reference"]
        if check_keys(f"{path}: [reference]", ref, REFERENCE_REQUIRED, set(), problems):
            check_text(f"{path}: reference.label", ref.get("label"), problems)
            check_value(f"{path}: [reference]", ref.get("value"), unit, problems)
            if period_key(ref.get("period")) is None:
                problems.append(f"{path}: [reference]: period {ref.get('period')!r} is not valid")
            check_url(f"{path}: [reference]", ref.get("source_url"), known_urls, problems)
    if baseline and target:
        b, t = period_key(baseline.get("period")), period_key(target.get("period"))
        if b and t and t <= b:
            problems.append(f"{path}: the target period must lie after the baseline period")

    observations = data.get("observation", [])
    if not isinstance(observations, list) or not observations:
        problems.append(f"{path}: at least one [[observation]]")
        return slug
    previous = None
    seen = set()
    for i, o in enumerate(observations, 1):
        where = f"{path}: observation #{i}"
        if not check_keys(where, o, OBS_REQUIRED, OBS_OPTIONAL, problems):
            continue
        check_value(where, o.get("value"), unit, problems)
        key = period_key(o.get("period"))
        if key is None:
            problems.append(f"{where}: period {o.get('period')!r} is not YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD")
        elif previous is not None and key < previous:
            problems.append(f"{where}: observations must be sorted oldest first ({o.get('period')} after a later period)")
        if key is not None:
            previous = key
        check_text(f"{where}: source", o.get("source"), problems)
        if "source_url" in o:
            check_url(where, o["source_url"], known_urls, problems)
        if "note" in o:
            check_text(f"{where}: note", o["note"], problems)
        region = o.get("region")
        if example:
            if region is None:
                problems.append(f"{where}: example observations name their region")
            elif region not in regions:
                problems.append(f"{where}: region {region!r} is not a key of regions.toml")
            if o.get("note") != EXAMPLE_NOTE:
                problems.append(f"{where}: the note of example data reads '{EXAMPLE_NOTE}'")
            ident = (o.get("period"), region)
        else:
            if region is not None:
                problems.append(f"{where}: no region in indicators for Hessen as a whole")
            ident = (o.get("period"), o.get("source"), o.get("value"))
        if ident in seen:
            problems.append(f"{where}: repeats an earlier observation")
        seen.add(ident)
    if example:
        kreise = {k for k, r in regions.items() if r.get("level") == "kreis"}
        periods = {o.get("period") for o in observations if isinstance(o, dict)}
        for p in sorted(p for p in periods if isinstance(p, str)):
            have = {o.get("region") for o in observations if isinstance(o, dict) and o.get("period") == p}
            if have != kreise:
                problems.append(f"{path}: period {p} does not cover exactly the 26 Kreise")
    elif baseline and not any(
            isinstance(o, dict) and o.get("period") == baseline.get("period") and o.get("value") == baseline.get("value")
            for o in observations):
        problems.append(f"{path}: the baseline is not among the observations")
    return slug


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--content", type=Path, default=ROOT / "content" / "hessen")
    ap.add_argument("--monitoring", type=Path, default=ROOT / "content" / "hessen",
                    help="folder with indicators/ and regions.toml (a draft until the loader reads them)")
    ap.add_argument("--research", type=Path, help="research notes whose URLs are the allowed sources")
    args = ap.parse_args()
    content = args.content
    problems = []

    known_urls = None
    if args.research:
        text = args.research.read_text(encoding="utf-8")
        for path in (content / "editions" / "2021" / "areas").glob("*.toml"):
            text += "\n" + path.read_text(encoding="utf-8")
        known_urls = {u.rstrip(".,;)") for u in re.findall(r"https?://[^\s\"'|]+", text)}
        # the Decision's address as the brief quotes it, without the search-session parameter
        known_urls |= {u.split("&qid=")[0] for u in known_urls}

    areas = load_areas(content, problems)
    departments = load_departments(content, problems)
    regions = check_regions(args.monitoring, problems)
    files = sorted((args.monitoring / "indicators").glob("*.toml"))
    if not files:
        problems.append(f"{args.monitoring / 'indicators'}: no indicator files")
    slugs = {}
    per_area = {a: 0 for a in areas}
    for path in files:
        data = load(path, problems)
        if data is None:
            continue
        slug = check_indicator(path, data, areas, departments, regions, known_urls, problems)
        if isinstance(slug, str):
            if slug in slugs:
                problems.append(f"{path}: slug {slug!r} is also used by {slugs[slug]}")
            slugs[slug] = path
        area = data.get("area")
        if not data.get("example") and isinstance(area, str) and area[5:] in per_area:
            per_area[area[5:]] += 1
    for a, n in per_area.items():
        if n == 0:
            problems.append(f"indicators: no indicator for area 2021/{a}")

    for p in problems:
        print(p)
    real = sum(per_area.values())
    print(f"{len(files)} indicator files ({real} from public sources), {len(regions)} regions: "
          f"{'OK' if not problems else f'{len(problems)} problem(s)'}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
