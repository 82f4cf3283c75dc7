"""Read a linkchart export back with a real consumer and print what it saw
as JSON, for graph/export's Go tests.

    python3 read_export.py graphml FILE   # networkx.read_graphml
    python3 read_export.py gexf FILE      # networkx.read_gexf
    python3 read_export.py stix FILE      # stix2.parse(allow_custom=False)
    python3 read_export.py geojson FILE   # shapely.geometry.shape per feature

Exit status 3 means a needed module is missing (the Go test skips locally,
fails in CI).
"""
import json
import sys


def need(name):
    try:
        return __import__(name)
    except ImportError as e:
        print(f"missing python module: {e}", file=sys.stderr)
        sys.exit(3)


def read_graph(fmt, path):
    nx = need("networkx")
    if fmt == "graphml":
        g = nx.read_graphml(path, force_multigraph=True)
    else:
        g = nx.read_gexf(path)
        if not g.is_multigraph():
            g = nx.MultiDiGraph(g)
    out = {
        "directed": g.is_directed(),
        "graph": {k: v for k, v in g.graph.items() if isinstance(v, (str, int, float))},
        "nodes": {n: dict(d) for n, d in g.nodes(data=True)},
        "edges": [],
    }
    for u, v, k, d in g.edges(keys=True, data=True):
        d = dict(d)
        d["source"], d["target"], d["key"] = u, v, str(k)
        out["edges"].append(d)
    return out


def read_stix(path):
    stix2 = need("stix2")
    with open(path, encoding="utf-8") as f:
        bundle = stix2.parse(f.read(), allow_custom=False)
    counts = {}
    objects = []
    for o in bundle.objects:
        counts[o.type] = counts.get(o.type, 0) + 1
        objects.append(json.loads(o.serialize()))
    return {"id": bundle.id, "counts": counts, "objects": objects}


def read_geojson(path):
    shapely = need("shapely")
    from shapely.geometry import shape

    with open(path, encoding="utf-8") as f:
        fc = json.load(f)
    out = {"type": fc["type"], "features": []}
    for feat in fc["features"]:
        geom = shape(feat["geometry"])
        out["features"].append({
            "id": feat["id"], "geom_type": geom.geom_type, "valid": bool(geom.is_valid),
            "coords": [list(c) for c in geom.coords], "properties": feat["properties"],
        })
    out["shapely"] = shapely.__version__
    return out


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    if fmt in ("graphml", "gexf"):
        out = read_graph(fmt, path)
    elif fmt == "geojson":
        out = read_geojson(path)
    elif fmt == "stix":
        out = read_stix(path)
    else:
        sys.exit(f"unknown format {fmt}")
    json.dump(out, sys.stdout, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main()
