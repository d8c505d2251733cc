#!/usr/bin/env python3
"""The checker's module graph, from the paths each module names (`crate::x`, `use crate::{x, y}`).

Prints one line per module with the modules it uses, and exits 1 if the graph has a cycle.
Only top-level modules count: watch/'s files are one module. Test code counts too; comments
and doc links do not. The checker is two crates, `src/` (the commands, which re-export the
other's modules under their own names) and `check/src/` (the checking half, which cannot name
the commands' modules: the compiler refuses), so the two make one graph.

    python3 scripts/module-graph.py
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRCS = [ROOT / "src", ROOT / "check" / "src"]


def top_module(src, path):
    rel = path.relative_to(src)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def named(text):
    """The top-level modules a file names through `crate::` in code (a doc link is no import)."""
    text = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("//"))
    found = set(re.findall(r"(?<![\w$])crate::(\w+)", text))
    for group in re.finditer(r"(?<![\w$])crate::\{", text):
        depth, start, items = 1, group.end(), []
        i = start
        while depth:
            c = text[i]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            elif c == "," and depth == 1:
                items.append(text[start:i])
                start = i + 1
            i += 1
        items.append(text[start:i - 1])
        found.update(m.group(1) for m in (re.match(r"\s*(\w+)", s) for s in items) if m)
    return found


def main():
    modules = {}
    for src, path in sorted((src, p) for src in SRCS for p in src.rglob("*.rs")):
        name = top_module(src, path)
        if name in ("lib", "main"):
            continue
        uses = modules.setdefault(name, set())
        uses.update(named(path.read_text()) - {name, "self"})
    for name in sorted(modules):
        print(f"{name:10} -> {', '.join(sorted(modules[name])) or '(nothing)'}")
    # Depth-first search for a back edge.
    state, stack = {}, []

    def visit(m):
        state[m] = "open"
        stack.append(m)
        for n in sorted(modules.get(m, ())):
            if state.get(n) == "open":
                return stack[stack.index(n):] + [n]
            if n not in state and (cycle := visit(n)):
                return cycle
        state[m] = "done"
        stack.pop()
        return None

    for m in sorted(modules):
        if m not in state and (cycle := visit(m)):
            print("cycle: " + " -> ".join(cycle), file=sys.stderr)
            return 1
    print("no cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
