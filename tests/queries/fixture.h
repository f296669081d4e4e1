// Test fixture for queries/: a small hand-built knowledge graph with evidence (invented sentences), plus tiny
// JSON and XML well-formedness checkers used by the table and export tests.
#pragma once
#include <cctype>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"
#include "schema/records.h"

namespace kgtest {

inline kg::EntityRow ent(int64_t id, std::string name, std::string type, std::vector<std::string> aliases = {}) {
  kg::EntityRow e;
  e.id = id;
  e.name = name;
  e.type = std::move(type);
  e.origin = "lexicon";
  aliases.insert(aliases.begin(), name);
  e.aliases = std::move(aliases);
  return e;
}

struct Src {
  int64_t doc;
  std::string sentence;
};

inline std::string doc_path(int64_t doc) { return "news/doc" + std::to_string(doc) + ".txt"; }
inline std::string doc_date(int64_t doc) {
  switch (doc) {
    case 1: return "2023-02-08";
    case 2: return "2023-03-01";
    default: return "";
  }
}

struct F {
  int64_t id;
  std::string s, p, o;
  std::optional<int> year;
  std::optional<double> amount;
  std::string currency;
  std::vector<Src> src;
  std::string status = "completed";
  bool round_total = false;
  std::string round = "";
  std::string role = "";
  bool approx = false;
  std::optional<double> amount_min = {};
};

inline std::vector<kg::EntityRow> entities() {
  return {ent(1, "OpenAI", "organization", {"OpenAI Inc"}),
          ent(2, "Microsoft", "organization", {"微软", "微軟", "MSFT"}),
          ent(3, "Elon Musk", "person", {"马斯克"}),
          ent(4, "Y Combinator", "organization", {"YC"}),
          ent(5, "Sam Altman", "person"),
          ent(6, "Loopt", "organization"),
          ent(7, "Google", "organization", {"谷歌"}),
          ent(8, "DeepMind", "organization"),
          ent(9, "Anthropic", "organization"),
          ent(10, "Reid Hoffman", "person"),
          ent(11, "LinkedIn", "organization", {"领英"}),
          ent(12, "Peter Thiel", "person"),
          ent(13, "Khosla Ventures", "organization"),
          ent(14, "Tiger Fund", "organization"),
          ent(15, "启明资本", "organization"),
          ent(16, "云帆机器人", "organization"),
          ent(17, "华岳创投", "organization"),
          ent(18, "星图医疗", "organization"),
          ent(19, "Acme, \"Quoted\" Labs", "product")};
}

inline std::vector<F> fact_specs() {
  return {
      {1, "Elon Musk", "invested", "OpenAI", 2015, 1e9, "USD", {{1, "Example: in 2015 several backers pledged $1 billion to OpenAI."}}, "completed", true},
      {2, "Peter Thiel", "invested", "OpenAI", 2015, 1e9, "USD", {{1, "Example: in 2015 several backers pledged $1 billion to OpenAI."}}, "completed", true},
      {3, "Reid Hoffman", "invested", "OpenAI", 2015, 1e9, "USD", {{1, "Example: in 2015 several backers pledged $1 billion to OpenAI."}}, "completed", true},
      {4, "Y Combinator", "invested", "OpenAI", 2016, 120000, "USD", {{1, "Example: YC put $120,000 into OpenAI in 2016."}}, "completed", false, "pre-seed"},
      {5, "Microsoft", "invested", "OpenAI", 2019, 1e9, "USD", {{1, "示例：2019年微软向OpenAI注资10亿美元。"}, {2, "示例：同年微軟投入10億美元。"}}, "completed", false, "strategic", "lead"},
      {6, "Khosla Ventures", "invested", "OpenAI", 2019, {}, "", {{1, "示例：同年Khosla Ventures也参与投资。"}}},
      {7, "Microsoft", "invested", "OpenAI", 2022, 1e10, "USD", {{2, "示例：2022年微軟向OpenAI投資100億美元。"}}},
      {8, "Microsoft", "invested", "OpenAI", 2023, {}, "USD", {{1, "示例：今年1月微软再投数十亿美元。"}}, "completed", false, "", "", true, 1e9},
      {9, "Tiger Fund", "invested", "OpenAI", {}, {}, "", {{3, "Example: Tiger Fund is said to hold OpenAI shares."}}},
      {10, "Google", "acquired", "DeepMind", 2014, 4e8, "USD", {{1, "示例：谷歌2014年以4亿美元收购DeepMind。"}}},
      {11, "Sam Altman", "founded", "OpenAI", 2015, {}, "", {{2, "示例：Altman创立OpenAI。"}}},
      {12, "Sam Altman", "founded", "Loopt", {}, {}, "", {{1, "示例：Altman辍学创办了Loopt。"}}},
      {13, "Y Combinator", "invested", "Loopt", {}, {}, "", {{1, "示例：YC是Loopt的投资方之一。"}}},
      {14, "启明资本", "invested", "云帆机器人", 2021, 2e8, "CNY", {{3, "示例：云帆机器人完成2亿元B轮融资，启明资本领投。"}}, "completed", true, "B", "lead"},
      {15, "华岳创投", "invested", "云帆机器人", 2021, 2e8, "CNY", {{3, "示例：云帆机器人完成2亿元B轮融资，华岳创投跟投。"}}, "completed", true, "B", "participant"},
      {16, "Microsoft", "invested", "Anthropic", 2024, {}, "", {{2, "示例：微软否认投资Anthropic。"}}, "denied"},
      {17, "Google", "invested", "Anthropic", 2023, 3e8, "USD", {{1, "示例：谷歌向Anthropic投资3亿美元。"}}},
      {18, "Microsoft", "acquired", "LinkedIn", 2016, 2.62e10, "USD", {{2, "Example: Microsoft bought LinkedIn for $26.2 billion."}}},
      {19, "Reid Hoffman", "founded", "LinkedIn", 2002, {}, "", {{2, "Example: Reid Hoffman started LinkedIn in 2002."}}},
      {20, "启明资本", "invested", "星图医疗", 2024, {}, "", {{3, "示例：启明资本拟投资星图医疗。"}}, "planned"},
      {21, "Acme, \"Quoted\" Labs", "invested", "星图医疗", 2020, 5e6, "EUR", {{3, "Line one\nline \"two\"\twith tab, comma"}}},
  };
}

inline std::vector<kg::FactRow> facts(const std::vector<kg::EntityRow>& es) {
  std::vector<kg::FactRow> out;
  auto find = [&](const std::string& n) -> const kg::EntityRow& {
    for (const auto& e : es)
      if (e.name == n) return e;
    throw std::runtime_error("fixture entity missing: " + n);
  };
  for (const auto& s : fact_specs()) {
    kg::FactRow f;
    f.id = s.id;
    const auto& se = find(s.s);
    const auto& oe = find(s.o);
    f.subject_id = se.id;
    f.object_id = oe.id;
    f.subject = s.s;
    f.object = s.o;
    f.subject_type = se.type;
    f.object_type = oe.type;
    f.predicate = s.p;
    f.year = s.year;
    f.amount = s.amount;
    f.amount_min = s.amount_min;
    f.approx = s.approx;
    f.round_total = s.round_total;
    f.currency = s.currency;
    f.round = s.round;
    f.role = s.role;
    f.status = s.status;
    f.date_basis = s.year ? "explicit" : "";
    f.confidence = 0.9;
    int64_t sid = s.id * 10;
    for (const auto& src : s.src) {
      kg::SourceRow r;
      r.fact_id = s.id;
      r.doc_id = src.doc;
      r.doc_path = doc_path(src.doc);
      r.doc_date = doc_date(src.doc);
      r.sentence_id = sid++;
      r.sentence = src.sentence;
      r.start = 100;
      r.end = 100 + static_cast<int64_t>(src.sentence.size());
      r.rule = "test-rule";
      r.confidence = 0.9;
      f.evidence.push_back(r);
    }
    f.sources = static_cast<int>(f.evidence.size());
    out.push_back(std::move(f));
  }
  return out;
}

inline kg::graph::KnowledgeGraph graph() {
  auto es = entities();
  auto fs = facts(es);
  return kg::graph::KnowledgeGraph::build(es, fs);
}

// ---- well-formedness checkers (strict enough to catch escaping mistakes) ----

// RFC 8259 JSON value; returns true when text is exactly one JSON value (whitespace around allowed).
class JsonChecker {
 public:
  explicit JsonChecker(std::string_view s) : s_(s) {}
  bool ok() {
    ws();
    if (!value()) return false;
    ws();
    return i_ == s_.size();
  }

