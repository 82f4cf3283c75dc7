"""Write import fixtures with the real tools' libraries: networkx (GraphML,
GEXF), stix2 (a STIX 2.1 bundle) and followthemoney (FtM JSON lines).

usage: write_tools.py graphml|gexf|stix|ftm OUT
Exits 3 when the library is not installed (the Go test skips, or fails in CI).
"""
import json
import sys


def nx_graph():
    import networkx as nx

    g = nx.DiGraph()
    g.add_node("Kim Young-bok", kind="Person", rank="Colonel General")
    g.add_node("storm-corps", label="11th Corps", kind="unit", aliases="Storm Corps; 폭풍군단")
    g.add_node("Kursk", kind="Place", description="Region of Russia")
    g.add_edge("Kim Young-bok", "storm-corps", type="commands", since="2020", until="2024-10", credibility=2)
    g.add_edge("storm-corps", "Kursk", label="deployed to", start="2024-10-18T00:00:00", weight=1.5)
    return g


def write_graphml(out):
    import networkx as nx

    nx.write_graphml(nx_graph(), out)


def write_gexf(out):
    import networkx as nx

    nx.write_gexf(nx_graph(), out)


def write_stix(out):
    import stix2

    amber = stix2.TLP_AMBER
    kim = stix2.Identity(name="Kim Young-bok", identity_class="individual", object_marking_refs=[amber])
    corps = stix2.Identity(name="Storm Corps", identity_class="organization", sectors=["defense"])
    actor = stix2.ThreatActor(name="Lazarus Group", threat_actor_types=["nation-state"], aliases=["Hidden Cobra"])
    iset = stix2.IntrusionSet(name="Andariel")
    place = stix2.Location(name="Kursk", region="europe", country="RU")
    tool = stix2.Tool(name="KN-23", tool_types=["exploitation"])
    malware = stix2.Malware(name="AppleJeus", is_family=True)
    r1 = stix2.Relationship(kim, "commands", corps, start_time="2020-01-01T00:00:00Z", stop_time="2024-10-31T23:59:59.999Z",
                            confidence=70,
                            external_references=[{"source_name": "YTN", "url": "https://www.ytn.co.kr/_ln/0101_202410281", "external_id": "ytn-2024-10-28", "description": "North Korean general leads troops"}])
    r2 = stix2.Relationship(corps, "located-at", place)
    r3 = stix2.Relationship(actor, "uses", malware)
    r4 = stix2.Relationship(iset, "attributed-to", actor)
    r5 = stix2.Relationship(actor, "uses", tool)
    report = stix2.Report(name="Storm Corps in Kursk", published="2024-11-01T00:00:00Z", report_types=["threat-report"],
                          object_refs=[r2.id, corps.id, place.id])
    bundle = stix2.Bundle(kim, corps, actor, iset, place, tool, malware, r1, r2, r3, r4, r5, report, amber)
    with open(out, "w") as f:
        f.write(bundle.serialize(pretty=True))


def write_ftm(out):
    from followthemoney import model

    def make(schema, key, **props):
        e = model.make_entity(schema)
        e.make_id(key)
        for k, v in props.items():
            e.add(k, v)
        return e

    kim = make("Person", "kim", name=["Kim Young-bok", "Kim Yong-bok"], birthDate="1960", nationality="kp")
    ri = make("Person", "ri", name="Ri Chang Ho")
    org = make("Organization", "gsd", name="General Staff Department")
    co = make("Company", "co", name="Korea Mining Development Trading Corporation", alias="KOMID")
    doc = make("Document", "doc", title="Panel of Experts report", sourceUrl="https://www.un.org/securitycouncil/sanctions/1718/panel_experts/reports")
    mem = make("Membership", "m", member=kim.id, organization=org.id, role="deputy chief of staff", startDate="2024-06")
    mem.add("proof", doc.id)
    dire = make("Directorship", "d", director=ri, organization=co, startDate="2019-03-01", endDate="2023")
    own = make("Ownership", "o", owner=org, asset=co, percentage="100")
    fam = make("Family", "f", person=kim, relative=ri, relationship="brother-in-law")
    with open(out, "w") as f:
        for e in (kim, ri, org, co, doc, mem, dire, own, fam):
            f.write(json.dumps(e.to_dict(), sort_keys=True) + "\n")


def main():
    fmt, out = sys.argv[1], sys.argv[2]
    try:
        {"graphml": write_graphml, "gexf": write_gexf, "stix": write_stix, "ftm": write_ftm}[fmt](out)
    except ImportError as e:
        print(f"missing python module: {e}", file=sys.stderr)
        sys.exit(3)


if __name__ == "__main__":
    main()
