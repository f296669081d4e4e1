-- File: schema/002_curation.sql — version 2: the analyst's judgements, applied on read.
-- Adds the documents' original bytes, content-derived keys for entities and facts, the append-only judgements
-- table and the effective_* views. Keys of rows stored under version 1 are filled in by Store::migrate().

ALTER TABLE documents ADD COLUMN raw BLOB;                    -- the original bytes (NULL: stored by version 1)
ALTER TABLE entities ADD COLUMN key TEXT NOT NULL DEFAULT ''; -- kg::entity_key(name) = fold_key(name)
CREATE INDEX entities_key ON entities(key);
ALTER TABLE facts ADD COLUMN uid TEXT NOT NULL DEFAULT '';    -- kg::fact_uid(…): sha256 hex of the fact's content
CREATE INDEX facts_uid ON facts(uid);

-- Human judgements: primary data, append-only. A row is never deleted; only superseded_at/superseded_by are set
-- when a later judgement replaces or undoes it (and cleared again when that later judgement is undone).
CREATE TABLE judgements (
  seq           INTEGER PRIMARY KEY,           -- local order of arrival
  id            TEXT NOT NULL UNIQUE,          -- 12 hex digits, global: kept by export/import
  kind          TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'not_same', 'reject', 'confirm', 'correct',
                                              'alias', 'fact', 'note', 'undo')),
  target        TEXT NOT NULL,                 -- entity key, fact uid or judgement id (see docs/schema.md)
  target2       TEXT NOT NULL DEFAULT '',      -- second entity key (merge, not_same)
  payload       TEXT NOT NULL DEFAULT '{}',    -- JSON object: values and the target as it was when judged
  evidence      TEXT NOT NULL DEFAULT '',
  reason        TEXT NOT NULL DEFAULT '',
  author        TEXT NOT NULL,
  created_at    TEXT NOT NULL,                 -- UTC, YYYY-MM-DDTHH:MM:SSZ
  superseded_at TEXT,                          -- NULL while the judgement is in force
  superseded_by TEXT                           -- id of the judgement that replaced or undid it
);
CREATE INDEX judgements_target ON judgements(target);
CREATE INDEX judgements_target2 ON judgements(target2);

-- Every entity by key: the extracted row (a lexicon row first when several rows share a key), and entities named
-- only by an analyst (alias and manual-fact judgements). id is the row id, or minus the judgement's seq.
CREATE VIEW entity_base AS
SELECT e.key, e.name, e.type, e.origin, e.id FROM entities e
WHERE e.id = (SELECT e2.id FROM entities e2 WHERE e2.key = e.key ORDER BY e2.origin = 'lexicon' DESC, e2.id LIMIT 1)
UNION ALL
SELECT key, name, type, 'user', -min(seq) FROM (
  SELECT target AS key, json_extract(payload, '$.entity') AS name, json_extract(payload, '$.type') AS type, seq
  FROM judgements WHERE kind = 'alias' AND superseded_at IS NULL
  UNION ALL
  SELECT json_extract(payload, '$.subject_key'), json_extract(payload, '$.subject'),
         json_extract(payload, '$.subject_type'), seq
  FROM judgements WHERE kind = 'fact' AND superseded_at IS NULL
  UNION ALL
  SELECT json_extract(payload, '$.object_key'), json_extract(payload, '$.object'),
         json_extract(payload, '$.object_type'), seq
  FROM judgements WHERE kind = 'fact' AND superseded_at IS NULL)
WHERE key NOT IN (SELECT key FROM entities) AND key NOT IN (SELECT key FROM aliases)
GROUP BY key;

-- A key named by a judgement, as it is read now: an entity's own key, else the entity that has it as a spelling
-- (an entity renamed by a lexicon keeps its judgements), else the key itself.
CREATE VIEW judged_keys AS
WITH k(key) AS (
  SELECT target FROM judgements WHERE kind = 'alias'
  UNION SELECT json_extract(payload, '$.subject_key') FROM judgements WHERE kind = 'fact'
  UNION SELECT json_extract(payload, '$.object_key') FROM judgements WHERE kind = 'fact')
