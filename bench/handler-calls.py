#!/usr/bin/env python3
"""Counts, for every route handler of fahrplan-web, how many use-case calls (`.app.method(`)
it makes, directly or through helper functions of the web crate, and lists the handlers that
make more than one. A handler that does must say why in a comment (issue 5, groundwork).

Usage: python3 bench/handler-calls.py [--list]   (from the repository root)

It reads the source as text: functions are found by `fn name(` and brace matching, calls to
helpers by name. A call inside a loop or a branch counts once per place it is written."""
import pathlib, re, sys

root = pathlib.Path(__file__).resolve().parent.parent / "crates" / "fahrplan-web" / "src"
fns = {}  # name -> body (last definition wins for duplicates; names are unique enough here)
for path in sorted(root.rglob("*.rs")):
    text = path.read_text()
    text = re.sub(r"#\[cfg\(test\)\][\s\S]*$", "", text)  # inline test modules sit at the end
    for m in re.finditer(r"\bfn\s+(\w+)\s*(<[^>{]*>)?\s*\(", text):
        i = text.find("{", m.end())
        semi = text.find(";", m.end())
        if i < 0 or (0 <= semi < i and "where" not in text[m.end():semi]):
            continue
        depth, j = 0, i
        while j < len(text):
            if text[j] == "{":
                depth += 1
            elif text[j] == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        fns.setdefault(m.group(1), text[i : j + 1])

# `state.app.x(`, `ctx.state.app.x(`, and `app.x(` through a local `let app = &ctx.state.app;`.
APP = re.compile(r"(?:\.|\b)app\s*\.\s*(\w+)\s*(::<[^>]*>)?\s*\(")
def direct(body):
    return [m.group(1) for m in APP.finditer(body) if m.group(1) not in ("store", "clone")]

memo = {}
def calls(name, stack=()):
    if name in memo:
        return memo[name]
    if name in stack:
        return []
    body = fns[name]
    out = list(direct(body))
    for g in fns:
        if g == name:
            continue
        for _ in re.finditer(r"(?<![\w.])" + g + r"\s*(::<[^>]*>)?\s*\(", body):
            out += calls(g, stack + (name,))
    memo[name] = out
    return out

routes = (root / "routes.rs").read_text() + (root / "api" / "mod.rs").read_text() if (root / "api" / "mod.rs").exists() else (root / "routes.rs").read_text()
# Page routes (`get(module::handler)`) and API routes (`routes!(module::handler)`).
handlers = sorted(set(re.findall(r"(?:get|post|put|patch|delete|routes!)\(\s*(?:[\w]+::)*(\w+)\s*\)", routes)) & set(fns))
many = [(h, calls(h)) for h in handlers if len(calls(h)) > 1]
print(f"handlers: {len(handlers)}, calling the app more than once: {len(many)}")
if "--list" in sys.argv:
    for h, c in many:
        print(f"  {h}: {len(c)} ({', '.join(c)})")
