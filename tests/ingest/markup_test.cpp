// Tests for ingest/markup.h: format sniffing, HTML and Markdown removal, metadata, offsets.
#include "ingest/markup.h"

#include <catch2/catch.hpp>
#include <string>

#include "base/text.h"
#include "ingest/decode.h"

using kg::ingest::Format;

namespace {

kg::Text text_of(const std::string& utf8) { return kg::ingest::decode_bytes(utf8, "t").text; }

std::string plain(const kg::ingest::Stripped& s) { return kg::u32_to_utf8(s.text.chars); }

kg::ingest::Stripped strip(const std::string& bytes, Format f) { return kg::ingest::strip_markup(text_of(bytes), f); }

// Every kept char must point at its own bytes in the original, or at the '&' of the entity it came from;
// inserted line breaks and spaces point at the markup or white space that caused them.
void check_offsets(const kg::ingest::Stripped& s, const std::string& bytes) {
  REQUIRE(s.text.src.size() == s.text.chars.size() + 1);
  CHECK(s.text.src.back() == bytes.size());
  for (size_t i = 0; i < s.text.size(); ++i) {
    char32_t c = s.text.chars[i];
    uint32_t off = s.text.src[i];
    REQUIRE(off < bytes.size());
    if (i > 0) CHECK(off >= s.text.src[i - 1]);
    if (c == U'\n' || c == U' ') continue;
    std::string own;
    kg::append_utf8(own, c);
    INFO("char " << i << " " << own << " at byte " << off);
    CHECK((bytes.compare(off, own.size(), own) == 0 || bytes[off] == '&'));
  }
}

}  // namespace

TEST_CASE("The format is taken from the extension or sniffed from the content", "[ingest]") {
  struct Row {
    const char* path;
    const char* content;
    Format expect;
  };
  const Row rows[] = {
      {"a/news.html", "纯文本", Format::Html},
      {"a/news.HTM", "纯文本", Format::Html},
      {"a/news.xhtml", "纯文本", Format::Html},
      {"a/news.md", "纯文本", Format::Markdown},
      {"a/news.Markdown", "纯文本", Format::Markdown},
      {"a/news.txt", "  <!DOCTYPE html><html><body>正文</body></html>", Format::Html},
      {"a/news", "<html lang=\"zh\">正文</html>", Format::Html},
      {"a/news.txt", "<div>一</div><p>二</p><p>三<br>四</p>", Format::Html},
      {"a/news.txt", "---\ntitle: 标题\n---\n正文", Format::Markdown},
      {"a/news.txt", "# 标题\n\n正文**加粗**一段，**再加粗**。", Format::Markdown},
      {"a/news.txt", "见[官网](https://example.com)与[公告](https://example.com/a)。", Format::Markdown},
      {"a/news.txt", "云帆机器人完成2亿元B轮融资。\n#融资# 话题", Format::Text},
      {"a/news.txt", "比较 a<b 与 b>c，以及<br>一处换行。", Format::Text},
      {"a.dir/news", "普通文本。", Format::Text},
  };
  for (const Row& r : rows) {
    INFO(r.path << ": " << r.content);
    CHECK(kg::ingest::sniff_format(r.path, text_of(r.content)) == r.expect);
  }
  CHECK(std::string(kg::ingest::format_name(Format::Markdown)) == "markdown");
}

