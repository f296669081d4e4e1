// Tests for ingest/decode.h: encoding detection, offsets back into the original bytes, refusals.
#include "ingest/decode.h"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "base/error.h"
#include "base/text.h"

using kg::ingest::decode_bytes;

namespace {

// Encodes UTF-8 text into the ICU charset `name` (no BOM is written for UTF-16LE/BE).
std::string encode(const char* name, const std::string& utf8) {
  UErrorCode st = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(name, &st);
  REQUIRE(U_SUCCESS(st));
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
  std::string out(static_cast<size_t>(u.length()) * 4 + 16, '\0');
  char* target = out.data();
  const UChar* source = u.getBuffer();
  ucnv_fromUnicode(conv, &target, out.data() + out.size(), &source, source + u.length(), nullptr, true, &st);
  ucnv_close(conv);
  REQUIRE(U_SUCCESS(st));
  out.resize(static_cast<size_t>(target - out.data()));
  return out;
}

// Checks that every decoded char points at the bytes that encode it: the offset of char i must equal the
// encoded length of the first i chars (plus the BOM length), for stateless encodings without CR.
void check_offsets(const kg::Text& t, const char* charset, const std::string& utf8, size_t bom) {
  std::u32string chars = kg::utf8_to_u32(utf8);
  REQUIRE(t.chars == chars);
  REQUIRE(t.src.size() == chars.size() + 1);
  for (size_t i = 0; i <= chars.size(); ++i) {
    size_t expect = bom + encode(charset, kg::u32_to_utf8(chars.substr(0, i))).size();
    INFO("char " << i);
    CHECK(t.src[i] == expect);
  }
}

std::string refusal(std::string_view bytes) {
  try {
    decode_bytes(bytes, "in/sample.txt");
  } catch (const kg::FileError& e) {
    CHECK(e.file() == "in/sample.txt");
    return e.what();
  }
  return "accepted";
}

const std::string kSimplified =
    "星河智能今日宣布完成3亿元B轮融资，由远山资本领投，老股东青禾创投跟投。\n"
    "本轮资金将用于机器人研发和海外市场拓展。\n";
const std::string kTraditional =
    "星河智能今日宣佈完成3億元B輪融資，由遠山資本領投，老股東青禾創投跟投。\n"
    "本輪資金將用於機器人研發與海外市場拓展。\n";

}  // namespace

TEST_CASE("UTF-8 text is decoded with offsets counting the original bytes", "[ingest]") {
  kg::ingest::Decoded d = decode_bytes(kSimplified, "a.txt");
  CHECK(d.encoding == "UTF-8");
  check_offsets(d.text, "UTF-8", kSimplified, 0);
}

TEST_CASE("A UTF-8 byte order mark is dropped but still counted in the offsets", "[ingest]") {
  std::string bytes = "\xEF\xBB\xBF" + kSimplified;
  kg::ingest::Decoded d = decode_bytes(bytes, "a.txt");
  CHECK(d.encoding == "UTF-8");
  check_offsets(d.text, "UTF-8", kSimplified, 3);
  CHECK(d.text.chars[0] == U'星');
  CHECK(d.text.src[0] == 3);
}

TEST_CASE("Legacy and UTF-16 encodings are detected and offsets map back to the original bytes", "[ingest]") {
  struct Row {
    const char* charset;
    std::string text;
    std::string bom;
    const char* expect;
  };
  const Row rows[] = {
      {"GB18030", kSimplified, "", "GB18030"},
      {"GBK", kSimplified, "", "GB18030"},
      {"GB18030", kTraditional, "", "GB18030"},
      {"Big5", kTraditional, "", "Big5"},
      {"UTF-16LE", kSimplified, "\xFF\xFE", "UTF-16LE"},
      {"UTF-16BE", kTraditional, "\xFE\xFF", "UTF-16BE"},
      {"UTF-16LE", kSimplified, "", "UTF-16LE"},
      {"UTF-16BE", kSimplified, "", "UTF-16BE"},
      {"UTF-16LE", "云帆机器人获得青松基金投资", "", "UTF-16LE"},  // no ASCII at all, hence no NUL bytes
      {"UTF-16BE", "雲帆機器人獲得青松基金投資", "", "UTF-16BE"},
  };
  for (const Row& r : rows) {
    INFO(r.charset << (r.bom.empty() ? " without BOM" : " with BOM") << ": " << r.text);
    std::string bytes = r.bom + encode(r.charset, r.text);
    kg::ingest::Decoded d = decode_bytes(bytes, "x.txt");
    CHECK(d.encoding == r.expect);
    check_offsets(d.text, r.charset, r.text, r.bom.size());
  }
}

