#!/usr/bin/env python3
# bench/gen_corpus.py — synthetic Chinese funding news for benchmarks and extractor scoring (python3 stdlib only).
# Writes DIR/docs/NNNN/*.txt (simplified, traditional, some GB18030, noise, repeats) and DIR/gold.tsv, the facts
# planted; byte-reproducible for a seed, streamed to disk (1 MB … 1 GB).
"""Usage: gen_corpus.py --size-mb N --seed S --out DIR

Every article is built from templates written for this generator (none is taken from a real article) over
generated names. gold.tsv columns: subject predicate object amount currency year month (TAB-separated, header
first, one row per distinct planted fact, in first-planted order). Names in gold.tsv are in simplified script.
"""
import argparse
import hashlib
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# ---- names -------------------------------------------------------------------------------------------------------
# Syllable characters for invented names: none is a cue word of its own (no 投 资 获 收 购 由 和 与 及 等 创 立 金).
NAME_CHARS = ("云帆星图曜石澄湖青岚启衡华溪芯岸沐光远川北辰鼎信松泽明朗峰瑞恒睿博宁海晨越凌翼霖嘉禾锐拓景澜"
              "逸朔岳峻霁砚翎彤桐柏榕枫珩璟琨瑜璞灏澈漪涵沛洛潇湃渊淳岱峦嵩巍昕晟暄曦旭煦烨熠焕炜耀")
STARTUP_SUFFIXES = ["科技", "智能", "医疗", "数据", "半导体", "生物", "机器人", "能源", "材料", "信息"]
INVESTOR_SUFFIXES = ["资本", "创投", "基金", "投资"]
GROUP_SUFFIXES = ["集团", "控股", "科技"]
LATIN_HEADS = ["Nor", "Vel", "Quin", "Tor", "Zen", "Ar", "Bel", "Cal", "Dor", "El", "Fen", "Gal", "Hal", "Ivo",
               "Kel", "Lum", "Mar", "Nex", "Or", "Pal", "Rav", "Sol", "Tal", "Ul", "Val", "Wex", "Yar"]
LATIN_TAILS = ["wind", "ora", "tix", "ven", "mont", "aris", "ex", "ium", "eon", "ara", "ith", "ova", "rix", "dale",
               "ford", "stone", "brook", "field", "gate", "crest"]
LATIN_INV_SUFFIXES = ["Capital", "Ventures", "Partners"]
LATIN_CO_SUFFIXES = ["Robotics", "Labs", "AI"]
SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
            "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "萧", "田", "董", "潘",
            "袁", "蒋", "蔡", "余", "杜", "叶", "程", "魏", "苏", "吕", "丁", "沈", "姜", "范", "傅", "钟", "卢", "汪"]
# Given-name characters common in real names (no 以: a function word that would open half the sentences it ends).
GIVEN = ("嘉衡清源宁子墨思远一鸣若溪俊杰文博志强振华婉雨桐浩然梓涵晓峰立新建国明哲宇航欣怡天佑泽"
         "伟芳娜敏静丽军磊洋勇艳涛超刚平辉鹏飞鑫波斌琳颖倩晨凯帆瑶璐琪蕾昊睿铭轩诚毅")
# Two-character surnames: when the short single-surname names run out, names grow by taking one of these (a real
# name shape) instead of a third given-name character (which real names almost never have).
COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "东方", "令狐", "慕容", "皇甫", "夏侯", "尉迟", "长孙", "公孙"]
TITLES_FOUNDER = ["创始人兼CEO", "创始人", "联合创始人兼CTO", "创始人兼董事长"]
TITLES_OTHER = ["合伙人", "执行董事", "投资总监", "副总裁"]
CITIES = ["苏州", "杭州", "深圳", "上海", "北京", "合肥", "成都", "武汉", "南京", "西安", "广州", "无锡"]
FIELDS = ["工业机器人", "医疗影像", "储能电池", "自动驾驶", "企业服务软件", "合成生物", "芯片设计", "物流仓储",
          "农业无人机", "新材料", "智能座舱", "基因检测"]
