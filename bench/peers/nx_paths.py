#!/usr/bin/env python3
# bench/peers/nx_paths.py — networkx peer: loads FILE.edges.csv (src,dst,predicate) as an undirected graph (kg's
# paths ignore fact direction) and times bidirectional_shortest_path and the 2-hop neighbourhood for each pair.
"""Usage: nx_paths.py EDGES_CSV NODES_CSV PAIRS OUT — PAIRS and OUT as kg_bench_graph (names, TAB-separated)."""
import sys
import time

import networkx as nx


def main():
    edges, nodes, pairs, out = sys.argv[1:5]
    t0 = time.perf_counter()
    ids = {}
    with open(nodes, encoding="utf-8") as f:
        for line in f:
            i, name = line.rstrip("\n").split(",", 1)
            ids[name] = int(i)
    g = nx.Graph()
    with open(edges, encoding="utf-8") as f:
        g.add_edges_from((int(s), int(o)) for s, o, _ in (line.rstrip("\n").split(",") for line in f))
    load_s = time.perf_counter() - t0
    with open(pairs, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as w:
        for line in f:
            a, b = line.rstrip("\n").split("\t")[:2]
            t = time.perf_counter()
            try:
                n = len(nx.bidirectional_shortest_path(g, ids[a], ids[b])) - 1
            except nx.NetworkXNoPath:
                n = -1
            us = (time.perf_counter() - t) * 1e6
            t = time.perf_counter()
            nb = len(nx.single_source_shortest_path_length(g, ids[a], cutoff=2))
            nus = (time.perf_counter() - t) * 1e6
            w.write("%s\t%s\t%d\t%.2f\t%d\t%.2f\n" % (a, b, n, us, nb, nus))
    print("load_s\t%.3f" % load_s)


if __name__ == "__main__":
    main()