TEST_CASE("Short GBK and Big5 snippets are told apart", "[ingest]") {
  const std::string simplified[] = {"华岳创投领投", "本轮融资由启明资本独家投资。",
                                    "公司创始人张伟表示，资金将用于研发。"};
  const std::string traditional[] = {"華嶽創投領投", "本輪融資由啟明資本獨家投資。",
                                     "公司創辦人張偉表示，資金將用於研發。"};
  for (const std::string& s : simplified) {
    INFO(s);
    kg::ingest::Decoded d = decode_bytes(encode("GBK", s), "s.txt");
    CHECK(d.encoding == "GB18030");
    CHECK(kg::u32_to_utf8(d.text.chars) == s);
  }
  for (const std::string& s : traditional) {
    INFO(s);
    kg::ingest::Decoded d = decode_bytes(encode("Big5", s), "t.txt");
    CHECK(d.encoding == "Big5");
    CHECK(kg::u32_to_utf8(d.text.chars) == s);
  }
}

TEST_CASE("Files larger than the detection sample decode completely", "[ingest]") {
  struct Row {
    const char* charset;
    const std::string& text;
    const char* expect;
  };
  const Row rows[] = {{"GBK", kSimplified, "GB18030"},
                      {"Big5", kTraditional, "Big5"},
                      {"UTF-16BE", "云帆机器人获得青松基金投资", "UTF-16BE"}};
  for (const Row& r : rows) {
    INFO(r.charset);
    std::string one = encode(r.charset, r.text), bytes;
    while (bytes.size() < 200 * 1024) bytes += one;
    kg::ingest::Decoded d = decode_bytes(bytes, "big.txt");
    CHECK(d.encoding == r.expect);
    size_t per = kg::utf8_to_u32(r.text).size();
    REQUIRE(d.text.size() == per * (bytes.size() / one.size()));
    CHECK(d.text.src[d.text.size() - per] == bytes.size() - one.size());
    CHECK(d.text.chars.substr(d.text.size() - per) == kg::utf8_to_u32(r.text));
  }
}

TEST_CASE("CR LF and lone CR become LF with the offsets of the remaining chars intact", "[ingest]") {
  std::string bytes = "甲乙\r\n丙\r丁\r";
  kg::ingest::Decoded d = decode_bytes(bytes, "crlf.txt");
  CHECK(kg::u32_to_utf8(d.text.chars) == "甲乙\n丙\n丁\n");
  const uint32_t expect[] = {0, 3, 7, 8, 11, 12, 15, 16};
  REQUIRE(d.text.src.size() == 8);
  for (size_t i = 0; i < 8; ++i) CHECK(d.text.src[i] == expect[i]);

  std::string le = encode("UTF-16LE", "甲\r\n乙");
  kg::ingest::Decoded u = decode_bytes(le, "crlf16.txt");
  CHECK(u.encoding == "UTF-16LE");
  CHECK(u.text.chars == U"甲\n乙");
  CHECK(u.text.src == std::vector<uint32_t>{0, 4, 6, 8});
}

TEST_CASE("Invalid bytes inside a UTF-8 file become U+FFFD and keep offsets right", "[ingest]") {
  std::string bytes = "远山资本\xFF\xFE领投了这家公司的首轮融资，金额为数千万元。";
  kg::ingest::Decoded d = decode_bytes(bytes, "bad.txt");
  CHECK(d.encoding == "UTF-8");
  std::u32string expect = U"远山资本\uFFFD\uFFFD领投了这家公司的首轮融资，金额为数千万元。";
  REQUIRE(d.text.chars == expect);
  CHECK(d.text.src[3] == 9);   // 本
  CHECK(d.text.src[4] == 12);  // first bad byte
  CHECK(d.text.src[5] == 13);  // second bad byte
  CHECK(d.text.src[6] == 14);  // 领
  CHECK(d.text.src.back() == bytes.size());

  // A truncated sequence at the very end is one replacement too.
  std::string cut = kSimplified + "\xE4\xBD";
  kg::ingest::Decoded c = decode_bytes(cut, "cut.txt");
  CHECK(c.encoding == "UTF-8");
  CHECK(c.text.chars.substr(c.text.size() - 2) == U"\uFFFD\uFFFD");
}