SELECT k.key, COALESCE((SELECT e.key FROM entities e WHERE e.key = k.key LIMIT 1),
                       (SELECT e.key FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.key = k.key
                        ORDER BY e.id LIMIT 1),
                       k.key) AS now
FROM k WHERE k.key IS NOT NULL;

-- Entity keys merged into another entity, mapped to the root of their merge chain. A merge into an entity that
-- no longer exists is ignored here (kg doctor reports it).
CREATE VIEW entity_canon AS
WITH RECURSIVE
  m(member, canon) AS (SELECT target2, target FROM judgements WHERE kind = 'merge' AND superseded_at IS NULL),
  walk(member, canon, depth) AS (
    SELECT member, canon, 1 FROM m
    UNION ALL
    SELECT w.member, m.canon, w.depth + 1 FROM walk w JOIN m ON m.member = w.canon WHERE w.depth < 64)
SELECT member, canon FROM walk w
WHERE NOT EXISTS (SELECT 1 FROM m WHERE m.member = w.canon)
  AND (EXISTS (SELECT 1 FROM entities e WHERE e.key = w.canon)
       OR EXISTS (SELECT 1 FROM judgements j WHERE j.kind IN ('alias', 'fact') AND j.superseded_at IS NULL
                  AND (j.target = w.canon OR json_extract(j.payload, '$.subject_key') = w.canon
                       OR json_extract(j.payload, '$.object_key') = w.canon)));

-- key → the key of the entity it is read as (itself unless merged).
CREATE VIEW entity_map AS
SELECT b.key AS key, COALESCE(c.canon, b.key) AS canon FROM entity_base b LEFT JOIN entity_canon c ON c.member = b.key;

-- Entities with merges applied: one row per entity that is not merged into another.
CREATE VIEW effective_entities AS
SELECT key, name, type, origin, id FROM entity_base WHERE key NOT IN (SELECT member FROM entity_canon);

-- Every spelling of every effective entity: names and aliases of the entities merged into it, analysts' aliases.
CREATE VIEW effective_aliases AS
WITH c AS (SELECT member, canon FROM entity_canon)
SELECT COALESCE(c.canon, e.key) AS key, e.name AS alias, 'name' AS origin
FROM entities e LEFT JOIN c ON c.member = e.key
UNION
SELECT COALESCE(c.canon, e.key), a.alias, a.origin
FROM aliases a JOIN entities e ON e.id = a.entity_id LEFT JOIN c ON c.member = e.key
UNION
SELECT COALESCE(c.canon, b.key), b.name, 'name' FROM entity_base b LEFT JOIN c ON c.member = b.key WHERE b.id < 0
UNION
SELECT COALESCE(c.canon, jk.now), json_extract(j.payload, '$.alias'), 'user'
FROM judgements j JOIN judged_keys jk ON jk.key = j.target LEFT JOIN c ON c.member = jk.now
WHERE j.kind = 'alias' AND j.superseded_at IS NULL;

