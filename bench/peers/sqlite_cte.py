#!/usr/bin/env python3
# bench/peers/sqlite_cte.py — SQLite peer: the length of the shortest A–B path by a depth-bounded recursive CTE over
# the kg database's facts table (both directions, as kg's path), timed per pair. Read-only; uses python3's sqlite3.
"""Usage: sqlite_cte.py DB PAIRS OUT K   (OUT lines: A B length seconds; -1 = no path within K hops)"""
import sqlite3
import sys
import time

SQL = """
WITH RECURSIVE walk(node, depth) AS (
  SELECT ?1, 0
  UNION
  SELECT f.object_id, w.depth + 1 FROM walk w JOIN facts f ON f.subject_id = w.node
   WHERE w.depth < ?3 AND w.node <> ?2
  UNION
  SELECT f.subject_id, w.depth + 1 FROM walk w JOIN facts f ON f.object_id = w.node
   WHERE w.depth < ?3 AND w.node <> ?2
)
SELECT min(depth) FROM walk WHERE node = ?2
"""


def main():
    db, pairs, out, k = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    ids = lambda name: con.execute("SELECT id FROM entities WHERE name = ?", (name,)).fetchone()[0]
    with open(pairs, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as w:
        for line in f:
            a, b = line.rstrip("\n").split("\t")[:2]
            ia, ib = ids(a), ids(b)
            t = time.perf_counter()
            d = con.execute(SQL, (ia, ib, k)).fetchone()[0]
            s = time.perf_counter() - t
            w.write("%s\t%s\t%d\t%.3f\n" % (a, b, -1 if d is None else d, s))
            w.flush()


if __name__ == "__main__":
    main()
