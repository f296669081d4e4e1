// Date expressions in normalised Chinese text (absolute, month-only, relative to the previous date or to the
// publication date, vague), their resolution against a document's discourse state (DateContext), and the
// conservative inference of a document's publication date from its lines. No I/O.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kg::ingest {

enum class DateKind {
  Absolute,             // 2015年, 2019年3月, 2022年11月30日, 2021-04-06, 2024年底, 2024年Q1
  MonthOnly,            // 7月, 11月30日, 7月份: the year comes from the discourse
  RelativePrevious,     // 同年, 次年, 当月, 当天 …: relative to the last date stated before
  RelativePublication,  // 今年, 去年, 本月, 上月, 今天, 近日 …: relative to the publication date
  Vague,                // 此前, 早前, 近年: a time reference with no resolvable date
};

// The finest unit an expression names: 2019年 / 同年 -> Year; 7月 / 当月 -> Month; 11月30日 / 当天 -> Day.
enum class DateGrain { Year, Month, Day };

struct DateExpr {
  size_t begin = 0, end = 0;              // span in the input (code-point indexes)
  DateKind kind = DateKind::Absolute;
  DateGrain grain = DateGrain::Year;
  std::optional<int> year, month, day;    // what the text states (absolute parts)
  int year_offset = 0, month_offset = 0;  // for relative: 次年 +1, 去年 -1, 上月 month_offset -1 …
  int day_offset = 0;                     // 次日 +1, 昨天 -1, 上周 -7
  bool has_month_part = false;            // 今年1月 / 同年7月: relative year + explicit month
  bool approximate = false;               // 近日/日前/本周 (about the publication date), 2024年底/上半年/Q1
  bool forecast = false;                  // 将于/预计/计划于/有望在/到 … before it, or 明年/下月: a future date
  std::string text;                       // the matched text (UTF-8), for debugging
};

// Every date expression in text (normalised: ASCII digits, ASCII , : ( )), ordered by begin, non-overlapping.
// Years must lie in 1900–2100; numbers followed by amount units (1750亿) are not years.
std::vector<DateExpr> find_dates(std::u32string_view text);

struct ResolvedDate {
  std::optional<int> year, month, day;
  std::string basis;  // "explicit" | "previous" | "publication" | "" (unresolved)
};

// Discourse state of one document: the publication date and the last date the text stated.
class DateContext {
 public:
  void set_publication(std::optional<int> y, std::optional<int> m, std::optional<int> d);
  // Resolves e against the state; a resolved non-forecast date becomes the new "last date" (a date that only
  // names a year keeps the previous month when the year is unchanged).
  ResolvedDate resolve(const DateExpr& e);
  std::optional<int> last_year() const { return last_y_; }

 private:
  void remember(const ResolvedDate& r);
  std::optional<int> pub_y_, pub_m_, pub_d_;
  std::optional<int> last_y_, last_m_, last_d_;
};

struct PublicationDate {
  std::optional<int> year, month, day;
  std::string how;  // "" if not found | "dateline" | "label" | "beijing-time" | "beijing-time+year-signal" |
                    // "beijing-time+line-year" | "today+year-signal" | "today+line-year"
};

// Conservative guess of the publication date from a document's lines (raw or normalised; normalised here):
// 1. "label": a line 发布时间/发布于/发表于/发布日期/日期/date/published followed by a full date;
// 2. "dateline": one of the first or last 5 non-empty lines starting with a full date (optionally a time,
//    then nothing or a source/author field) — a date that opens a sentence is not a dateline;
// 3. 北京时间M月D日 / 今天,M月D日: the year from a document-wide signal (YYYY年开年以来, YYYY年初至今,
//    今年(YYYY年)) or, failing that, the latest year stated in the same line when no date of that year in the
//    line falls after M月D日. Otherwise not found (how == "").
PublicationDate infer_publication_date(const std::vector<std::u32string>& lines);

// A byline that opens with a full date and goes on with a source, author or editor field
// (2020-10-20 来源:产业观察, 2021年3月2日 09:30 作者:…): the noise filter drops such lines from the text, but
// they still carry the publication date, so the caller keeps them for infer_publication_date.
bool is_dated_byline(std::u32string_view line);

}  // namespace kg::ingest