 private:
  bool value() {
    if (i_ >= s_.size()) return false;
    char c = s_[i_];
    if (c == '{') return object();
    if (c == '[') return array();
    if (c == '"') return string();
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) return number();
    for (const char* lit : {"true", "false", "null"})
      if (s_.substr(i_, std::string_view(lit).size()) == lit) {
        i_ += std::string_view(lit).size();
        return true;
      }
    return false;
  }
  bool object() {
    ++i_;
    ws();
    if (peek('}')) return ++i_, true;
    for (;;) {
      ws();
      if (!string()) return false;
      ws();
      if (!peek(':')) return false;
      ++i_;
      ws();
      if (!value()) return false;
      ws();
      if (peek(',')) { ++i_; continue; }
      if (peek('}')) return ++i_, true;
      return false;
    }
  }
  bool array() {
    ++i_;
    ws();
    if (peek(']')) return ++i_, true;
    for (;;) {
      ws();
      if (!value()) return false;
      ws();
      if (peek(',')) { ++i_; continue; }
      if (peek(']')) return ++i_, true;
      return false;
    }
  }
  bool string() {
    if (!peek('"')) return false;
    ++i_;
    while (i_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') return ++i_, true;
      if (c < 0x20) return false;
      if (c == '\\') {
        ++i_;
        if (i_ >= s_.size()) return false;
        char e = s_[i_];
        if (e == 'u') {
          for (int k = 1; k <= 4; ++k)
            if (i_ + k >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[i_ + k]))) return false;
          i_ += 4;
        } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
          return false;
        }
      }
      ++i_;
    }
    return false;
  }
  bool number() {
    size_t start = i_;
    if (peek('-')) ++i_;
    if (!digits()) return false;
    if (s_[start] == '0' || (s_[start] == '-' && s_[start + 1] == '0'))
      if (i_ - start > (s_[start] == '-' ? 2u : 1u)) return false;  // no leading zeros
    if (peek('.')) {
      ++i_;
      if (!digits()) return false;
    }
    if (peek('e') || peek('E')) {
      ++i_;
      if (peek('+') || peek('-')) ++i_;
      if (!digits()) return false;
    }
    return true;
  }
  bool digits() {
    size_t s = i_;
    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    return i_ > s;
  }
  bool peek(char c) const { return i_ < s_.size() && s_[i_] == c; }
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
  }
  std::string_view s_;
  size_t i_ = 0;
};

