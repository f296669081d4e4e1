// base/: UTF-8 helpers, SHA-256, Unicode normalisation with offset maps, name keys, display width.
#include <catch2/catch.hpp>

#include "base/sha256.h"
#include "base/text.h"
#include "base/unicode.h"

TEST_CASE("SHA-256 matches the published test vectors", "[base]") {
  CHECK(kg::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(kg::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(kg::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  std::string million(1000000, 'a');
  CHECK(kg::sha256_hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 with the CPU's SHA extensions equals the portable code at every length", "[base]") {
  INFO("sha256_hex uses the CPU extensions: " << kg::sha256_uses_cpu_extensions());
  CHECK(kg::sha256_hex_portable("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::string s;
  uint32_t x = 12345;
  for (size_t n = 0; n <= 300; ++n) {
    CHECK(kg::sha256_hex(s) == kg::sha256_hex_portable(s));
    x = x * 1103515245u + 12345u;
    s.push_back(static_cast<char>(x >> 16));
  }
}

TEST_CASE("UTF-8 round-trips and invalid bytes become U+FFFD", "[base]") {
  std::string s = "微軟 OpenAI 😀";
  CHECK(kg::u32_to_utf8(kg::utf8_to_u32(s)) == s);
  CHECK(kg::valid_utf8(s));
  std::string bad = "ab\xff\xfe" "c";
  CHECK_FALSE(kg::valid_utf8(bad));
  CHECK(kg::utf8_to_u32(bad) == std::u32string{U'a', U'b', 0xFFFD, 0xFFFD, U'c'});
  CHECK_FALSE(kg::valid_utf8("\xe5\xbe"));          // truncated sequence
  CHECK_FALSE(kg::valid_utf8("\xc0\xaf"));          // overlong
  CHECK_FALSE(kg::valid_utf8("\xed\xa0\x80"));      // surrogate
}

TEST_CASE("Normalisation turns traditional and full-width text into simplified ASCII-punctuated text", "[base]") {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"微軟在該夥伴關係中投入１０億美元，", "微软在该伙伴关系中投入10亿美元,"},
      {"（ＯｐｅｎＡＩ）：", "(OpenAI):"},
      {"領投、跟投。", "领投、跟投。"},
      {"Reid Hoffman", "Reid Hoffman"},
  };
  for (const auto& c : cases) CHECK(kg::normalize_utf8(c.in) == c.out);
}

TEST_CASE("Every normalised character maps back to the input character it came from", "[base]") {
  std::u32string in = kg::utf8_to_u32("ＡＢ微軟㈱C");
  kg::Normalized n = kg::normalize(in);
  REQUIRE(n.from.size() == n.chars.size() + 1);
  CHECK(n.from.back() == in.size());
  for (size_t i = 0; i + 1 < n.from.size(); ++i) {
    CHECK(n.from[i] <= n.from[i + 1]);
    CHECK(n.from[i] < in.size());
  }
  // ㈱ expands to several characters, all pointing at the same input character.
  size_t expanded = 0;
  for (size_t i = 0; i < n.chars.size(); ++i)
    if (n.from[i] == 4) ++expanded;
  CHECK(expanded > 1);
}

TEST_CASE("Name keys ignore script, case, width, spaces and dots", "[base]") {
  CHECK(kg::fold_key("微軟") == kg::fold_key("微软"));
  CHECK(kg::fold_key("Reid Hoffman") == kg::fold_key("reidhoffman"));
  CHECK(kg::fold_key("埃隆·马斯克") == kg::fold_key("埃隆马斯克"));
  CHECK(kg::fold_key("ＯｐｅｎＡＩ") == kg::fold_key("OpenAI"));
  CHECK(kg::fold_key("OpenAI") != kg::fold_key("OpenAI LP"));
}

TEST_CASE("Display width counts wide CJK characters as two columns", "[base]") {
  CHECK(kg::display_width("abc") == 3);
  CHECK(kg::display_width("微软") == 4);
  CHECK(kg::display_width("微软ab") == 6);
  CHECK(kg::display_width("") == 0);
}
