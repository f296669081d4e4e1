#!/usr/bin/env python3
# bench/score.py — scores kg's facts against the gold facts bench/gen_corpus.py planted: precision, recall and F1 by
# (subject, predicate, object), and amount / year / month agreement on the matched facts. A regression signal.
"""Usage: score.py --kg KG --db DB --gold gold.tsv [--errors N]

Names are compared by a fold key like kg's: NFKC, traditional → simplified (bench/s2t.tsv inverted), lower case,
without spaces and ·•.-_'’"()（）. kg's facts come from `KG --db DB facts --format tsv`.
Prints TAB-separated key/value lines (precision, recall, f1, amount_agree, …); with --errors N, N examples of
missed and of spurious facts on stderr.
"""
import argparse
import os
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
STRIP = set(" \t·•.-_'’\"()（）")


def load_t2s():
    table = {}
    with open(os.path.join(HERE, "s2t.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            s, t = line.rstrip("\n").split("\t")
            table[ord(t)] = s
    return table


T2S = load_t2s()


def fold(name):
    n = unicodedata.normalize("NFKC", name).translate(T2S).lower()
    return "".join(c for c in n if c not in STRIP)


def num(x):
    return float(x) if x else None


def read_rows(lines):
    header = None
    for line in lines:
        f = line.rstrip("\n").split("\t")
        if header is None:
            header = {c: i for i, c in enumerate(f)}
            continue
        g = lambda c: f[header[c]] if c in header and header[c] < len(f) else ""
        yield (fold(g("subject")), g("predicate"), fold(g("object"))), num(g("amount")), g("currency"), g("year"), g("month")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kg", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--gold", required=True)
    ap.add_argument("--errors", type=int, default=0)
    a = ap.parse_args()
    p = subprocess.run([a.kg, "--db", a.db, "facts", "--format", "tsv"], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit("score: kg facts failed: " + p.stderr.strip())
    kg_rows = list(read_rows(p.stdout.splitlines()))
    with open(a.gold, encoding="utf-8") as f:
        gold_rows = list(read_rows(f))
    K = {r[0] for r in kg_rows}
    G = {r[0] for r in gold_rows}
    tp = len(K & G)
    prec = tp / len(K) if K else 0.0
    rec = tp / len(G) if G else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    by_triple = {}
    for t, amt, cur, y, m in kg_rows:
        by_triple.setdefault(t, []).append((amt, cur, y, m))
    agree = {"amount": [0, 0], "year": [0, 0], "month": [0, 0]}
    for t, amt, cur, y, m in gold_rows:
        cands = by_triple.get(t)
        if not cands:
            continue
        if amt is not None:
            agree["amount"][1] += 1
            if any(c[0] is not None and abs(c[0] - amt) <= 0.005 * amt and c[1] == cur for c in cands):
                agree["amount"][0] += 1
        if y:
            agree["year"][1] += 1
            if any(c[2] == y for c in cands):
                agree["year"][0] += 1
        if m:
            agree["month"][1] += 1
            if any(c[2] == y and c[3] == m for c in cands):
                agree["month"][0] += 1
    print("gold_facts\t%d\nkg_facts\t%d\nmatched\t%d" % (len(G), len(K), tp))
    print("precision\t%.3f\nrecall\t%.3f\nf1\t%.3f" % (prec, rec, f1))
    for k, (ok, n) in agree.items():
        print("%s_agree\t%d/%d" % (k, ok, n))
    if a.errors:
        for label, xs in (("missed", sorted(G - K)), ("spurious", sorted(K - G))):
            for t in xs[: a.errors]:
                print("%s\t%s" % (label, " ".join(t)), file=sys.stderr)


if __name__ == "__main__":
    main()