TEST_CASE("A stray bad byte in a GBK file becomes U+FFFD with offsets intact", "[ingest]") {
  std::string head = encode("GBK", kSimplified);
  std::string tail = encode("GBK", "公司计划明年在新加坡设立研发中心。\n");
  std::string bytes = head + "\xFF" + tail;
  kg::ingest::Decoded d = decode_bytes(bytes, "gbk.txt");
  CHECK(d.encoding == "GB18030");
  std::u32string head_chars = kg::utf8_to_u32(kSimplified);
  REQUIRE(d.text.size() > head_chars.size() + 1);
  CHECK(d.text.chars.substr(0, head_chars.size()) == head_chars);
  CHECK(d.text.chars[head_chars.size()] == 0xFFFD);
  CHECK(d.text.src[head_chars.size()] == head.size());
  CHECK(d.text.chars[head_chars.size() + 1] == U'公');
  CHECK(d.text.src[head_chars.size() + 1] == head.size() + 1);
  CHECK(d.text.src.back() == bytes.size());
}

TEST_CASE("Supplementary characters keep one offset per code point", "[ingest]") {
  std::string text = "融资😀完成𠀀。";
  for (const char* cs : {"UTF-8", "GB18030", "UTF-16LE"}) {
    INFO(cs);
    std::string bytes = std::string(std::string_view(cs) == "UTF-16LE" ? "\xFF\xFE" : "") + encode(cs, text);
    kg::ingest::Decoded d = decode_bytes(bytes, "emoji.txt");
    check_offsets(d.text, cs, text, std::string_view(cs) == "UTF-16LE" ? 2 : 0);
  }
}

TEST_CASE("Empty and binary files are refused with a one-line message naming the file", "[ingest]") {
  CHECK(refusal("") == "in/sample.txt: empty file");
  const std::string binary = "in/sample.txt: not a text file (binary data)";
  CHECK(refusal(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)) == binary);
  CHECK(refusal(std::string("\x7F"
                            "ELF\x02\x01\x01\0\0\0\0\0",
                            12)) == binary);
  CHECK(refusal(std::string("PK\x03\x04\x14\0\0\0\x08\0", 10)) == binary);
  CHECK(refusal(std::string("\x1F\x8B\x08\0\0\0\0\0", 8)) == binary);
  CHECK(refusal("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n") == binary);
  CHECK(refusal(std::string("\xFF\xD8\xFF\xE0\0\x10JFIF", 10)) == binary);
  CHECK(refusal("GIF89a\x01\x00\x01\x00") == binary);

  std::mt19937 rng(42);
  for (int round = 0; round < 5; ++round) {
    std::string noise(4096 + round, '\0');
    for (char& c : noise) c = static_cast<char>(rng() & 0xFF);
    INFO("random round " << round);
    CHECK(refusal(noise) == binary);
  }
  std::string structs;
  for (int i = 0; i < 200; ++i) structs += std::string("\x01\0\0\0\x10\0\0\0", 8);
  CHECK(refusal(structs) == binary);
}

TEST_CASE("Bytes that no supported encoding reads are refused as undetectable", "[ingest]") {
  std::string bytes;
  for (int i = 0; i < 40; ++i) bytes += "ab\x80\xFF cd ";
  CHECK(refusal(bytes) == "in/sample.txt: cannot detect the text encoding");
}

TEST_CASE("Plain ASCII is read as UTF-8", "[ingest]") {
  kg::ingest::Decoded d = decode_bytes("OpenAI raised money.\n", "en.txt");
  CHECK(d.encoding == "UTF-8");
  CHECK(d.text.chars == U"OpenAI raised money.\n");
  CHECK(d.text.src.back() == 21);
}
