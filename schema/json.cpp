#include "schema/json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "base/error.h"

namespace kg::json {

const Value* Value::get(std::string_view key) const {
  for (const auto& [k, v] : fields)
    if (k == key) return &v;
  return nullptr;
}

std::string Value::get_string(std::string_view key) const {
  const Value* v = get(key);
  return v && v->type == String ? v->str : std::string();
}

std::optional<double> Value::get_number(std::string_view key) const {
  const Value* v = get(key);
  if (v && v->type == Number) return v->num;
  return std::nullopt;
}

namespace {

struct Parser {
  std::string_view s;
  size_t i = 0;
  [[noreturn]] void fail(const std::string& what) const {
    throw UsageError("invalid JSON at byte " + std::to_string(i) + ": " + what);
  }
  void ws() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  }
  bool eat(char c) {
    ws();
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "'");
  }
  static void put_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) out += static_cast<char>(cp);
    else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  unsigned hex4() {
    if (i + 4 > s.size()) fail("short \\u escape");
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s[i++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
      else fail("bad \\u escape");
    }
    return v;
  }
  std::string string() {
    expect('"');
    std::string out;
    while (true) {
      if (i >= s.size()) fail("unterminated string");
      char c = s[i++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i >= s.size()) fail("unterminated escape");
      char e = s[i++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < s.size() && s[i] == '\\' && s[i + 1] == 'u') {
            i += 2;
            unsigned lo = hex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          put_utf8(out, cp);
          break;
        }
        default: fail("bad escape");
      }
    }
  }
  Value value(int depth) {
    if (depth > 64) fail("nested too deeply");
    ws();
    if (i >= s.size()) fail("unexpected end");
    Value v;
    char c = s[i];
    if (c == '{') {
      ++i;
      v.type = Value::Object;
      if (eat('}')) return v;
      do {
        ws();
        std::string k = string();
        expect(':');
        v.fields.emplace_back(std::move(k), value(depth + 1));
      } while (eat(','));
      expect('}');
    } else if (c == '[') {
      ++i;
      v.type = Value::Array;
      if (eat(']')) return v;
      do v.items.push_back(value(depth + 1));
      while (eat(','));
      expect(']');
    } else if (c == '"') {
      v.type = Value::String;
      v.str = string();
    } else if (s.substr(i, 4) == "null") {
      i += 4;
    } else if (s.substr(i, 4) == "true") {
      i += 4;
      v.type = Value::Bool;
      v.b = true;
    } else if (s.substr(i, 5) == "false") {
      i += 5;
      v.type = Value::Bool;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      size_t start = i;
      while (i < s.size() && std::string_view("+-.eE0123456789").find(s[i]) != std::string_view::npos) ++i;
      std::string num(s.substr(start, i - start));
      char* end = nullptr;
      v.type = Value::Number;
      v.num = std::strtod(num.c_str(), &end);
      if (!end || *end) fail("bad number");
    } else {
      fail(std::string("unexpected '") + c + "'");
    }
    return v;
  }
};

}  // namespace

Value parse(std::string_view text) {
  Parser p{text};
  Value v = p.value(0);
  p.ws();
  if (p.i != text.size()) p.fail("trailing characters");
  return v;
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string write(const Value& v) {
  switch (v.type) {
    case Value::Null: return "null";
    case Value::Bool: return v.b ? "true" : "false";
    case Value::Number: {
      char buf[40];
      if (std::isfinite(v.num) && v.num == std::floor(v.num) && std::fabs(v.num) < 1e17)
        std::snprintf(buf, sizeof buf, "%.0f", v.num);
      else
        std::snprintf(buf, sizeof buf, "%.17g", v.num);
      return buf;
    }
    case Value::String: return quote(v.str);
    case Value::Array: {
      std::string out = "[";
      for (size_t k = 0; k < v.items.size(); ++k) out += (k ? "," : "") + write(v.items[k]);
      return out + "]";
    }
    case Value::Object: {
      std::string out = "{";
      for (size_t k = 0; k < v.fields.size(); ++k)
        out += (k ? "," : "") + quote(v.fields[k].first) + ":" + write(v.fields[k].second);
      return out + "}";
    }
  }
  return "null";
}

Object& Object::add(const std::string& key, const std::string& v) {
  Value x{Value::String};
  x.str = v;
  v_.fields.emplace_back(key, std::move(x));
  return *this;
}

Object& Object::add(const std::string& key, double v) {
  Value x{Value::Number};
  x.num = v;
  v_.fields.emplace_back(key, std::move(x));
  return *this;
}

Object& Object::add_raw(const std::string& key, const Value& v) {
  v_.fields.emplace_back(key, v);
  return *this;
}

}  // namespace kg::json