TEST_CASE("An HTML page loses its markup, keeps its text lines and yields date and title", "[ingest]") {
  const std::string page =
      "<!DOCTYPE html>\n<html><head>\n<meta charset=\"utf-8\">\n"
      "<title>云帆机器人完成B轮融资 - 示例新闻网</title>\n"
      "<meta property=\"article:published_time\" content=\"2024-03-05T09:30:00+08:00\">\n"
      "<style>p { color: red; } /* 联新资本 */</style>\n"
      "<script>var s = \"<p>不应出现</p>\"; if (a < b) {}</script>\n"
      "</head>\n<body>\n<!-- 广告位 开始 -->\n"
      "<h1>云帆机器人完成<em>2亿元</em>B轮融资</h1>\n"
      "<div class=\"meta\"><time datetime=\"2024-03-04\">3月4日</time></div>\n"
      "<p>据悉，本轮由<a href=\"/org/1\">联新</a>资本领投，\n华岳创投&amp;青松基金跟投。</p>\n"
      "<p>公司名称：&ldquo;云帆&rdquo;&#26426;&#x5668;人&nbsp;Ltd.<br>成立于2019年。</p>\n"
      "<ul><li>研发</li><li>销售</li></ul>\n"
      "<table><tr><td>投资方</td><td>联新资本</td></tr></table>\n"
      "</body></html>\n";
  kg::ingest::Stripped s = strip(page, Format::Html);
  CHECK(plain(s) ==
        "云帆机器人完成2亿元B轮融资\n3月4日\n据悉，本轮由联新资本领投，华岳创投&青松基金跟投。\n"
        "公司名称：“云帆”机器人\u00A0Ltd.\n成立于2019年。\n研发\n销售\n投资方 联新资本\n");
  CHECK(s.date == "2024-03-05");
  CHECK(s.title == "云帆机器人完成B轮融资 - 示例新闻网");
  check_offsets(s, page);

  // The entity 机 maps to its '&'.
  std::u32string chars = s.text.chars;
  size_t ji = chars.find(U'机', chars.find(U"”"));
  REQUIRE(ji != std::u32string::npos);
  CHECK(page.compare(s.text.src[ji], 8, "&#26426;") == 0);
  size_t li = chars.find(U"联新资本");
  CHECK(page.compare(s.text.src[li], 6, "联新") == 0);
  CHECK(page.compare(s.text.src[li + 2], 6, "资本") == 0);
}

TEST_CASE("HTML snippets: inline tags vanish, block tags break lines, entities decode", "[ingest]") {
  struct Row {
    const char* html;
    const char* expect;
  };
  const Row rows[] = {
      {"<p>联新</a>资本</p>", "联新资本\n"},
      {"<p>由<b>红杉</b><span style=\"x\">中国</span><font color=red>领投</font></p>", "由红杉中国领投\n"},
      {"<div>A轮</div><div>B轮</div>", "A轮\nB轮\n"},
      {"<section><article><h2>标题</h2><p>正文</p></article></section>", "标题\n正文\n"},
      {"<p>Sam <i>Altman</i> said</p>", "Sam Altman said\n"},
      {"a &lt; b &gt; c &#169; &unknown; &amp x &#x1F600;", "a < b > c © &unknown; & x 😀"},
      {"&#0;&#xD800;&#150;", "\uFFFD\uFFFD–"},
      {"<p>融资\n  金额</p>", "融资金额\n"},
      {"<p>OpenAI\n宣布</p>", "OpenAI 宣布\n"},
      {"<p>红杉  中国\t领投</p>", "红杉 中国 领投\n"},
      {"<pre>第一行\n  第二行</pre>", "第一行\n  第二行\n"},
      {"x < y and <3 hearts", "x < y and <3 hearts"},
      {"<p>1</p><!-- <p>2</p> --><p>3</p>", "1\n3\n"},
      {"<br/>A<br />B", "A\nB"},
      {"<p>一<img src=\"a.png\" alt=\"图\">二</p>", "一二\n"},
      {"<noscript>请启用脚本</noscript><p>正文</p>", "正文\n"},
      {"<p title='a > b'>引号内的大于号</p>", "引号内的大于号\n"},
      {"<p>未闭合 <a href=\"x", "未闭合 <a href=\"x"},
  };
  for (const Row& r : rows) {
    INFO(r.html);
    kg::ingest::Stripped s = strip(r.html, Format::Html);
    CHECK(plain(s) == r.expect);
    check_offsets(s, r.html);
  }
}

TEST_CASE("The publication date comes from meta tags before time elements", "[ingest]") {
  struct Row {
    const char* html;
    const char* date;
    const char* title;
  };
  const Row rows[] = {
      {"<meta name=\"pubdate\" content=\"2023/7/9\"><p>x</p>", "2023-07-09", ""},
      {"<meta name=\"PublishDate\" content=\"2023年7月9日 10:00\">", "2023-07-09", ""},
      {"<time datetime=\"2022-12-01T08:00:00Z\">12月1日</time>", "2022-12-01", ""},
      {"<time datetime=\"2022-12-01\"></time><meta name=\"date\" content=\"2022-11-30\">", "2022-11-30", ""},
      {"<meta name=\"date\" content=\"2020-01-01\"><meta property=\"article:published_time\" "
       "content=\"2021-06-15T00:00:00Z\">",
       "2021-06-15", ""},
      {"<meta itemprop=\"datePublished\" content=\"2021-02-03\">", "2021-02-03", ""},
      {"<meta name=\"date\" content=\"不是日期\"><h1>只有<b>大</b>标题</h1>", "", "只有大标题"},
      {"<title> 两个  标题 </title><h1>次要</h1>", "", "两个 标题"},
  };
  for (const Row& r : rows) {
    INFO(r.html);
    kg::ingest::Stripped s = strip(r.html, Format::Html);
    CHECK(s.date == r.date);
    CHECK(s.title == r.title);
  }
}

