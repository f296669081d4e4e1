// bench/peers/kuzu_paths.mjs — Kùzu 0.11.3 peer (node): COPY FILE.nodes.csv / FILE.edges.csv into a fresh database
// and time `MATCH p = (a)-[* SHORTEST 1..K]-(b) RETURN length(p)` (undirected, as kg's path) for each pair.
// Usage: node kuzu_paths.mjs NODES_CSV EDGES_CSV PAIRS OUT DBDIR K   (OUT lines: A B length us; -1 = none ≤ K)
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "package.json"));
const kuzu = require("kuzu");
const [nodes, edges, pairs, out, dbdir, kArg] = process.argv.slice(2);
const K = parseInt(kArg || "10", 10);

const ids = new Map();
for (const line of fs.readFileSync(nodes, "utf8").split("\n")) {
  if (!line) continue;
  const c = line.indexOf(",");
  ids.set(line.slice(c + 1), parseInt(line.slice(0, c), 10));
}
fs.rmSync(dbdir, { recursive: true, force: true });
const t0 = performance.now();
const db = new kuzu.Database(dbdir);
const conn = new kuzu.Connection(db);
await conn.query("CREATE NODE TABLE E(id INT64, name STRING, PRIMARY KEY(id))");
await conn.query("CREATE REL TABLE R(FROM E TO E, predicate STRING)");
await conn.query(`COPY E FROM '${nodes}' (header=false)`);
await conn.query(`COPY R FROM '${edges}' (header=false)`);
const loadS = (performance.now() - t0) / 1000;
const stmt = await conn.prepare(
  `MATCH p = (a:E)-[* SHORTEST 1..${K}]-(b:E) WHERE a.id = $a AND b.id = $b RETURN length(p) AS n`);
const lines = [];
for (const line of fs.readFileSync(pairs, "utf8").split("\n")) {
  if (!line) continue;
  const [a, b] = line.split("\t");
  const t = performance.now();
  const r = await conn.execute(stmt, { a: ids.get(a), b: ids.get(b) });
  const rows = await r.getAll();
  const us = (performance.now() - t) * 1000;
  const n = rows.length ? Number(rows[0].n) : -1;
  lines.push(`${a}\t${b}\t${n}\t${us.toFixed(1)}`);
}
fs.writeFileSync(out, lines.join("\n") + "\n");
console.log(`load_s\t${loadS.toFixed(3)}`);
process.exit(0);
