#include "ingest/extractor.h"

#include <algorithm>
#include <set>

#include "base/error.h"
#include "base/text.h"
#include "base/unicode.h"
#include "ingest/datafile.h"

namespace kg::ingest {

FactCues FactCues::load(const std::string& path) {
  FactCues c;
  for (const auto& row : read_data_file(path, 3)) {
    const std::string& kind = row.fields[0];
    Cue cue{normalize_text(utf8_to_u32(row.fields[1])), row.fields[2]};
    if (cue.text.empty() || cue.value.empty()) throw FileError(path, "empty cue or value", row.line);
    static const std::map<std::string, std::vector<Cue> FactCues::*> lists = {
        {"status", &FactCues::status}, {"trap", &FactCues::traps},      {"round", &FactCues::rounds},
        {"news", &FactCues::news},     {"past", &FactCues::past},       {"round_ref", &FactCues::round_refs},
        {"year_part", &FactCues::year_parts}, {"round_amount", &FactCues::round_amounts},
        {"trigger_noun", &FactCues::trigger_nouns}};
    auto it = lists.find(kind);
    if (it == lists.end()) throw FileError(path, "unknown kind '" + kind + "'", row.line);
    static const std::set<std::string> statuses = {"planned", "pending", "rumoured", "denied", "terminated", "completed",
                                                    "hearsay"};
    if (kind == "status" && !statuses.count(cue.value))
      throw FileError(path, "unknown status '" + cue.value + "'", row.line);
    (c.*(it->second)).push_back(cue);
  }
  auto longest = [](auto& v) {
    std::stable_sort(v.begin(), v.end(), [](const Cue& a, const Cue& b) { return a.text.size() > b.text.size(); });
  };
  longest(c.status);
  longest(c.traps);
  longest(c.rounds);
  return c;
}

Extractor::Extractor(const ExtractorResources& r, std::optional<int> y, std::optional<int> m, std::optional<int> d)
    : r_(r), pub_year_(y), pub_month_(m), recognizer_(*r.lexicon, *r.names) {
  dates_.set_publication(y, m, d);
  recognizer_.set_local(&local_);
}

void Extractor::add_local(const std::string& name, const std::string& type, const std::vector<std::string>& aliases) {
  local_.add(name, type, aliases, "discovered");
  // A lexicon match needs every word of the surface, so the longest one (of letters, digits or CJK characters)
  // must be in the sentence; if it is not, an earlier entity-finder result for that sentence is still right.
  auto log = [&](const std::string& surface) {
    std::u32string n = normalize_text(utf8_to_u32(surface)), word, best;
    for (char32_t c : n) {
      char32_t f = fold_ascii(c);
      bool part = is_cjk(c) || (f >= 'a' && f <= 'z') || (f >= '0' && f <= '9') || (c > 0x7F && !is_space(c) && is_latin_letter(c));
      if (part) {
        word.push_back(f);
        if (word.size() > best.size()) best = word;
      } else {
        word.clear();
      }
    }
    local_log_.push_back(best.empty() ? n : best);
  };
  log(name);
  for (const auto& a : aliases) log(a);
}

void Extractor::prepare(const std::vector<SentenceView>& sentences) {
  // The document's topic: the organisation mentioned most, with a bonus for opening a sentence (the subject of
  // the news) and for being the first organisation named; ties go to the earliest.
  struct Score {
    int points = 0;
    size_t first = 0;
  };
  std::map<std::string, Score> score;
  size_t order = 0;
  bool first_org = true;
  for (const auto& s : sentences) {
    Prepared& cached = prepared_[s.seq];
    cached.log_mark = local_log_.size();
    cached.mentions = recognizer_.find(s.text, s.original, &s.from);
    const auto& ms = cached.mentions;
    // A name introduced once («码客邦», 芯跃半导体) is recognised wherever the document repeats it.
    for (const auto& m : ms)
      if (m.origin == "discovered" && !m.weak && !m.descriptor && m.type == "organization" && m.end - m.begin >= 2 &&
          !(m.end - m.begin <= 3 && r_.names->surnames.count(s.text.substr(m.begin, 1))) &&  // may be a person
          !local_.find(m.name))
        add_local(m.name, m.type, {m.surface});
    bool opener = true;
    for (const auto& m : ms) {
      if (m.descriptor || m.type != "organization") {
        opener = false;
        continue;
      }
      auto [it, fresh] = score.try_emplace(m.name, Score{0, order++});
      it->second.points += 2;
      if (opener && m.begin <= 2) it->second.points += 2;
      if (first_org) it->second.points += 1;
      first_org = opener = false;
    }
  }
  int best = 0;
  size_t first = 0;
  for (const auto& [name, sc] : score) {
    if (sc.points > best || (sc.points == best && sc.first < first)) {
      best = sc.points;
      first = sc.first;
      doc_topic_ = name;
    }
  }
}

std::string Extractor::entity_name(const Mention& m, ExtractedDocument& doc) {
  auto it = entity_index_.find(m.name);
  size_t idx;
  if (it == entity_index_.end()) {
    EntityRecord e;
    e.name = m.name;
    e.type = m.type;
    e.origin = m.origin;
    if (m.origin != "discovered") {
      if (auto id = r_.lexicon->find(m.name)) e.aliases = r_.lexicon->entry(*id).aliases;
    }
    if (auto id = local_.find(m.name)) {
      for (const auto& a : local_.entry(*id).aliases) e.aliases.push_back(a);
    }
    idx = doc.entities.size();
    doc.entities.push_back(std::move(e));
    entity_index_[m.name] = idx;
  } else {
    idx = it->second;
  }
  auto& al = doc.entities[idx].aliases;
  if (std::find(al.begin(), al.end(), m.surface) == al.end()) al.push_back(m.surface);
  return m.name;
}

namespace {

constexpr int kEventSpan = 2;  // sentences an open funding event stays open

// A clause break, except the thousands comma inside a number (8,500万).
bool break_at(std::u32string_view t, size_t i) {
  if (t[i] == ',' && i > 0 && i + 1 < t.size() && t[i - 1] >= '0' && t[i - 1] <= '9' && t[i + 1] >= '0' &&
      t[i + 1] <= '9')
    return false;
  return clause_break(t[i]);
}
size_t clause_start(std::u32string_view t, size_t pos) {
  while (pos > 0 && !break_at(t, pos - 1)) --pos;
  return pos;
}
size_t clause_end(std::u32string_view t, size_t pos) {
  while (pos < t.size() && !break_at(t, pos)) ++pos;
  return pos;
}
bool contains_at(std::u32string_view t, size_t b, size_t e, std::u32string_view w) {
  if (e > t.size()) e = t.size();
  if (b >= e || w.size() > e - b) return false;
  return std::u32string_view(t.substr(b, e - b)).find(w) != std::u32string_view::npos;
}
bool has_pred(const std::string& list, const std::string& pred) {
  size_t p = 0;
  while (p <= list.size()) {
    size_t bar = list.find('|', p);
    if (list.substr(p, bar == std::string::npos ? std::string::npos : bar - p) == pred) return true;
    if (bar == std::string::npos) break;
    p = bar + 1;
  }
  return false;
}

}  // namespace

void Extractor::sentence(const SentenceView& s, ExtractedDocument& doc) {
  const std::u32string& t = s.text;
  const size_t facts_before = doc.facts.size();
  if (s.paragraph != topic_paragraph_) {
    paragraph_topic_.clear();
    topic_paragraph_ = s.paragraph;
  }
  std::vector<Mention> mentions;
  if (auto it = prepared_.find(s.seq); it != prepared_.end()) {
    std::u32string folded = t;
    for (auto& c : folded) c = fold_ascii(c);
    bool fresh = true;
    for (size_t j = it->second.log_mark; j < local_log_.size() && fresh; ++j)
      if (folded.find(local_log_[j]) != std::u32string::npos) fresh = false;
    if (fresh) mentions = std::move(it->second.mentions);
    else mentions = recognizer_.find(t, s.original, &s.from);
    prepared_.erase(it);
  } else {
    mentions = recognizer_.find(t, s.original, &s.from);
  }
  for (const auto& [full, short_name] : recognizer_.defined_aliases(t, mentions)) {
    std::string type = "organization";
    for (const auto& m : mentions)
      if (m.name == full) type = m.type;
    add_local(full, type, {short_name});
  }
  // Record mentions (a name found only by its place is recorded once a fact uses it).
  auto file_off = [&](size_t text_index) -> int64_t {
    size_t oi = s.from[std::min(text_index, s.from.size() - 1)];
    return s.src[std::min<size_t>(oi, s.src.size() - 1)];
  };
  std::vector<bool> recorded(mentions.size(), false);
  auto record = [&](size_t k) {
    if (recorded[k]) return;
    recorded[k] = true;
    const Mention& m = mentions[k];
    Mention written = m;
    size_t ob = s.from[m.begin], oe = s.from[m.end];
    std::string as_written = u32_to_utf8(std::u32string_view(s.original).substr(ob, oe - ob));
    std::string name = entity_name(m, doc);
    if (!m.bracket_alias.empty()) {  // 科斯拉风投(Khosla Ventures): both spellings are aliases
      for (const char* open : {"(", "（"})
        if (auto cut = as_written.find(open); cut != std::string::npos) as_written.resize(cut);
      written.surface = m.bracket_alias;
      entity_name(written, doc);
    }
    if (as_written != m.surface && !as_written.empty()) {
      written.surface = as_written;
      entity_name(written, doc);
    }
    doc.mentions.push_back(MentionRecord{s.seq, name, file_off(m.begin), file_off(m.end), as_written});
  };
  // Known names (lexicon, --lexicon, kg alias add) are always recorded; a discovered name only when a fact uses
  // it, so the entity list is not filled with word fragments that matched a suffix or a position.
  for (size_t k = 0; k < mentions.size(); ++k)
    if (mentions[k].origin != "discovered") record(k);

  // Dates (resolved in order, updating the discourse date) and amounts.
  std::vector<DateExpr> dexp = find_dates(t);
  std::vector<ResolvedDate> dres;
  for (const auto& d : dexp) dres.push_back(dates_.resolve(d));
  bool relative_date = false;  // 前年 / 今年3月: the sentence states a date relative to the publication date
  for (size_t k = 0; k < dexp.size(); ++k)
    if (dexp[k].kind == DateKind::RelativePublication && !dexp[k].forecast && dres[k].year) relative_date = true;
  std::vector<Amount> amounts = find_amounts(t);
  // A paragraph that narrated a dated past event in an earlier sentence is history, not the article's news.
  const bool narrative = narrative_paragraph_ == s.paragraph;
  for (size_t k = 0; k < dexp.size(); ++k)
    if (!dexp[k].forecast && dres[k].year && dexp[k].kind != DateKind::RelativePublication &&
        dexp[k].kind != DateKind::Vague)
      narrative_paragraph_ = s.paragraph;

  // Tokens.
  std::vector<Token> toks;
  auto mention_at = [&](size_t p) -> int {
    for (size_t k = 0; k < mentions.size(); ++k)
      if (mentions[k].begin == p) return static_cast<int>(k);
    return -1;
  };
  for (size_t i = 0; i < t.size();) {
    // Spaces and quotation marks carry nothing for the patterns («“和光资本”和星溪创投» is a list).
    if (is_space(t[i]) || t[i] == U'“' || t[i] == U'”' || t[i] == '"' || t[i] == U'「' || t[i] == U'」' ||
        t[i] == U'『' || t[i] == U'』') {
      ++i;
      continue;
    }
    int mi = mention_at(i);
    if (mi >= 0) {
      const Mention& m = mentions[mi];
      if (m.descriptor) {
        i = std::max(m.role_end, m.end);
        continue;
      }
      toks.push_back(Token{TokKind::Entity, 0, mi, m.begin, m.end});
      i = m.end;
      continue;
    }
    // 某某科技有限公司(以下简称“某某”): the alias definition is not part of the sentence's grammar.
    if (t[i] == '(') {
      size_t j = i + 1;
      for (const char32_t* w : {U"以下简称", U"以下称", U"下称", U"简称"})
        if (starts_with_at(t, j, w)) {
          size_t close = t.find(')', j);
          if (close != std::u32string::npos && close - i < 30) {
            i = close + 1;
            break;
          }
        }
      if (i != j - 1) continue;
    }
    // Descriptors in front of a name (老股东, 知名天使投资人 …), possibly several, are dropped.
    {
      size_t j = i;
      for (bool more = true; more;) {
        more = false;
        for (const auto& w : r_.names->pre_descriptors.at(t, j))
          if (starts_with_at(t, j, w)) {
            j += w.size();
            while (j < t.size() && is_space(t[j])) ++j;
            more = true;
            break;
          }
        if (!more)
          for (const auto& w : r_.names->person_titles.at(t, j))  // 制片人苏晓雯: a title right before a person
            if (starts_with_at(t, j, w) && mention_at(j + w.size()) >= 0 &&
                mentions[mention_at(j + w.size())].type == "person") {
            j += w.size();
            while (j < t.size() && is_space(t[j])) ++j;
            more = true;
            break;
          }
      }
      if (j > i && mention_at(j) >= 0) {
        i = j;
        continue;
      }
    }
    bool done = false;
    for (size_t k = 0; k < dexp.size() && !done; ++k)
      if (dexp[k].begin == i && dexp[k].end > i) {
        toks.push_back(Token{TokKind::Date, 0, static_cast<int>(k), dexp[k].begin, dexp[k].end});
        i = dexp[k].end;
        done = true;
      }
    for (size_t k = 0; k < amounts.size() && !done; ++k)
      if (amounts[k].begin == i && amounts[k].end > i) {
        toks.push_back(Token{TokKind::Amount, 0, static_cast<int>(k), amounts[k].begin, amounts[k].end});
        i = amounts[k].end;
        done = true;
      }
    if (done) continue;
    toks.push_back(Token{TokKind::Char, t[i], -1, i, i + 1});
    ++i;
  }
  auto tpos = [&](size_t ti) { return ti < toks.size() ? toks[ti].begin : t.size(); };

  std::vector<Match> matches = r_.patterns->match(toks);
  if (trace_) {
    std::string& tr = *trace_;
    tr += "sentence " + std::to_string(s.seq) + ": ";
    for (const auto& tk : toks) {
      if (tk.kind == TokKind::Char) append_utf8(tr, tk.ch);
      else if (tk.kind == TokKind::Entity) tr += "[" + mentions[tk.index].name + "]";
      else if (tk.kind == TokKind::Date) tr += "<DATE " + dexp[tk.index].text + ">";
      else tr += "<AMT " + u32_to_utf8(std::u32string_view(t).substr(amounts[tk.index].begin, amounts[tk.index].end - amounts[tk.index].begin)) + ">";
    }
    tr += "\n";
    for (const auto& m : mentions)
      if (m.descriptor) tr += "  descriptor: " + m.name + (m.descriptor_word.empty() ? "" : " (" + m.descriptor_word + ")") + "\n";
    for (const auto& m : matches) {
      tr += "  match " + m.pattern->id + ":";
      for (int i : m.S) tr += " S=" + mentions[i].name;
      for (int i : m.O) tr += " O=" + mentions[i].name;
      tr += "\n";
    }
  }
  std::vector<std::pair<size_t, size_t>> negatives;
  for (const auto& m : matches)
    if (m.pattern->predicate == "not") negatives.push_back({tpos(m.begin), tpos(m.end)});
  std::stable_sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) { return a.begin < b.begin; });

  auto trapped = [&](const Amount& a, const std::string& pred) {
    size_t cb = clause_start(t, a.begin), ce = clause_end(t, a.end);
    size_t wb = a.begin >= cb + 8 ? a.begin - 8 : cb;
    size_t we = std::min(ce, a.end + 4);
    for (const auto& c : r_.cues->traps) {
      if (!has_pred(c.value, pred)) continue;
      if (contains_at(t, wb, a.begin, c.text) || contains_at(t, a.end, we, c.text)) return true;
    }
    return false;
  };
  // True when the amount's clause names it as the round's (融资金额约为3亿元, 本轮融资总额达5亿美元).
  auto round_amount = [&](const Amount& a) {
    size_t cb = clause_start(t, a.begin);
    for (const auto& c : r_.cues->round_amounts)
      if (contains_at(t, cb, a.begin, c.text)) return true;
    return false;
  };
  std::set<size_t> owned;  // amounts inside the clause of some deal match of this sentence
  auto pick_amount = [&](const Match& m, const std::string& pred) -> std::optional<Amount> {
    if (m.pattern->noamount) return std::nullopt;
    std::vector<size_t> cands;
    for (size_t k = 0; k < amounts.size(); ++k)
      if (!amounts[k].conversion && !amounts[k].undisclosed && !trapped(amounts[k], pred)) cands.push_back(k);
    size_t trig = tpos(m.trigger_begin);
    auto nearest = [&](const std::vector<size_t>& v) {
      size_t best = v.front();
      for (size_t k : v) {
        auto dist = [&](size_t a) {
          return amounts[a].begin > trig ? amounts[a].begin - trig : trig - amounts[a].begin;
        };
        if (dist(k) < dist(best)) best = k;
      }
      return amounts[best];
    };
    std::vector<size_t> in_match, in_clause;
    size_t mb = tpos(m.begin), me = tpos(m.end);
    size_t cb = clause_start(t, trig), ce = clause_end(t, trig);
    for (size_t k : cands) {
      if (amounts[k].begin >= mb && amounts[k].end <= me) in_match.push_back(k);
      else if (amounts[k].begin >= cb && amounts[k].end <= ce) in_clause.push_back(k);
    }
    if (!in_match.empty()) return nearest(in_match);
    if (!in_clause.empty()) return nearest(in_clause);
    // 由A领投，B跟投，融资金额约为3亿元: an amount the sentence states as the round's belongs to every investor.
    if (pred == "invested")
      for (size_t k : cands)
        if (round_amount(amounts[k])) return amounts[k];
    // The sentence's only free amount (not in another deal's clause): 高达10亿美元的启动资金,…包括A、B的资金支持.
    std::vector<size_t> free;
    for (size_t k : cands)
      if (!owned.count(k)) free.push_back(k);
    if (free.size() == 1) {
      const Amount& a = amounts[free.front()];
      // only from a neighbouring clause, never across a semicolon
      size_t lo = std::min(a.begin, trig), hi = std::max(a.end, trig);
      int breaks = 0;
      bool semicolon = false;
      for (size_t i = lo; i < hi; ++i)
        if (break_at(t, i)) {
          ++breaks;
          if (t[i] == ';') semicolon = true;
        }
      if (breaks <= 1 && !semicolon) return a;
    }
    return std::nullopt;
  };
  auto pick_round = [&](const Match& m) -> std::string {
    size_t trig = tpos(m.trigger_begin);
    size_t b = std::min(clause_start(t, trig), tpos(m.begin)), e = std::max(clause_end(t, trig), tpos(m.end));
    for (const auto& c : r_.cues->rounds)
      if (contains_at(t, b, e, c.text)) return c.value;
    return "";
  };
  auto pick_status = [&](const Match& m) -> std::string {
    size_t trig = tpos(m.trigger_begin);
    size_t cb = std::min(clause_start(t, trig), tpos(m.begin)), ce = clause_end(t, tpos(m.trigger_end));
    // The cue nearest the trigger wins: denied/terminated anywhere in the trigger's clause, rumoured anywhere
    // before it in the sentence, planned/pending before it in its clause.
    // Precedence: denied/terminated in the trigger's clause, then a rumour anywhere before the trigger
    // (据知情人士透露…拟投资 is a rumour of a plan), then the plan/pending cue nearest the trigger.
    std::string best;
    int best_rank = 0;
    size_t best_dist = std::u32string::npos;
    bool hearsay = false;  // 据悉 before the trigger: a plan or talks it reports are rumoured, a done deal is not
    for (const auto& c : r_.cues->status) {
      for (size_t p = t.find(c.text); p != std::u32string::npos; p = t.find(c.text, p + 1)) {
        if (c.value == "hearsay") {
          hearsay = hearsay || p < trig;
          continue;
        }
        bool in_scope;
        int rank;
        if (c.value == "denied" || c.value == "terminated") in_scope = p >= cb && p < ce, rank = 3;
        else if (c.value == "rumoured") in_scope = p < trig, rank = 2;
        else in_scope = p < trig && p >= cb, rank = 1;
        if (!in_scope) continue;
        size_t dist = p < trig ? trig - p : p - trig;
        if (rank > best_rank || (rank == best_rank && dist < best_dist)) {
          best = c.value;
          best_rank = rank;
          best_dist = dist;
        }
      }
    }
    // A pattern's own status (洽谈收购: planned) yields only to a rumour, a denial or a termination
    // (市场传出…正与…洽谈收购 is a rumoured plan).
    if (hearsay && best_rank < 2) {
      bool talks = best_rank == 1 || !m.pattern->status.empty();  // 据悉…拟收购 / 据悉…正洽谈收购
      for (const char32_t* w : {U"谈判", U"洽谈", U"磋商", U"商谈", U"正在"})  // 据悉…正在就收购B进行谈判
        if (!talks && contains_at(t, cb, ce, w)) talks = true;
      if (talks) return "rumoured";
    }
    if (!m.pattern->status.empty() && best_rank < 2) return m.pattern->status;
    return best.empty() ? "completed" : best;
  };
  // Dates of a match: one date normally; several for 分别于2019年、2021年.
  auto pick_dates = [&](const Match& m) -> std::vector<ResolvedDate> {
    if (m.pattern->nodate) return {ResolvedDate{}};
    size_t trig = tpos(m.trigger_begin);
    size_t mb = tpos(m.begin), me = tpos(m.end);
    std::vector<size_t> inside;
    for (size_t k = 0; k < dexp.size(); ++k)
      if (!dexp[k].forecast && dres[k].year && dexp[k].begin >= mb && dexp[k].end <= me) inside.push_back(k);
    if (inside.size() >= 2 && contains_at(t, mb, me, U"分别")) {
      std::vector<ResolvedDate> out;
      for (size_t k : inside) out.push_back(dres[k]);
      return out;
    }
    std::optional<size_t> best;
    for (size_t k : inside)
      if (dexp[k].begin < trig) best = k;
    if (!best && !inside.empty()) best = inside.front();
    if (!best) {
      for (size_t k = 0; k < dexp.size(); ++k)
        if (!dexp[k].forecast && dres[k].year && dexp[k].end <= mb) best = k;
    }
    if (!best) {
      size_t ce = clause_end(t, trig);
      for (size_t k = 0; k < dexp.size() && !best; ++k)
        if (!dexp[k].forecast && dres[k].year && dexp[k].begin >= me && dexp[k].end <= ce) best = k;
    }
    if (!best) {
      // An undated deal announced in the article (宣布完成, 获得 …) is the article's news: it takes the
      // publication month, unless the sentence narrates the past (此前, 当年 …).
      if (!pub_year_ || m.pattern->predicate == "founded") return {ResolvedDate{}};
      auto has = [&](const std::vector<FactCues::Cue>& cues) {
        for (const auto& c : cues)
          if (t.find(c.text) != std::u32string::npos) return true;
        return false;
      };
      if (has(r_.cues->past)) return {ResolvedDate{}};
      // With no news cue, a completed deal stated by its own verb (A以3亿元收购B, A向B注资) is still the news,
      // unless the paragraph is a dated narrative.
      bool by_verb = !has(r_.cues->news);
      bool future = false;  // 假如明年…, 将于2025年…: a sentence about the future states no news by its verb
      for (const auto& d : dexp)
        if (d.forecast) future = true;
      if (by_verb && (narrative || future || (m.pattern->predicate != "acquired" && m.pattern->predicate != "invested") ||
                      t.find(U'?') != std::u32string::npos))  // a question (为什么连A收购B都…?) reports no news
        return {ResolvedDate{}};
      if (by_verb) return {ResolvedDate{pub_year_, pub_month_, std::nullopt, "publication-verb"}};
      if (has(r_.cues->year_parts)) return {ResolvedDate{pub_year_, std::nullopt, std::nullopt, "publication"}};
      return {ResolvedDate{pub_year_, pub_month_, std::nullopt, "publication"}};
    }
    return {dres[*best]};
  };
  auto type_ok = [&](const std::string& pred, const Mention& subj, const Mention& obj) {
    if (subj.name == obj.name) return false;
    if (pred == "invested") return obj.type == "organization";  // products and people are not investees
    if (pred == "acquired") return subj.type != "person" && obj.type != "person";
    if (pred == "founded") return subj.type == "person" && obj.type != "person";
    return true;
  };
  auto negated = [&](const Match& m) {
    size_t a = tpos(m.trigger_begin), b = tpos(m.trigger_end);
    for (const auto& [nb, ne] : negatives)
      if (nb < std::max(b, a + 1) && a < ne) return true;
    return false;
  };
  // An open funding event waits for its investor for two sentences of the same paragraph (or the next line).
  auto event_valid = [&]() {
    return event_ && s.seq - event_->seq <= kEventSpan && (event_->paragraph == s.paragraph || event_->seq >= s.seq - 1);
  };

  auto emit = [&](const std::string& subj, const std::string& pred, const std::string& obj, FactRecord f) {
    if (f.date_basis == "publication-verb") {
      // A deal the document already dated (Google 2014年收购DeepMind … 谷歌收购DeepMind都只花了4亿) is that deal
      // mentioned again, not the article's news.
      if (dated_facts_.count(subj + '\t' + pred + '\t' + obj)) f.year.reset(), f.month.reset(), f.date_basis.clear();
      else f.date_basis = "publication";
    }
    // One sentence, one deal. The facts this sentence already gave are the ones after facts_before. The same triple
    // and year again adds nothing. A date stated in the text (曾于2018年获得X…投资) beats a rule that reads none
    // (此前曾获X投资); a rule that reads none (X的投资方包括A: a shareholder, not this month's news) beats the
    // publication date another rule falls back to.
    auto stated = [&](const FactRecord& g) {
      return g.year && (g.date_basis == "explicit" || g.date_basis == "previous" ||
                        (g.date_basis == "publication" && relative_date));
    };
    for (size_t i = facts_before; i < doc.facts.size(); ++i) {
      const FactRecord& g = doc.facts[i];
      if (g.subject != subj || g.predicate != pred || g.object != obj) continue;
      if (g.year.value_or(0) == f.year.value_or(0)) return;
      if ((!f.year && stated(g)) || (f.year && !stated(f) && !g.year)) return;
      if ((stated(f) && !g.year) || (!f.year && g.year && !stated(g))) {
        doc.facts.erase(doc.facts.begin() + static_cast<std::ptrdiff_t>(i));
        --i;
      }
    }
    if (f.year && (f.date_basis == "explicit" || f.date_basis == "previous"))
      dated_facts_.insert(subj + '\t' + pred + '\t' + obj);
    if (pred == "invested" || pred == "acquired") last_object_ = obj;
    f.subject = subj;
    f.predicate = pred;
    f.object = obj;
    f.sentence_seq = s.seq;
    f.start = s.start;
    f.end = s.end;
    doc.facts.push_back(std::move(f));
  };
  auto fill_amount = [](FactRecord& f, const Amount& a, bool shared) {
    if (a.bound == "upper") {  // 近亿元: only a ceiling is known
      f.amount_max = a.max ? a.max : std::optional<double>(a.value);
      f.approx = true;
      f.currency = a.currency;
      f.round_total = shared;
      return;
    }
    f.amount = a.value;
    f.amount_min = a.min;
    f.amount_max = a.max;
    f.approx = a.approx;
    f.currency = a.currency;
    f.round_total = shared;
  };
  auto find_mention = [&](const std::string& name) -> const Mention* {
    for (const auto& m : mentions)
      if (m.name == name && !m.descriptor) return &m;
    return nullptr;
  };

  // Entities that are subjects (investors, acquirers) of some match in this sentence: never an implicit object.
  std::set<std::string> sentence_subjects;
  for (const Match& m : matches)
    if (m.pattern->predicate == "invested" || m.pattern->predicate == "acquired")
      for (int i : m.S) sentence_subjects.insert(mentions[i].name);
  for (const Match& m : matches) {
    if (m.pattern->predicate == "not") continue;
    size_t trig = tpos(m.trigger_begin);
    size_t lo = std::min(clause_start(t, trig), tpos(m.begin)), hi = std::max(clause_end(t, trig), tpos(m.end));
    for (size_t k = 0; k < amounts.size(); ++k)
      if (amounts[k].begin >= lo && amounts[k].end <= hi && (m.pattern->predicate != "invested" || !m.S.empty()))
        owned.insert(k);
  }
  // A subject right after a preposition (对/向/给/为/被 X) is that preposition's object, not an actor.
  auto after_preposition = [&](const Match& m) {
    if (m.S.empty() || m.begin == 0 || toks[m.begin].kind != TokKind::Entity || toks[m.begin].index != m.S.front())
      return false;
    const Token& prev = toks[m.begin - 1];
    return prev.kind == TokKind::Char && std::u32string_view(U"对向给为被").find(prev.ch) != std::u32string_view::npos;
  };

  // 元气森林的投资方包括A: the trigger 投资 runs on into the noun 投资方, so it is not the verb of inv.verb.
  auto noun_trigger = [&](const Match& m) {
    size_t a = tpos(m.trigger_begin), b = tpos(m.trigger_end);
    for (const auto& c : r_.cues->trigger_nouns)
      for (size_t q = a >= 3 ? a - 3 : 0; q <= a; ++q)
        if (q + c.text.size() > b && starts_with_at(t, q, c.text)) return true;
    return false;
  };

  for (const Match& m : matches) {
    const Pattern& p = *m.pattern;
    if (p.predicate == "not" || negated(m) || after_preposition(m) || noun_trigger(m)) continue;
    if (p.predicate == "event") {
      Event e;
      if (!m.O.empty()) e.target = mentions[m.O.front()].name;
      else if (!paragraph_topic_.empty()) e.target = paragraph_topic_;
      else e.target = doc_topic_;
      if (e.target.empty()) continue;
      if (p.not_fund) {  // a fund's 募资 raises money from LPs: not a funding round of a company
        bool fund = false;
        std::u32string target = normalize_text(utf8_to_u32(e.target));
        for (const auto& suf : r_.names->fund_suffixes)
          if (ends_with_at(target, target.size(), suf)) fund = true;
        if (fund) continue;
      }
      e.amount = pick_amount(m, "event");
      e.date = pick_dates(m).front();
      e.round = pick_round(m);
      e.status = pick_status(m);
      e.seq = s.seq;
      e.paragraph = s.paragraph;
      event_ = e;
      paragraph_topic_ = e.target;
      continue;
    }
    // Subjects and objects, filling an implicit slot from discourse.
    std::vector<std::string> S, O;
    std::vector<std::string> S_types, O_types;
    for (int i : m.S) S.push_back(mentions[i].name);
    for (int i : m.O) O.push_back(mentions[i].name);
    bool from_event = false;
    if (S.empty() && O.empty() && p.implicit_s && p.implicit_o && p.predicate != "founded") {
      // 星河资本正与快映洽谈,拟向其投资: the actor and the partner named earlier in the sentence.
      std::vector<std::string> before;
      for (const auto& x : mentions)
        if (!x.descriptor && x.type == "organization" && x.end <= tpos(m.begin) &&
            std::find(before.begin(), before.end(), x.name) == before.end())
          before.push_back(x.name);
      if (before.size() >= 2) {
        S = {before[0]};
        O = {before[1]};
      }
    }
    if (O.empty() && p.implicit_o) {
      bool inherit = p.inherit;
      if (p.round_inherit && event_valid()) {
        // 老股东继续加注 joins the round only when the sentence speaks of this round.
        for (const auto& c : r_.cues->round_refs)
          if (t.find(c.text) != std::u32string::npos) inherit = true;
        for (const Match& other : matches)
          if (&other != &m && other.pattern->inherit && other.pattern->predicate == "invested") inherit = true;
      }
      if (inherit && event_valid()) {
        O.push_back(event_->target);
        from_event = true;
      } else {
        // The sentence's subject organisation (before the match), else the paragraph's topic, else an
        // organisation after the match that is not a sub-brand of an investor, else the document's topic.
        std::string before, after;
        for (const auto& x : mentions) {
          if (x.descriptor || x.type != "organization") continue;
          if (std::find(S.begin(), S.end(), x.name) != S.end() || sentence_subjects.count(x.name)) continue;
          bool sub_brand = false;
          for (const auto& sn : S)
            if (x.name.rfind(sn + " ", 0) == 0) sub_brand = true;
          if (sub_brand) continue;
          size_t semi = t.rfind(U';', tpos(m.begin));
          bool same_part = semi == std::u32string::npos || x.begin > semi;
          if (x.end <= tpos(m.begin) && before.empty() && same_part) before = x.name;
          // an organisation after the match only counts inside the trigger's clause
          if (x.begin >= tpos(m.end) && after.empty() && x.end <= clause_end(t, tpos(m.trigger_begin))) after = x.name;
        }
        std::string pick = before;
        if (pick.empty()) pick = paragraph_topic_;
        if (pick.empty() && event_valid()) pick = event_->target;
        if (pick.empty()) pick = after;
        // 2016年成立的青禾智农专注于垂直农业。2021年,它获得了…: the organisation the previous sentence of the
        // paragraph spoke of (when it stated no fact).
        if (pick.empty() && prev_paragraph_ == s.paragraph && sentence_subjects.count(prev_org_) == 0) pick = prev_org_;
        // 另据透露,比亚迪也在与该公司洽谈入股: the target of the document's last deal, before the document topic.
        if (pick.empty() && std::find(S.begin(), S.end(), last_object_) == S.end()) pick = last_object_;
        if (pick.empty()) pick = doc_topic_;
        // (本轮由红杉中国领投，DCM跟投 in an article about 红杉: an investor of this sentence is nobody's investee here)
        if (std::find(S.begin(), S.end(), pick) != S.end() || sentence_subjects.count(pick)) pick.clear();
        if (!pick.empty()) O.push_back(pick);
      }
    }
    if (S.empty() && p.implicit_s) {
      if (p.predicate == "founded") {
        // The nearest person before the trigger, in this sentence.
        for (const auto& x : mentions)
          if (!x.descriptor && x.type == "person" && x.end <= tpos(m.trigger_begin)) S = {x.name};
      } else {
        // The sentence's first organisation before the match, else the investor of the paragraph's last fact
        // (早在2019年微软就已向OpenAI投入10亿美元,2021年又再度加码), else the paragraph topic.
        for (const auto& x : mentions)
          if (!x.descriptor && x.type == "organization" && x.end <= tpos(m.begin)) {
            S = {x.name};
            break;
          }
        if (S.empty() && p.predicate == "invested" && !last_investor_.empty() && last_paragraph_ == s.paragraph) {
          S = {last_investor_};
          if (O.empty()) O = {last_investee_};
        }
        if (S.empty() && p.predicate == "acquired" && !paragraph_topic_.empty()) S = {paragraph_topic_};
      }
    }
    if (S.empty() || O.empty()) {
      if (trace_) *trace_ += "  " + p.id + ": no " + (S.empty() ? "subject" : "object") + " found\n";
      continue;
    }
    for (int i : m.S) record(static_cast<size_t>(i));
    for (int i : m.O) record(static_cast<size_t>(i));

    FactRecord base;
    base.rule = p.id;
    base.confidence = p.confidence;
    base.role = p.role;
    if (p.predicate == "invested") base.round = pick_round(m);
    base.status = pick_status(m);
    std::optional<Amount> amount = p.predicate == "founded" ? std::nullopt : pick_amount(m, p.predicate);
    std::vector<ResolvedDate> ds = pick_dates(m);
    bool shared = S.size() > 1 || (amount && p.predicate == "invested" && round_amount(*amount));
    if (from_event) {
      // The event dates and prices the deal; the clause that names the investor often only dates the news.
      if (event_->amount) {
        amount = event_->amount;
        shared = true;
      }
      if (event_->date.year) ds = {event_->date};
      if (base.round.empty() && p.predicate == "invested") base.round = event_->round;
      if (base.status == "completed") base.status = event_->status;
    }
    if (amount) fill_amount(base, *amount, shared);
    // 星桥资本和蔚海基金分别向恒瑞新材注资1亿元和5000万元: one amount per investor, in order.
    std::vector<Amount> each;
    if (S.size() > 1 && contains_at(t, tpos(m.begin), tpos(m.end), U"分别")) {
      size_t trig = tpos(m.trigger_begin);
      size_t lo = clause_start(t, trig), hi = clause_end(t, trig);
      for (const auto& a : amounts)
        if (a.begin >= lo && a.end <= hi && !a.conversion && !a.undisclosed) each.push_back(a);
      if (each.size() != S.size()) each.clear();
    }
    for (const auto& subj : S) {
      for (const auto& obj : O) {
        const Mention* sm = find_mention(subj);
        const Mention* om = find_mention(obj);
        Mention sx, ox;
        if (!sm) {
          sx.name = subj;
          sx.type = "person";
          sm = &sx;
        }
        if (!om) {
          ox.name = obj;
          ox.type = "organization";
          om = &ox;
          if (entity_index_.count(obj)) ox.type = doc.entities[entity_index_[obj]].type;
        }
        if (!type_ok(p.predicate, *sm, *om)) {
          if (trace_) *trace_ += "  " + p.id + ": " + subj + " (" + sm->type + ") / " + obj + " (" + om->type + ") do not fit " + p.predicate + "\n";
          continue;
        }
        for (size_t k = 0; k < mentions.size(); ++k)
          if (mentions[k].name == obj || mentions[k].name == subj) record(k);
        if (!entity_index_.count(obj)) {  // topic from an earlier sentence: make sure it is recorded
          ox.surface = obj;
          ox.origin = "discovered";
          entity_name(ox, doc);
        }
        // 收购志特新材20%股权: buying a minority stake is an investment, not an acquisition.
        std::string pred = p.predicate;
        if (pred == "acquired" && om != &ox) {
          size_t q = om->end;
          while (q < t.size() && is_space(t[q])) ++q;
          size_t d0 = q;
          while (q < t.size() && ((t[q] >= '0' && t[q] <= '9') || t[q] == '.')) ++q;
          if (q > d0 && q < t.size() && t[q] == '%') {
            double pct = std::stod(u32_to_utf8(std::u32string_view(t).substr(d0, q - d0)));
            std::u32string_view rest = std::u32string_view(t).substr(q + 1, 4);
            if (pct < 50 && (rest.find(U"股权") != std::u32string_view::npos || rest.find(U"股份") != std::u32string_view::npos))
              pred = "invested";
          }
        }
        for (const auto& d : ds) {
          FactRecord f = base;
          if (!each.empty()) {
            size_t si = static_cast<size_t>(&subj - &S.front());
            f.amount.reset();
            fill_amount(f, each[si], false);
          }
          f.year = d.year;
          f.month = d.month;
          f.day = d.day;
          f.date_basis = d.basis;
          emit(subj, pred, obj, f);
        }
      }
    }
    if (p.predicate == "invested" && !O.empty()) {
      paragraph_topic_ = O.front();
      last_investor_ = S.front();
      last_investee_ = O.front();
      last_paragraph_ = s.paragraph;
    }
  }
  // The organisation this sentence speaks of, for a pronoun in the next one (only when it stated no fact).
  prev_org_.clear();
  prev_paragraph_ = s.paragraph;
  if (doc.facts.size() == facts_before)
    for (const auto& x : mentions)
      if (!x.descriptor && x.type == "organization") {
        prev_org_ = x.name;
        break;
      }
  // Roles stated by descriptors: LinkedIn联合创始人Reid Hoffman -> Reid Hoffman founded LinkedIn.
  for (const auto& m : mentions) {
    if (!m.descriptor || m.head < 0 || m.descriptor_predicate.empty()) continue;
    const Mention& h = mentions[m.head];
    std::string pred = m.descriptor_predicate;
    if (!type_ok(pred, h, m)) continue;
    record(static_cast<size_t>(m.head));
    record(static_cast<size_t>(&m - &mentions.front()));
    FactRecord f;
    f.rule = "descriptor." + pred;
    f.confidence = 0.7;
    emit(h.name, pred, m.name, f);
  }
}

}  // namespace kg::ingest
