-- File: schema/004_snapshot.sql — version 4: the revision counter and the graph snapshot it validates.
-- kg_revision.n grows with every change that can alter the effective entities or facts: a document stored,
-- changed or removed, a judgement made or superseded, a derived row changed or removed (and Store::rebuild bumps
-- it itself, since re-extraction may only insert rows). graph_snapshot caches the read commands' graph
-- (graph/snapshot.h): part 0 is the core (vertices, adjacency, per-fact brief fields), parts 1.. hold the facts in
-- chunks. A snapshot whose revision differs from kg_revision.n is stale: readers ignore it and the next read
-- command replaces it. Later migrations that change data must bump kg_revision.n too.

CREATE TABLE kg_revision (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);
INSERT INTO kg_revision (id, n) VALUES (1, 1);

CREATE TABLE graph_snapshot (
  part     INTEGER PRIMARY KEY,   -- 0 = core, k >= 1 = fact chunk k - 1
  revision INTEGER NOT NULL,      -- kg_revision.n the snapshot was built at
  data     BLOB NOT NULL
);

CREATE TRIGGER revision_documents_insert AFTER INSERT ON documents BEGIN UPDATE kg_revision SET n = n + 1; END;
CREATE TRIGGER revision_documents_update AFTER UPDATE ON documents BEGIN UPDATE kg_revision SET n = n + 1; END;
CREATE TRIGGER revision_documents_delete AFTER DELETE ON documents BEGIN UPDATE kg_revision SET n = n + 1; END;
CREATE TRIGGER revision_judgements_insert AFTER INSERT ON judgements BEGIN UPDATE kg_revision SET n = n + 1; END;
CREATE TRIGGER revision_judgements_update AFTER UPDATE ON judgements BEGIN UPDATE kg_revision SET n = n + 1; END;
CREATE TRIGGER revision_judgements_delete AFTER DELETE ON judgements BEGIN UPDATE kg_revision SET n = n + 1; END;
CREATE TRIGGER revision_entities_update AFTER UPDATE ON entities BEGIN UPDATE kg_revision SET n = n + 1; END;
CREATE TRIGGER revision_entities_delete AFTER DELETE ON entities BEGIN UPDATE kg_revision SET n = n + 1; END;
CREATE TRIGGER revision_aliases_update AFTER UPDATE ON aliases BEGIN UPDATE kg_revision SET n = n + 1; END;
CREATE TRIGGER revision_aliases_delete AFTER DELETE ON aliases BEGIN UPDATE kg_revision SET n = n + 1; END;
CREATE TRIGGER revision_facts_update AFTER UPDATE ON facts BEGIN UPDATE kg_revision SET n = n + 1; END;
CREATE TRIGGER revision_facts_delete AFTER DELETE ON facts BEGIN UPDATE kg_revision SET n = n + 1; END;
CREATE TRIGGER revision_fact_sources_update AFTER UPDATE ON fact_sources BEGIN UPDATE kg_revision SET n = n + 1; END;
CREATE TRIGGER revision_fact_sources_delete AFTER DELETE ON fact_sources BEGIN UPDATE kg_revision SET n = n + 1; END;
