-- File: schema/003_search.sql — version 3: full-text search over sentences (kg search).
-- sentence_search is a contentless FTS5 index (rowid = sentences.id) of the sentences that are neither noise nor
-- duplicates, fed with kg_search_grams(norm) (schema/search.cpp) by triggers; existing sentences are indexed here.

-- The indexed text is already split: overlapping CJK bigrams plus the last character of each CJK run, and
-- case-folded words, separated by spaces. unicode61 only has to split at the spaces (diacritics are kept).
CREATE VIRTUAL TABLE sentence_search USING fts5(grams, content = '', tokenize = 'unicode61 remove_diacritics 0');

-- A contentless index forgets its text: a row is removed by the 'delete' command with the same grams it was
-- inserted with, which kg_search_grams recomputes from the old norm (it is deterministic).
CREATE TRIGGER sentences_search_insert AFTER INSERT ON sentences
WHEN NEW.noise = 0 AND NEW.dup_of IS NULL
BEGIN
  INSERT INTO sentence_search(rowid, grams) VALUES (NEW.id, kg_search_grams(NEW.norm));
END;

CREATE TRIGGER sentences_search_delete AFTER DELETE ON sentences
WHEN OLD.noise = 0 AND OLD.dup_of IS NULL
BEGIN
  INSERT INTO sentence_search(sentence_search, rowid, grams) VALUES ('delete', OLD.id, kg_search_grams(OLD.norm));
END;

CREATE TRIGGER sentences_search_update AFTER UPDATE OF id, norm, noise, dup_of ON sentences
BEGIN
  INSERT INTO sentence_search(sentence_search, rowid, grams)
    SELECT 'delete', OLD.id, kg_search_grams(OLD.norm) WHERE OLD.noise = 0 AND OLD.dup_of IS NULL;
  INSERT INTO sentence_search(rowid, grams)
    SELECT NEW.id, kg_search_grams(NEW.norm) WHERE NEW.noise = 0 AND NEW.dup_of IS NULL;
END;

INSERT INTO sentence_search(rowid, grams)
  SELECT id, kg_search_grams(norm) FROM sentences WHERE noise = 0 AND dup_of IS NULL ORDER BY id;
