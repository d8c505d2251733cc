#!/usr/bin/env python3
"""Rewrites README.md's course map from info.toml, between the course-map markers.

tests/course.rs checks that the map and info.toml agree, so run this after changing the course:
    python3 scripts/course-map.py
"""
import pathlib
import tomllib

root = pathlib.Path(__file__).resolve().parent.parent
info = tomllib.loads((root / "info.toml").read_text())
lines = []
for rank in info["ranks"]:
    n = rank["number"]
    lines.append(f"**Rank {n} {rank['title']}**: {rank['summary']} (notes: `{rank['notes']}`)")
    lines.append("")
    lines.append("| exercise | what you do |")
    lines.append("| --- | --- |")
    for e in info["exercises"]:
        if e["rank"] == n:
            lines.append(f"| `rank{n}_{e['name']}` | {e['summary']} |")
    lines.append("")
count = len(info["exercises"])
lines.append(
    f"{count} exercises in all; `coro-lings dev check` proves that each fails as shipped in the way"
)
lines.append("`info.toml` records and passes with its solution.")
start, end = "<!-- course-map:start -->", "<!-- course-map:end -->"
readme = (root / "README.md").read_text()
head, rest = readme.split(start, 1)
_, tail = rest.split(end, 1)
(root / "README.md").write_text(head + start + "\n" + "\n".join(lines) + "\n" + end + tail)
