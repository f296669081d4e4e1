#!/usr/bin/env python3
# bench/gen_graph.py — a skewed investor → company graph (plus founders and acquisitions) for graph benchmarks
# (python3 stdlib only). Writes FILE.tsv in the `kg facts --format tsv` layout, and FILE.nodes.csv /
# FILE.edges.csv (numeric ids) for Kùzu and networkx. Byte-reproducible for a seed.
"""Usage: gen_graph.py --edges N [--nodes M] --seed S --out FILE.tsv

Node kinds (share of M): investors 10 %, acquiring groups 2 %, people 25 %, companies 63 %. Invested edges (85 %)
pick the investor with a power law (a few investors hold most of the portfolio), founded edges (10 %) join a
person to a company, acquired edges (5 %) a group to a company. Every row is a distinct fact (subject, predicate,
object, year, month, amount). Names are unique under kg's fold key.
"""
import argparse
import os
import random
import sys

CHARS = ("云帆星图曜石澄湖青岚启衡华溪芯岸沐光远川北辰鼎信松泽明朗峰瑞恒睿博宁海晨越凌翼霖嘉禾锐拓景澜"
         "逸朔岳峻霁砚翎彤桐柏榕枫珩璟琨瑜璞灏澈漪涵沛洛潇湃渊淳岱峦嵩巍昕晟暄曦旭煦烨熠焕炜耀")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蒋蔡余杜叶程魏苏吕丁沈姜范傅钟卢汪"
CO_SUFFIX = ["科技", "智能", "医疗", "数据", "生物", "能源"]
INV_SUFFIX = ["资本", "创投", "基金"]
GROUP_SUFFIX = ["集团", "控股"]


def spell(i, width):
    """i as `width` characters of CHARS (base len(CHARS))."""
    out = []
    for _ in range(width):
        out.append(CHARS[i % len(CHARS)])
        i //= len(CHARS)
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description="skewed investor-company graph in the kg facts TSV layout")
    ap.add_argument("--edges", type=int, required=True)
    ap.add_argument("--nodes", type=int, default=0, help="default: edges / 5")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="FILE.tsv; FILE.nodes.csv and FILE.edges.csv are written beside it")
    a = ap.parse_args()
    n_edges = a.edges
    n_nodes = a.nodes or max(50, n_edges // 5)
    if n_edges <= 0 or n_nodes < 20:
        sys.exit("gen_graph: --edges must be positive and --nodes at least 20")
    rng = random.Random(a.seed)
    n_inv = max(2, n_nodes // 10)
    n_grp = max(1, n_nodes // 50)
    n_per = max(2, n_nodes // 4)
    n_co = max(2, n_nodes - n_inv - n_grp - n_per)
    # Node ids: investors, groups, people, companies — in that order.
    names = []
    w = 1
    while len(CHARS) ** w < max(n_inv, n_grp, n_co):
        w += 1
    for i in range(n_inv):
        names.append(spell(i, w) + INV_SUFFIX[i % len(INV_SUFFIX)])
    for i in range(n_grp):
        names.append(spell(i, w) + GROUP_SUFFIX[i % len(GROUP_SUFFIX)])
    pw = 1
    while len(SURNAMES) * len(CHARS) ** pw < n_per:
        pw += 1
    pw = max(pw, 2)
    for i in range(n_per):
        names.append(SURNAMES[i % len(SURNAMES)] + spell(i // len(SURNAMES), pw))
    for i in range(n_co):
        names.append(spell(i, w) + CO_SUFFIX[i % len(CO_SUFFIX)])
    base_grp, base_per, base_co = n_inv, n_inv + n_grp, n_inv + n_grp + n_per
    kinds = ["organization"] * (n_inv + n_grp) + ["person"] * n_per + ["organization"] * n_co

    def company():
        # Mildly skewed: some companies raise many rounds.
        return base_co + int(n_co * (rng.random() ** 1.5))

    seen = set()
    rows = []
    amounts = [None, 5e6, 1e7, 3e7, 5e7, 1e8, 2e8, 5e8, 1e9]
    while len(rows) < n_edges:
        r = rng.random()
        if r < 0.85:
            s = int(n_inv * (rng.random() ** 2.5))  # power-law investor out-degree
            p = "invested"
            o = company()
        elif r < 0.95:
            s = base_per + rng.randrange(n_per)
            p = "founded"
            o = company()
        else:
            s = base_grp + int(n_grp * (rng.random() ** 2))
            p = "acquired"
            o = company()
        year = rng.randint(2000, 2025)
        month = rng.randint(1, 12) if rng.random() < 0.6 else None
        amt = rng.choice(amounts) if p != "founded" else None
        if p == "founded":
            month = None
        key = (s, p, o, year, month, amt)
        if key in seen:
            continue
        seen.add(key)
        cur = "" if amt is None else rng.choice(["CNY", "USD"])
        rows.append((s, p, o, amt, cur, year, month))
    # A few isolated founder → studio pairs, so that random pairs include unconnected ones.
    for i in range(max(2, n_edges // 2000)):
        names.append(SURNAMES[i % len(SURNAMES)] + spell(i, pw + 1) + "工作室")
        kinds.append("organization")
        names.append(SURNAMES[i % len(SURNAMES)] + spell(i, pw + 1))
        kinds.append("person")
        rows.append((len(names) - 1, "founded", len(names) - 2, None, "", 2020, None))
    base = a.out[:-4] if a.out.endswith(".tsv") else a.out
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    used = [False] * len(names)
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("subject\tpredicate\tobject\tamount\tcurrency\tyear\tmonth\tsources\tsubject_type\tobject_type\n")
        for s, p, o, amt, cur, year, month in rows:
            used[s] = used[o] = True
            f.write("%s\t%s\t%s\t%s\t%s\t%d\t%s\t1\t%s\t%s\n" % (
                names[s], p, names[o], "" if amt is None else "%d" % amt, cur, year,
                "" if month is None else month, kinds[s], kinds[o]))
    with open(base + ".nodes.csv", "w", encoding="utf-8", newline="\n") as f:
        for i, n in enumerate(names):
            if used[i]:
                f.write("%d,%s\n" % (i, n))
    with open(base + ".edges.csv", "w", encoding="utf-8", newline="\n") as f:
        for s, p, o, *_ in rows:
            f.write("%d,%d,%s\n" % (s, o, p))
    print("gen_graph: %d edges, %d nodes used (of %d) -> %s" % (len(rows), sum(used), len(names), a.out))


if __name__ == "__main__":
    main()
