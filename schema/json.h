// kg::json: a small JSON reader and writer for judgement payloads and `kg judgements export|import` lines.
// Owns Value (null, bool, number, string, array, object with keys in insertion order); no SQLite here.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kg::json {

struct Value {
  enum Type { Null, Bool, Number, String, Array, Object } type = Null;
  Value() = default;
  explicit Value(Type t) : type(t) {}
  bool b = false;
  double num = 0;
  std::string str;
  std::vector<Value> items;                          // Array
  std::vector<std::pair<std::string, Value>> fields; // Object, in the order written

  const Value* get(std::string_view key) const;      // Object field or nullptr
  std::string get_string(std::string_view key) const;          // "" unless a string
  std::optional<double> get_number(std::string_view key) const; // unset unless a number
};

// Parses one JSON text. Throws kg::UsageError("invalid JSON at byte N: …") when malformed.
Value parse(std::string_view text);

// Compact rendering: objects keep field order, numbers as integers when whole (else %.17g), UTF-8 kept.
std::string write(const Value& v);
std::string quote(std::string_view s);

// Builds a flat object step by step: Object().add("year", 2019).add("currency", "USD").str().
class Object {
 public:
  Object& add(const std::string& key, const std::string& v);
  Object& add(const std::string& key, const char* v) { return add(key, std::string(v)); }
  Object& add(const std::string& key, double v);
  Object& add(const std::string& key, int v) { return add(key, static_cast<double>(v)); }
  template <class T>
  Object& add(const std::string& key, const std::optional<T>& v) {
    if (v) add(key, *v);
    return *this;
  }
  Object& add_raw(const std::string& key, const Value& v);
  const Value& value() const { return v_; }
  std::string str() const { return write(v_); }

 private:
  Value v_{Value::Object};
};

}  // namespace kg::json