-- Facts with judgements applied: extracted and manual facts, ends mapped through merges, corrections applied,
-- verdict = 'rejected' | 'confirmed' | ''. Rows are not folded (Store::facts() folds them).
CREATE VIEW effective_facts AS
WITH
  canon AS MATERIALIZED (SELECT member, canon FROM entity_canon),
  ents AS MATERIALIZED (SELECT key, name, type, id FROM entity_base),
  verdicts AS (SELECT target AS uid, kind FROM judgements
               WHERE kind IN ('reject', 'confirm') AND superseded_at IS NULL),
  corrections AS (SELECT target AS uid, payload FROM judgements WHERE kind = 'correct' AND superseded_at IS NULL),
  base AS (
    SELECT f.id AS row_id, f.uid, 'extracted' AS origin, s.key AS subject_key, f.predicate, o.key AS object_key,
           f.amount, f.amount_min, f.amount_max, f.approx, f.round_total, f.currency, f.round, f.role, f.year,
           f.month, f.day, f.date_basis, f.status, '' AS judgement
    FROM facts f JOIN entities s ON s.id = f.subject_id JOIN entities o ON o.id = f.object_id
    UNION ALL
    SELECT -j.seq, j.target, 'manual',
           (SELECT now FROM judged_keys WHERE key = json_extract(j.payload, '$.subject_key')),
           json_extract(j.payload, '$.predicate'),
           (SELECT now FROM judged_keys WHERE key = json_extract(j.payload, '$.object_key')),
           json_extract(j.payload, '$.amount'), NULL, NULL, 0, 0,
           COALESCE(json_extract(j.payload, '$.currency'), ''), '', '', json_extract(j.payload, '$.year'),
           json_extract(j.payload, '$.month'), NULL,
           CASE WHEN json_extract(j.payload, '$.year') IS NULL THEN '' ELSE 'explicit' END,
           COALESCE(json_extract(j.payload, '$.status'), 'completed'), j.id
    FROM judgements j WHERE j.kind = 'fact' AND j.superseded_at IS NULL)
SELECT b.row_id, b.uid, b.origin,
       se.id AS subject_id, se.key AS subject_key, se.name AS subject, se.type AS subject_type, b.predicate,
       oe.id AS object_id, oe.key AS object_key, oe.name AS object, oe.type AS object_type,
       CASE WHEN json_type(c.payload, '$.amount') IS NULL THEN b.amount ELSE json_extract(c.payload, '$.amount') END
         AS amount,
       CASE WHEN json_type(c.payload, '$.amount') IS NULL THEN b.amount_min END AS amount_min,
       CASE WHEN json_type(c.payload, '$.amount') IS NULL THEN b.amount_max END AS amount_max,
       CASE WHEN json_type(c.payload, '$.amount') IS NULL THEN b.approx ELSE 0 END AS approx,
       CASE WHEN json_type(c.payload, '$.amount') IS NULL THEN b.round_total ELSE 0 END AS round_total,
       CASE WHEN json_type(c.payload, '$.currency') IS NULL THEN b.currency ELSE json_extract(c.payload, '$.currency') END
         AS currency,
       b.round, b.role,
       CASE WHEN json_type(c.payload, '$.year') IS NULL THEN b.year ELSE json_extract(c.payload, '$.year') END AS year,
       CASE WHEN json_type(c.payload, '$.month') IS NULL THEN b.month ELSE json_extract(c.payload, '$.month') END
         AS month,
       b.day, b.date_basis, b.status,
       CASE v.kind WHEN 'reject' THEN 'rejected' WHEN 'confirm' THEN 'confirmed' ELSE '' END AS verdict,
       c.payload IS NOT NULL AS corrected, b.judgement
FROM base b
LEFT JOIN canon sc ON sc.member = b.subject_key JOIN ents se ON se.key = COALESCE(sc.canon, b.subject_key)
LEFT JOIN canon oc ON oc.member = b.object_key JOIN ents oe ON oe.key = COALESCE(oc.canon, b.object_key)
LEFT JOIN verdicts v ON v.uid = b.uid
LEFT JOIN corrections c ON c.uid = b.uid;

-- The evidence of every fact: extracted sentences, and the analyst's evidence text for manual facts
-- (path 'judgement:ID', rule 'manual').
CREATE VIEW effective_sources AS
SELECT f.uid, fs.fact_id AS row_id, fs.doc_id, d.path, d.pub_date, fs.sentence_id, s.text AS sentence, fs.start,
       fs."end", fs.rule, fs.confidence
FROM fact_sources fs JOIN facts f ON f.id = fs.fact_id JOIN sentences s ON s.id = fs.sentence_id
JOIN documents d ON d.id = fs.doc_id
UNION ALL
SELECT j.target, -j.seq, 0, 'judgement:' || j.id, substr(j.created_at, 1, 10), 0, j.evidence, 0, 0, 'manual', 1.0
FROM judgements j WHERE j.kind = 'fact' AND j.superseded_at IS NULL;
