#!/usr/bin/env python3
# File: fuzz/make_seeds.py — writes the libFuzzer seed corpora and dictionaries for the fuzz targets from what the
# repository already holds (golden cases, data/sample, the question tests, data/ cue files, fuzz/dicts, fuzz/seeds),
# so no thousands of seed files are committed. Usage: make_seeds.py REPO OUT  (OUT/seeds/<target>, OUT/dicts/<target>.dict)
import hashlib
import os
import re
import shutil
import sys

repo, out = sys.argv[1], sys.argv[2]
seeds_root = os.path.join(out, "seeds")
dicts_root = os.path.join(out, "dicts")
shutil.rmtree(seeds_root, ignore_errors=True)
os.makedirs(seeds_root)
os.makedirs(dicts_root, exist_ok=True)


def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = os.path.join(seeds_root, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def golden_cases():
    """(date, text, expect rows) of every case in tests/golden/cases/*.test (format: tests/golden/README.md)."""
    cases = []
    d = os.path.join(repo, "tests/golden/cases")
    for name in sorted(os.listdir(d)):
        if not name.endswith(".test"):
            continue
        case, mode = None, None
        for line in open(os.path.join(d, name), encoding="utf-8"):
            line = line.rstrip("\r\n")
            if case is None:
                if line.startswith("case:"):
                    case, mode = {"date": "", "text": "", "expect": []}, None
                continue
            if line == "#" or line.startswith("# "):
                continue
            if line == "end":
                cases.append(case)
                case = None
            elif mode != "text" and line.startswith("date:"):
                case["date"] = line[5:].strip()
            elif line == "text:":
                mode = "text"
            elif line.startswith("expect:"):
                mode = "expect"
            elif mode == "text":
                case["text"] += line + "\n"
            elif mode == "expect" and line.strip():
                case["expect"].append(line.split("\t"))
    return cases


cases = golden_cases()
samples = []
sample_dir = os.path.join(repo, "data/sample")
for name in sorted(os.listdir(sample_dir)):
    with open(os.path.join(sample_dir, name), "rb") as f:
        samples.append(f.read())

# Documents: the sample articles and every golden text (with its date as a dateline, as news pages print it),
# plus re-encodings and HTML / Markdown wrappings of some of them, for the decoder and the whole pipeline.
docs = list(samples)
for c in cases:
    docs.append(((c["date"] + "\n") if c["date"] else "").encode() + c["text"].encode("utf-8"))
for i, c in enumerate(cases):
    t = c["text"]
    if i % 4 == 0:
        docs.append(t.encode("gb18030", errors="ignore"))
    if i % 4 == 1:
        docs.append(t.encode("big5", errors="ignore"))
    if i % 8 == 2:
        docs.append(b"\xff\xfe" + t.encode("utf-16-le"))
    if i % 8 == 6:
        docs.append(t.encode("utf-16-be"))
    if i % 6 == 3:
        body = "".join("<p>%s</p>\n" % l for l in t.splitlines())
        date = '<meta property="article:published_time" content="%sT09:00:00+08:00">' % c["date"] if c["date"] else ""
        docs.append(("<!DOCTYPE html><html><head><title>news</title>%s<script>var x=1;</script></head>"
                     "<body><article>%s</article></body></html>" % (date, body)).encode("utf-8"))
    if i % 6 == 5:
        front = "---\ntitle: news\ndate: %s\n---\n" % c["date"] if c["date"] else ""
        docs.append((front + "# Heading\n\n" + "\n".join("**%s**" % l for l in t.splitlines())).encode("utf-8"))
for d in docs:
    put("decode", d)
    put("document", d)

# Amount and date parsers: single lines of the golden texts and the sample articles.
for c in cases:
    for line in c["text"].splitlines():
        if line.strip():
            put("amount", line)
            put("date", line)
    if c["date"]:
        put("date", c["date"])
for s in samples:
    for line in s.decode("utf-8", errors="replace").splitlines():
        if line.strip():
            put("amount", line)
            put("date", line)

# Questions: the string literals of the question tests (questions and their expected summaries) and fuzz/seeds.
for name in ("question_forms_test.cpp", "question_tests.cpp"):
    p = os.path.join(repo, "tests/queries", name)
    if os.path.exists(p):
        for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', open(p, encoding="utf-8").read()):
            if lit and not lit.startswith("[") and "/" not in lit[:12]:
                put("question", lit.replace('\\"', '"'))

# kg import: fact tables made from the golden expectations (one table per golden file, the `kg facts --format tsv`
# column names) and the hand-written tables in fuzz/seeds/import/.
cols = ["subject", "predicate", "object", "amount", "currency", "year", "month", "status"]
rows = [e for c in cases for e in c["expect"] if len(e) >= 3]
for k in range(0, len(rows), 12):
    chunk = rows[k:k + 12]
    put("import", "\t".join(cols) + "\n" + "".join("\t".join((r + [""] * 8)[:8]) + "\n" for r in chunk))

# Hand-written seeds: fuzz/seeds/<target>/* copied as they are.
hand = os.path.join(repo, "fuzz/seeds")
if os.path.isdir(hand):
    for target in os.listdir(hand):
        if not os.path.isdir(os.path.join(hand, target)):
            continue
        for name in os.listdir(os.path.join(hand, target)):
            with open(os.path.join(hand, target, name), "rb") as f:
                put(target, f.read())


# Dictionaries (libFuzzer format): fuzz/dicts/*.txt, plus the cue words of data/fact_cues.tsv and the literal
# words of data/patterns.tsv for the document target.
def words(name):
    out = []
    for line in open(os.path.join(repo, "fuzz/dicts", name), encoding="utf-8"):
        line = line.rstrip("\n")
        if line and not line.startswith("# "):
            out.append(line)
    return out


def escape(token):
    b = token.encode("utf-8").replace(b"\\t", b"\t")
    b = re.sub(rb"\\x([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]), b)
    return "".join(chr(c) if 32 <= c < 127 and c not in (34, 92) else "\\x%02X" % c for c in b)


def data_words():
    out = []
    for line in open(os.path.join(repo, "data/fact_cues.tsv"), encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if not line.startswith("#") and len(f) >= 2:
            out.append(f[1])
    for line in open(os.path.join(repo, "data/patterns.tsv"), encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if not line.startswith("#") and len(f) >= 4:
            for tok in re.split(r"[\s|!?]+", f[3]):
                if tok and re.search(r"[\u4e00-\u9fff]", tok):
                    out.append(tok)
    return out


dicts = {
    "amount": words("amount.txt"),
    "date": words("date.txt"),
    "question": words("question.txt"),
    "import": words("import.txt"),
    "decode": words("markup.txt"),
    "document": words("amount.txt") + words("date.txt") + words("markup.txt") + data_words(),
}
for target, toks in dicts.items():
    with open(os.path.join(dicts_root, target + ".dict"), "w") as f:
        for t in sorted(set(toks)):
            f.write('"%s"\n' % escape(t))

for target in sorted(os.listdir(seeds_root)):
    print("%s: %d seeds" % (target, len(os.listdir(os.path.join(seeds_root, target)))))
