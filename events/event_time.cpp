#include "events/event_time.hpp"

#include <cctype>

namespace kmsprep {
namespace {

// Reads a run of digits (1 to max_digits) at `pos`.
bool read_number(std::string_view text, size_t& pos, int max_digits, int& value) {
  const size_t start = pos;
  value = 0;
  while (pos < text.size() && pos - start < static_cast<size_t>(max_digits) &&
         std::isdigit(static_cast<unsigned char>(text[pos]))) {
    value = value * 10 + (text[pos++] - '0');
  }
  return pos > start;
}

bool expect(std::string_view text, size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) return ++pos, true;
  return false;
}

std::optional<UnixSeconds> assemble(int year, int month, int day, int hour, int minute,
                                    int second) {
  static constexpr int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1601 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > kDaysInMonth[month - 1] || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return std::nullopt;
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
         hour * 3600 + minute * 60 + second;
}

}  // namespace

int64_t days_from_civil(int year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int64_t>(day_of_era) - 719468;
}

std::optional<UnixSeconds> parse_system_time(std::string_view text) {
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_number(text, pos, 4, year) || pos != 4 || !expect(text, pos, '-') ||
      !read_number(text, pos, 2, month) || !expect(text, pos, '-') ||
      !read_number(text, pos, 2, day) || !(expect(text, pos, 'T') || expect(text, pos, ' ')) ||
      !read_number(text, pos, 2, hour) || !expect(text, pos, ':') ||
      !read_number(text, pos, 2, minute) || !expect(text, pos, ':') ||
      !read_number(text, pos, 2, second)) {
    return std::nullopt;
  }
  if (expect(text, pos, '.')) {
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
  }
  auto when = assemble(year, month, day, hour, minute, second);
  if (!when) return std::nullopt;
  if (pos == text.size() || (expect(text, pos, 'Z') && pos == text.size())) return when;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos++] == '+' ? 1 : -1;
    int offset_hours = 0, offset_minutes = 0;
    if (!read_number(text, pos, 2, offset_hours) || !expect(text, pos, ':') ||
        !read_number(text, pos, 2, offset_minutes) || pos != text.size() || offset_hours > 14) {
      return std::nullopt;
    }
    return *when - sign * (offset_hours * 3600 + offset_minutes * 60);
  }
  return std::nullopt;
}

std::optional<UnixSeconds> parse_export_time(std::string_view text) {
  if (auto iso = parse_system_time(text)) return iso;
  size_t pos = 0;
  int month = 0, day = 0, year = 0, hour = 0, minute = 0, second = 0;
  if (!read_number(text, pos, 2, month) || !expect(text, pos, '/') ||
      !read_number(text, pos, 2, day) || !expect(text, pos, '/') ||
      !read_number(text, pos, 4, year) || !expect(text, pos, ' ') ||
      !read_number(text, pos, 2, hour) || !expect(text, pos, ':') ||
      !read_number(text, pos, 2, minute) || !expect(text, pos, ':') ||
      !read_number(text, pos, 2, second)) {
    return std::nullopt;
  }
  if (pos < text.size()) {
    const std::string_view rest = text.substr(pos);
    const bool pm = rest == " PM";
    if (!pm && rest != " AM") return std::nullopt;
    if (hour < 1 || hour > 12) return std::nullopt;
    hour = hour % 12 + (pm ? 12 : 0);
  }
  return assemble(year, month, day, hour, minute, second);
}

}  // namespace kmsprep
