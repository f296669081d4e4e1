-- File: schema/005_search_pending.sql — version 5: new sentences are indexed for search once per transaction.
-- Before, the insert trigger indexed each sentence as it was written, and FTS5 writes its pending terms out as a
-- new segment whenever a savepoint opens: with one savepoint per document in an ingest group, one segment per
-- document, then merges (a fifth of an ingest's time). Now sentence_search_upto.n marks what the index covers:
-- every searchable sentence with id <= n is indexed; those above it are pending, and Store indexes them with one
-- INSERT … SELECT before each of its write transactions commits (Store::index_pending_search). A sentence inserted
-- at or below the mark (a row id reused after the highest sentences were deleted) is still indexed by the trigger.

CREATE TABLE sentence_search_upto (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);
INSERT INTO sentence_search_upto (id, n) VALUES (1, (SELECT coalesce(max(id), 0) FROM sentences));

DROP TRIGGER sentences_search_insert;
DROP TRIGGER sentences_search_delete;
DROP TRIGGER sentences_search_update;

CREATE TRIGGER sentences_search_insert AFTER INSERT ON sentences
WHEN NEW.noise = 0 AND NEW.dup_of IS NULL AND NEW.id <= (SELECT n FROM sentence_search_upto)
BEGIN
  INSERT INTO sentence_search(rowid, grams) VALUES (NEW.id, kg_search_grams(NEW.norm));
END;

CREATE TRIGGER sentences_search_delete AFTER DELETE ON sentences
WHEN OLD.noise = 0 AND OLD.dup_of IS NULL AND OLD.id <= (SELECT n FROM sentence_search_upto)
BEGIN
  INSERT INTO sentence_search(sentence_search, rowid, grams) VALUES ('delete', OLD.id, kg_search_grams(OLD.norm));
END;

CREATE TRIGGER sentences_search_update AFTER UPDATE OF id, norm, noise, dup_of ON sentences
BEGIN
  INSERT INTO sentence_search(sentence_search, rowid, grams)
    SELECT 'delete', OLD.id, kg_search_grams(OLD.norm)
    WHERE OLD.noise = 0 AND OLD.dup_of IS NULL AND OLD.id <= (SELECT n FROM sentence_search_upto);
  INSERT INTO sentence_search(rowid, grams)
    SELECT NEW.id, kg_search_grams(NEW.norm)
    WHERE NEW.noise = 0 AND NEW.dup_of IS NULL AND NEW.id <= (SELECT n FROM sentence_search_upto);
END;