ROUNDS = ["天使轮", "Pre-A轮", "A轮", "A+轮", "B轮", "B+轮", "C轮", "D轮", "战略"]


class Names:
    """Entity pools; names are unique across kinds for one seed."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()
        self.startups = []
        self.investors = []
        self.groups = []

    def _fresh(self, make):
        """make(extra) builds a candidate with `extra` more characters than usual. Names stay short while the short
        name space has room (1000 tries); then they grow one character at a time, so big corpora never run out
        (and smaller ones, which never reach the fallback, are unchanged)."""
        for extra in range(8):
            for _ in range(1000):
                n = make(extra)
                if n not in self.used:
                    self.used.add(n)
                    return n
        raise SystemExit("gen_corpus: name space exhausted")

    def _prefix(self, extra=0):
        k = (2 if self.rng.random() < 0.7 else 3) + extra
        return "".join(self.rng.choice(NAME_CHARS) for _ in range(k))

    def _latin(self):
        return self.rng.choice(LATIN_HEADS) + self.rng.choice(LATIN_TAILS)

    def new_startup(self):
        if self.rng.random() < 0.1:
            n = self._fresh(lambda x: self._latin() + "".join(self.rng.choice(LATIN_TAILS) for _ in range(x)) + " " +
                            self.rng.choice(LATIN_CO_SUFFIXES))
        else:
            n = self._fresh(lambda x: self._prefix(x) + self.rng.choice(STARTUP_SUFFIXES))
        self.startups.append(n)
        return n

    def new_investor(self):
        if self.rng.random() < 0.2:
            n = self._fresh(lambda x: self._latin() + "".join(self.rng.choice(LATIN_TAILS) for _ in range(x)) + " " +
                            self.rng.choice(LATIN_INV_SUFFIXES))
        else:
            n = self._fresh(lambda x: self._prefix(x) + self.rng.choice(INVESTOR_SUFFIXES))
        self.investors.append(n)
        return n

    def new_group(self):
        n = self._fresh(lambda x: self._prefix(x) + self.rng.choice(GROUP_SUFFIXES))
        self.groups.append(n)
        return n

    def person(self):
        def make(x):
            surname = self.rng.choice(SURNAMES if x == 0 else COMPOUND_SURNAMES)
            return surname + "".join(self.rng.choice(GIVEN) for _ in range((1 if self.rng.random() < 0.3 else 2) +
                                                                           max(0, x - 1)))
        return self._fresh(make)

    def investor(self):
        # Skewed reuse: a few investors appear in many articles; the pool grows slowly with the corpus.
        if not self.investors or self.rng.random() < 0.08:
            return self.new_investor()
        i = int(len(self.investors) * (self.rng.random() ** 3))
        return self.investors[i]

    def investors_distinct(self, k):
        out = []
        while len(out) < k:
            n = self.investor()
            if n not in out:
                out.append(n)
        return out

    def startup(self, fresh_share=0.7):
        if not self.startups or self.rng.random() < fresh_share:
            return self.new_startup()
        return self.rng.choice(self.startups)

    def group(self):
        if not self.groups or self.rng.random() < 0.3:
            return self.new_group()
        i = int(len(self.groups) * (self.rng.random() ** 2))
        return self.groups[i]


# ---- amounts and dates -----------------------------------------------------------------------------------------
def amount(rng):
    """(text, value in currency units, ISO currency)."""
    r = rng.random()
    if r < 0.35:
        n = rng.choice([1, 2, 3, 5, 6, 8, 1.5, 2.5, 1.2])
        cur = rng.choice([("元", "CNY"), ("元人民币", "CNY"), ("美元", "USD")])
        return fmt_num(n) + "亿" + cur[0], n * 1e8, cur[1]
    if r < 0.65:
        n = rng.choice([1000, 2000, 3000, 5000, 6000, 8000, 500])
        cur = rng.choice([("万元", "CNY"), ("万美元", "USD"), ("万元人民币", "CNY")])
        return str(n) + cur[0], n * 1e4, cur[1]
    # Approximate amounts, ranges and bounds: kg records the lower bound as the amount (schema/records.h).
    if r < 0.8:
        w = rng.choice([("数千万元", 1e7, "CNY"), ("数亿元", 1e8, "CNY"), ("数千万美元", 1e7, "USD")])
        return w
    if r < 0.9:
        lo = rng.choice([1, 2, 3])
        return "%d-%d亿元" % (lo, lo + 1), lo * 1e8, "CNY"
    n = rng.choice([1, 2, 5, 10])
    return "超过%d亿元" % n, n * 1e8, "CNY"


def fmt_num(n):
    return str(int(n)) if float(n).is_integer() else str(n)


class Pub:
    def __init__(self, rng):
        self.year = rng.randint(2018, 2025)
        self.month = rng.randint(1, 12)
        self.day = rng.randint(1, 28)


def date_phrase(rng, pub):
    """(text, year, month) for a past fact, relative to the publication date or absolute."""
    r = rng.random()
    if r < 0.25:
        return "近日", pub.year, pub.month
    if r < 0.4 and pub.month > 1:
        m = rng.randint(1, pub.month - 1)
        return "今年%d月" % m, pub.year, m
    if r < 0.5:
        return "去年", pub.year - 1, None
    if r < 0.6:
        m = rng.randint(1, 12)
        return "去年%d月" % m, pub.year - 1, m
    y = rng.randint(2012, pub.year - 1)
    if rng.random() < 0.5:
        return "%d年" % y, y, None
    m = rng.randint(1, 12)
    return "%d年%d月" % (y, m), y, m


# ---- noise -----------------------------------------------------------------------------------------------------
NOISE = [
    "👉 点击关注，第一时间获取最新融资快讯",
    "关注公众号【{w}观察】，回复“报告”领取行业白皮书",
    "点击阅读原文，查看完整报道",
    "🧧 微信扫码领取双十一超级红包，最高{n}元！",
    "#BTC# #以太坊# 新人注册即送{n}U，限时空投进行中 👉 t.me/{l}coin",
    "淘宝搜：【天天红包{n}】领超级红包，京东搜：【天天红包{n}】",
    "首页 > 科技 > 创投 > 正文",
    "声明：本文仅供参考，不构成投资建议。",
    "相关阅读：{w}行业周报｜本周融资事件盘点",
    "本文来源：{w}财经，转载请注明出处。",
    "责任编辑：{p}",
    "扫码加入{w}创投交流群，与一线投资人面对面",
    "💰💰 币圈暴富密码，私信领取 {n}倍杠杆合约带单 #Crypto# #DOGE#",
]
KEYWORDS = ["{f}融资 {c} {r} {f}概念股", "{c} {r}融资 最新消息", "{f} 投融资 {c}"]


def noise_line(rng, names):
    t = rng.choice(NOISE)
    return t.format(w=rng.choice(["创投", "科技", "硬核", "前沿"]), n=rng.choice([88, 188, 666, 888, 1000]),
                    l=rng.choice(["moon", "pump", "gem"]), p=rng.choice(SURNAMES) + rng.choice(GIVEN))


# ---- facts and articles ----------------------------------------------------------------------------------------
class Article:
    def __init__(self):
        self.paras = []   # list of list of sentences
        self.facts = []   # (subject, predicate, object, amount, currency, year, month)

    def fact(self, s, p, o, amt=None, cur="", year=None, month=None):
        self.facts.append((s, p, o, amt, cur, year, month))


def join_list(xs):
    if len(xs) == 1:
        return xs[0]
    return "、".join(xs[:-1]) + "和" + xs[-1]


def funding_event(rng, names, pub, art, target, date=None):
    """One financing round of target; returns the sentences (one paragraph)."""
    amt_text, amt, cur = amount(rng)
    dtext, y, m = date or date_phrase(rng, pub)
    rnd = rng.choice(ROUNDS)
    rnd_text = "战略融资" if rnd == "战略" else rnd + "融资"
    invs = names.investors_distinct(rng.choice([1, 1, 2, 2, 3]))
    shape = rng.randrange(6)
    s = []
    if shape == 0:
        s.append("%s，%s宣布完成%s%s。" % (dtext, target, amt_text, rnd_text))
        if len(invs) == 1:
            s.append("本轮融资由%s独家投资。" % invs[0])
        else:
            s.append("本轮由%s领投，%s跟投。" % (invs[0], join_list(invs[1:])))
    elif shape == 1:
        lead = invs[0]
        rest = ("，%s参投" % join_list(invs[1:])) if len(invs) > 1 else ""
        s.append("%s%s完成%s%s，由%s领投%s。" % (target, dtext, amt_text, rnd_text, lead, rest))
    elif shape == 2:
        s.append("%s%s获%s%s%s投资。" % (target, dtext, join_list(invs), amt_text, rnd if rnd != "战略" else "战略"))
    elif shape == 3:
        s.append("%s，%s获得了来自%s的%s投资。" % (dtext, target, join_list(invs), amt_text))
    elif shape == 4:
        invs = invs[:1]
        s.append("%s，%s向%s注资%s。" % (dtext, invs[0], target, amt_text))
    else:
        s.append("%s完成了新一轮%s的融资，投资方为%s。" % (target, amt_text, join_list(invs)))
        dtext, y, m = "", None, None
        # a dateless round: the gold has no date (kg may date it by publication when a news cue is present)
    for inv in invs:
        art.fact(inv, "invested", target, amt, cur, y, m)
    return s


def earlier_round(rng, names, pub, art, target):
    invs = names.investors_distinct(rng.choice([1, 2]))
    if rng.random() < 0.5:
        for inv in invs:
            art.fact(inv, "invested", target)
        return ["此前，%s曾获%s投资。" % (target, join_list(invs))]
    y = rng.randint(2012, pub.year - 1)
    amt_text, amt, cur = amount(rng)
    for inv in invs:
        art.fact(inv, "invested", target, amt, cur, y, None)
    return ["%s曾于%d年获得%s%s%s投资。" % (target, y, join_list(invs), amt_text, rng.choice(ROUNDS[:4]))]


def founding(rng, names, pub, art, company):
    p = names.person()
    y = rng.randint(2008, pub.year - 1)
    shape = rng.randrange(4)
    if shape == 0:
        art.fact(p, "founded", company, year=y)
        return ["%s由%s于%d年创立，总部位于%s。" % (company, p, y, rng.choice(CITIES))]
    if shape == 1:
        art.fact(p, "founded", company, year=y)
        return ["%d年，曾任某上市公司高管的%s创办了%s。" % (y, p, company)]
    if shape == 2:
        q = names.person()
        art.fact(p, "founded", company, year=y)
        art.fact(q, "founded", company, year=y)
        return ["%s与%s于%d年联合创立了%s。" % (p, q, y, company)]
    art.fact(p, "founded", company)
    return ["%s%s%s表示，公司将继续加大研发投入。" % (company, rng.choice(TITLES_FOUNDER), p)]


def acquisition(rng, names, pub, art):
    acq = names.group()
    tgt = names.startup(fresh_share=0.5)
    while tgt == acq:
        tgt = names.startup()
    dtext, y, m = date_phrase(rng, pub)
    shape = rng.randrange(4)
    if shape == 0:
        amt_text, amt, cur = amount(rng)
        art.fact(acq, "acquired", tgt, amt, cur, y, m)
        return ["%s，%s以%s收购%s。" % (dtext, acq, amt_text, tgt)]
    if shape == 1:
        art.fact(acq, "acquired", tgt, None, "", y, m)
        return ["%s%s宣布全资收购%s。" % (dtext, acq, tgt)]
    if shape == 2:
        art.fact(acq, "acquired", tgt, None, "", y, m)
        return ["%s%s被%s收购，交易金额未披露。" % (tgt, dtext, acq)]
    amt_text, amt, cur = amount(rng)
    art.fact(acq, "acquired", tgt, amt, cur, y, m)
    return ["%s，%s完成对%s的收购，交易对价为%s。" % (dtext, acq, tgt, amt_text)]


def filler(rng, names, company):
    """Sentences with names, numbers and money words but no fact."""
    t = rng.randrange(12)
    if t == 0:
        return "%s成立于%d年，总部位于%s，主要从事%s相关业务。" % (company, rng.randint(2010, 2022),
                                                          rng.choice(CITIES), rng.choice(FIELDS))
    if t == 1:
        return "据介绍，本轮融资完成后，%s的估值已超过%d亿元。" % (company, rng.choice([10, 20, 30, 50]))
    if t == 2:
        return "公司去年营收约%s亿元，同比增长超过%d%%。" % (rng.choice(["1.2", "2.5", "3.8"]), rng.choice([30, 80, 150]))
    if t == 3:
        inv = names.investor()
        return "%s%s%s表示，“我们看好%s赛道的长期价值”。" % (inv, rng.choice(TITLES_OTHER), names.person(),
                                                    rng.choice(FIELDS))
    if t == 4:
        return "本轮资金将主要用于新一代产品研发和海外市场拓展。"
    if t == 5:
        return "%s行业仍处于早期阶段，头部企业的市场份额尚不足%d%%。" % (rng.choice(FIELDS), rng.choice([10, 15, 20]))
    if t == 6:
        inv = names.investor()
        return "值得一提的是，%s今年刚完成一期规模%d亿元的基金募资。" % (inv, rng.choice([20, 40, 60]))
    if t == 7:
        return "目前，%s的产品已进入%d家客户的产线，订单排期到明年。" % (company, rng.choice([30, 50, 120]))
    if t == 8:
        return "业内人士认为，资本市场对%s的关注度正在回升。" % rng.choice(FIELDS)
    if t == 9:
        return "%s的研发团队超过%d人，其中博士占比约三成。" % (company, rng.choice([100, 200, 300]))
    if t == 10:
        return "受此消息影响，相关概念股午后集体拉升。"
    return "%s表示，将在%s建设第二个生产基地。" % (company, rng.choice(CITIES))


def make_article(rng, names, pub):
    art = Article()
    kind = rng.random()
    target = names.startup()
    paras = []
    if kind < 0.65:  # financing report
        ev = funding_event(rng, names, pub, art, target)
        title = "%s完成新一轮融资" % target
        paras.append(ev + [filler(rng, names, target)])
        body = [founding(rng, names, pub, art, target) + [filler(rng, names, target)],
                [filler(rng, names, target), filler(rng, names, target)]]
        if rng.random() < 0.5:
            body.append(earlier_round(rng, names, pub, art, target) + [filler(rng, names, target)])
        if rng.random() < 0.2:
            body.append(acquisition(rng, names, pub, art) + [filler(rng, names, target)])
        rng.shuffle(body)
        paras.extend(body)
    elif kind < 0.85:  # acquisitions round-up
        title = "%s行业并购动态" % rng.choice(FIELDS)
        for _ in range(rng.randint(1, 3)):
            paras.append(acquisition(rng, names, pub, art) + [filler(rng, names, target)])
        paras.append([filler(rng, names, target), filler(rng, names, target)])
    else:  # company profile
        title = "走近%s：一家%s公司的成长" % (target, rng.choice(FIELDS))
        paras.append(founding(rng, names, pub, art, target) + [filler(rng, names, target)])
        paras.append([filler(rng, names, target) for _ in range(3)])
        paras.append(earlier_round(rng, names, pub, art, target))
    for _ in range(rng.randint(1, 3)):  # plain filler paragraphs: most sentences are not facts
        paras.insert(rng.randint(1, len(paras)), [filler(rng, names, target) for _ in range(rng.randint(2, 4))])
    if rng.random() < 0.15:  # a paragraph repeated
        paras.append(list(rng.choice(paras)))
    lines = []
    head = rng.randrange(3)
    if head == 0:
        lines.append("%d年%d月%d日" % (pub.year, pub.month, pub.day))
    elif head == 1:
        lines.append("发布时间：%d-%02d-%02d %02d:%02d" % (pub.year, pub.month, pub.day, rng.randint(7, 22),
                                                       rng.randint(0, 59)))
    else:
        lines.append("%d-%02d-%02d 来源：%s" % (pub.year, pub.month, pub.day, rng.choice(["创投日报", "科技前哨",
                                                                                       "产业观察"])))
    if rng.random() < 0.4:
        lines.append(rng.choice(KEYWORDS).format(f=rng.choice(FIELDS), c=target, r=rng.choice(ROUNDS)))
    lines.append(title)
    for p in paras:
        lines.append("".join(p))
        if rng.random() < 0.2:
            lines.append(noise_line(rng, names))
    for _ in range(rng.randint(1, 4)):
        lines.append(noise_line(rng, names))
    text = "\n".join(lines) + "\n"
    if rng.random() < 0.05:  # the whole article pasted twice
        text = text + "\n" + text
    return text, art.facts


FULLWIDTH = {ord(c): chr(ord(c) - ord("0") + 0xFF10) for c in "0123456789"}


def load_s2t(path):
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            s, t = line.rstrip("\n").split("\t")
            table[ord(s)] = t
    return table


def fmt_gold(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def main():
    ap = argparse.ArgumentParser(description="synthetic Chinese funding news with planted gold facts")
    ap.add_argument("--size-mb", type=float, required=True, help="stop after this many MiB of article bytes")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.size_mb <= 0:
        sys.exit("gen_corpus: --size-mb must be positive")
    s2t = load_s2t(os.path.join(HERE, "s2t.tsv"))
    rng = random.Random(a.seed)
    names = Names(rng)
    docs = os.path.join(a.out, "docs")
    os.makedirs(docs, exist_ok=True)
    limit = int(a.size_mb * 1024 * 1024)
    written = 0
    n = 0
    seen = set()
    recent = []  # recent articles, for reposts
    stats = {"articles": 0, "traditional": 0, "gb18030": 0, "reposts": 0, "facts": 0}
    with open(os.path.join(a.out, "gold.tsv"), "w", encoding="utf-8", newline="\n") as gold:
        gold.write("subject\tpredicate\tobject\tamount\tcurrency\tyear\tmonth\n")
        while written < limit:
            pub = Pub(rng)
            if recent and rng.random() < 0.03:  # a repost of an earlier article with other noise around it
                text, facts = rng.choice(recent)
                text = noise_line(rng, names) + "\n" + text + noise_line(rng, names) + "\n"
                stats["reposts"] += 1
            else:
                text, facts = make_article(rng, names, pub)
                recent.append((text, facts))
                if len(recent) > 50:
                    recent.pop(0)
            if rng.random() < 0.2:
                text = text.translate(FULLWIDTH)
            enc = "utf-8"
            r = rng.random()
            if r < 0.25:
                text = text.translate(s2t)
                stats["traditional"] += 1
            elif r < 0.3:
                enc = "gb18030"
                stats["gb18030"] += 1
            data = text.encode(enc)
            sub = os.path.join(docs, "%04d" % (n // 1000))
            if n % 1000 == 0:
                os.makedirs(sub, exist_ok=True)
            with open(os.path.join(sub, "a%07d.txt" % n), "wb") as f:
                f.write(data)
            written += len(data)
            n += 1
            for fact in facts:
                row = "\t".join(fmt_gold(x) for x in fact)
                key = hashlib.blake2b(row.encode("utf-8"), digest_size=8).digest()
                if key in seen:
                    continue
                seen.add(key)
                gold.write(row + "\n")
                stats["facts"] += 1
    stats["articles"] = n
    stats["bytes"] = written
    with open(os.path.join(a.out, "stats.tsv"), "w", encoding="utf-8") as f:
        for k in sorted(stats):
            f.write("%s\t%d\n" % (k, stats[k]))
    print("gen_corpus: %d articles, %d bytes, %d gold facts -> %s" % (n, written, stats["facts"], a.out))


if __name__ == "__main__":
    main()