TEST_CASE("Dates in common spellings are normalised to YYYY-MM-DD", "[ingest]") {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"2023-08-30", "2023-08-30"},
      {"2023-8-3", "2023-08-03"},
      {"2023/08/30 10:00", "2023-08-30"},
      {"2023.08.30", "2023-08-30"},
      {"20230830", "2023-08-30"},
      {"2023-08-30T10:00:00+08:00", "2023-08-30"},
      {"2023年8月30日", "2023-08-30"},
      {"２０２３年８月３０日", "2023-08-30"},
      {"Wed, 30 Aug 2023 10:00:00 +0800", "2023-08-30"},
      {"Aug 30, 2023", "2023-08-30"},
      {"2024-02-29", "2024-02-29"},
      {"2023-02-29", ""},
      {"2023-13-01", ""},
      {"2023-08", ""},
      {"hello", ""},
      {"", ""},
  };
  for (const Row& r : rows) {
    INFO(r.in);
    CHECK(kg::ingest::normalize_date(r.in) == r.out);
  }
}

TEST_CASE("Markdown loses front matter and syntax but keeps its text and lines", "[ingest]") {
  const std::string md =
      "---\n"
      "title: \"星图医疗获得数千万元天使轮投资\"\n"
      "date: 2022-11-15 08:00:00 +0800\n"
      "tags: [医疗, 融资]\n"
      "---\n"
      "# 星图医疗获得数千万元天使轮投资\n"
      "\n"
      "![封面](https://img.example.com/cover.png)\n"
      "\n"
      "**星图医疗**近日宣布获得[鼎信资本](https://example.com/dx)数千万元天使轮投资。\n"
      "> 本轮资金主要用于<span>产品</span>研发&amp;招聘。\n"
      "\n"
      "**据悉，交易已于上月完成。 **\n"
      "- 创始人：李明\n"
      "1. 成立于2020年，见<https://example.com/about>\n"
      "计算 3 * 4 与 snake_case 保留，`代码`去掉反引号，~~删除线~~，单个的5*8也保留。\n"
      "***\n"
      "[dx]: https://example.com/dx\n";
  kg::ingest::Stripped s = strip(md, Format::Markdown);
  CHECK(plain(s) ==
        "星图医疗获得数千万元天使轮投资\n\n\n\n星图医疗近日宣布获得鼎信资本数千万元天使轮投资。\n"
        "本轮资金主要用于产品研发&招聘。\n\n据悉，交易已于上月完成。 "
        "\n创始人：李明\n成立于2020年，见https://example.com/about\n"
        "计算 3 * 4 与 snake_case 保留，代码去掉反引号，删除线，单个的5*8也保留。\n");
  CHECK(s.title == "星图医疗获得数千万元天使轮投资");
  CHECK(s.date == "2022-11-15");
  check_offsets(s, md);
}

TEST_CASE("Markdown without front matter takes its title from the first heading", "[ingest]") {
  kg::ingest::Stripped s = strip("前言\n## 远川基金完成新一期募资 ##\n正文。", Format::Markdown);
  CHECK(plain(s) == "前言\n远川基金完成新一期募资\n正文。");
  CHECK(s.title == "远川基金完成新一期募资");
  CHECK(s.date.empty());

  kg::ingest::Stripped open = strip("---\n没有闭合的前置块\n正文", Format::Markdown);
  CHECK(plain(open) == "没有闭合的前置块\n正文");
}

TEST_CASE("Plain text is returned unchanged", "[ingest]") {
  const std::string t = "<p>这不是网页</p> **也不处理** &amp;\n第二行";
  kg::Text in = text_of(t);
  kg::ingest::Stripped s = kg::ingest::strip_markup(in, Format::Text);
  CHECK(s.text.chars == in.chars);
  CHECK(s.text.src == in.src);
  CHECK(s.date.empty());
  CHECK(s.title.empty());
}