inline bool valid_json(std::string_view s) { return JsonChecker(s).ok(); }

// Minimal XML well-formedness: balanced tags, quoted attributes, only the five predefined entities or numeric
// references, no raw '<' or '&' in text. Returns the root element name, or "" when malformed.
inline std::string xml_root(std::string_view s, std::vector<std::string>* elements = nullptr) {
  std::vector<std::string> stack;
  std::string root;
  size_t i = 0;
  auto check_text = [](std::string_view t) {
    for (size_t k = 0; k < t.size(); ++k) {
      if (t[k] == '<') return false;
      if (t[k] == '&') {
        size_t semi = t.find(';', k);
        if (semi == std::string_view::npos) return false;
        std::string_view ent = t.substr(k + 1, semi - k - 1);
        if (ent != "amp" && ent != "lt" && ent != "gt" && ent != "quot" && ent != "apos" &&
            !(ent.size() > 1 && ent[0] == '#'))
          return false;
      }
    }
    return true;
  };
  if (s.substr(0, 5) == "<?xml") {
    i = s.find("?>");
    if (i == std::string_view::npos) return "";
    i += 2;
  }
  while (i < s.size()) {
    size_t lt = s.find('<', i);
    std::string_view text = s.substr(i, lt == std::string_view::npos ? std::string_view::npos : lt - i);
    if (!check_text(text)) return "";
    if (lt == std::string_view::npos) break;
    if (stack.empty() && !root.empty()) {
      // only whitespace after the root
      for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c))) return "";
    }
    size_t gt = lt;
    char quote = 0;
    for (++gt; gt < s.size(); ++gt) {
      if (quote) {
        if (s[gt] == quote) quote = 0;
        else if (s[gt] == '<') return "";
      } else if (s[gt] == '"' || s[gt] == '\'') {
        quote = s[gt];
      } else if (s[gt] == '>') {
        break;
      }
    }
    if (gt >= s.size()) return "";
    std::string_view tag = s.substr(lt + 1, gt - lt - 1);
    if (tag.empty()) return "";
    if (tag[0] == '/') {
      std::string name(tag.substr(1));
      while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
      if (stack.empty() || stack.back() != name) return "";
      stack.pop_back();
    } else if (tag[0] == '!' || tag[0] == '?') {
      // comment / declaration: ignore
    } else {
      bool self = tag.back() == '/';
      size_t end = tag.find_first_of(" \t\n/");
      std::string name(tag.substr(0, end));
      if (name.empty()) return "";
      // attribute values must be quoted and entity-clean
      std::string_view attrs = end == std::string_view::npos ? std::string_view() : tag.substr(end);
      size_t eq = 0;
      while ((eq = attrs.find('=', eq)) != std::string_view::npos) {
        size_t q = eq + 1;
        if (q >= attrs.size() || (attrs[q] != '"' && attrs[q] != '\'')) return "";
        size_t close = attrs.find(attrs[q], q + 1);
        if (close == std::string_view::npos) return "";
        if (!check_text(attrs.substr(q + 1, close - q - 1))) return "";
        eq = close + 1;
      }
      if (root.empty()) root = name;
      else if (stack.empty()) return "";  // second root
      if (elements) elements->push_back(name);
      if (!self) stack.push_back(name);
    }
    i = gt + 1;
  }
  return stack.empty() ? root : "";
}

}  // namespace kgtest
