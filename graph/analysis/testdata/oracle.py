#!/usr/bin/env python3
"""networkx as the oracle of graph/analysis's tests.

With no argument: for each test graph (Zachary's karate club, Les
Misérables, a seeded random graph) print its nodes, edges, networkx's
centralities, the modularity networkx's Louvain reaches over SEEDS seeds
and the size of its Steiner trees for seeded sets of terminals, as JSON. With "modularity": read {"graph": name, "communities": [[id, ...]]}
on stdin and print networkx's modularity of that partition.
Everything is unweighted, as graph/analysis sees the chart.
"""
import json
import random
import sys

import networkx as nx

SEEDS = 20


def unweighted(g):
    h = nx.Graph()
    h.add_nodes_from(g)
    h.add_edges_from(g.edges())
    return h


def graphs():
    karate = nx.relabel_nodes(unweighted(nx.karate_club_graph()), lambda n: "n%d" % n)
    lesmis = unweighted(nx.les_miserables_graph())
    rnd = nx.gnm_random_graph(300, 900, seed=22)
    rnd = nx.relabel_nodes(rnd, lambda n: "r%03d" % n)
    return {"karate": karate, "lesmis": lesmis, "random": rnd}


def steiner(g):
    """Kou's Steiner tree (networkx's approximation) for seeded sets of five
    terminals in the largest component."""
    from networkx.algorithms.approximation import steiner_tree

    rng = random.Random(22)
    big = sorted(max(nx.connected_components(g), key=len))
    out = []
    for _ in range(5):
        ts = rng.sample(big, 5)
        out.append({"terminals": ts, "links": steiner_tree(g, ts, method="kou").number_of_edges()})
    return out


def oracle(g):
    return {
        "nodes": sorted(g.nodes()),
        "edges": sorted([a, b] for a, b in g.edges()),
        "measures": {
            "degree": nx.degree_centrality(g),
            "betweenness": nx.betweenness_centrality(g),
            "closeness": nx.closeness_centrality(g),
            "pagerank": nx.pagerank(g, alpha=0.85, tol=1e-13, max_iter=100000),
            "eigenvector": nx.eigenvector_centrality(g, tol=1e-13, max_iter=100000),
        },
        "steiner": steiner(g),
        "louvain": [
            nx.community.modularity(g, nx.community.louvain_communities(g, seed=s))
            for s in range(SEEDS)
        ],
    }


def main():
    if sys.argv[1:] == ["modularity"]:
        req = json.load(sys.stdin)
        g = graphs()[req["graph"]]
        print(json.dumps(nx.community.modularity(g, [set(c) for c in req["communities"]])))
        return
    print(json.dumps({name: oracle(g) for name, g in graphs().items()}))


if __name__ == "__main__":
    main()
