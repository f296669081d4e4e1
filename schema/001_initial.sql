-- File: schema/001_initial.sql — version 1 of the kg research database.
-- Documents and their sentences (with byte offsets into the original file), entities and every alias,
-- mentions, facts and the sentences that support them. Applied in one transaction; sets user_version = 1.

CREATE TABLE documents (
  id              INTEGER PRIMARY KEY,
  path            TEXT NOT NULL,
  sha256          TEXT NOT NULL UNIQUE,          -- content hash of the raw bytes: a document is stored once
  bytes           INTEGER NOT NULL,
  encoding        TEXT NOT NULL,
  format          TEXT NOT NULL,                 -- text | html | markdown
  pub_date        TEXT NOT NULL DEFAULT '',      -- YYYY-MM-DD | YYYY-MM | YYYY | ''
  pub_date_source TEXT NOT NULL DEFAULT 'unknown', -- given | inferred | metadata | unknown
  title           TEXT NOT NULL DEFAULT ''
);

CREATE TABLE sentences (
  id        INTEGER PRIMARY KEY,
  doc_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq       INTEGER NOT NULL,
  paragraph INTEGER NOT NULL,
  start     INTEGER NOT NULL,                    -- byte offsets into the original file, [start, end)
  end       INTEGER NOT NULL,
  text      TEXT NOT NULL,                       -- as written
  norm      TEXT NOT NULL,                       -- normalised (NFKC, simplified) for matching and search
  noise     INTEGER NOT NULL DEFAULT 0,          -- 1: dropped by the noise filter
  dup_of    INTEGER,                             -- seq of an earlier identical sentence in the same document
  UNIQUE (doc_id, seq)
);

CREATE TABLE entities (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL UNIQUE,
  type   TEXT NOT NULL CHECK (type IN ('person', 'organization', 'product')),
  origin TEXT NOT NULL                           -- lexicon | discovered | user
);

CREATE TABLE aliases (
  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  alias     TEXT NOT NULL,
  key       TEXT NOT NULL,                       -- fold_key(alias): how names are compared
  origin    TEXT NOT NULL,                       -- lexicon | seen | user
  PRIMARY KEY (entity_id, alias)
);
CREATE INDEX aliases_key ON aliases(key);

CREATE TABLE mentions (
  id          INTEGER PRIMARY KEY,
  sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
  entity_id   INTEGER NOT NULL REFERENCES entities(id),
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL,
  surface     TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE facts (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,              -- subject|predicate|object|year|month|amount|currency|status
  subject_id  INTEGER NOT NULL REFERENCES entities(id),
  predicate   TEXT NOT NULL,
  object_id   INTEGER NOT NULL REFERENCES entities(id),
  amount      REAL,
  amount_min  REAL,
  amount_max  REAL,
  approx      INTEGER NOT NULL DEFAULT 0,
  round_total INTEGER NOT NULL DEFAULT 0,
  currency    TEXT NOT NULL DEFAULT '',
  round       TEXT NOT NULL DEFAULT '',
  role        TEXT NOT NULL DEFAULT '',
  year        INTEGER,
  month       INTEGER,
  day         INTEGER,
  date_basis  TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL DEFAULT 'completed'
);
CREATE INDEX facts_subject ON facts(subject_id);
CREATE INDEX facts_object ON facts(object_id);

CREATE TABLE fact_sources (
  fact_id     INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
  sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
  doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL,
  rule        TEXT NOT NULL,                     -- id of the pattern that fired
  confidence  REAL NOT NULL,
  PRIMARY KEY (fact_id, sentence_id, rule)
);
CREATE INDEX fact_sources_doc ON fact_sources(doc_id);
