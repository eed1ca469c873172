#include "io/line_splitter.hpp"

#include <cstring>

namespace gw::io {

LineSplitter::Line LineSplitter::make(std::string_view text) {
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return Line{text, ++number_, false};
}

std::size_t LineSplitter::next(std::span<const std::uint8_t> chunk, Line& line, bool& complete) {
  const auto* begin = reinterpret_cast<const char*>(chunk.data());
  const auto* nl = static_cast<const char*>(std::memchr(begin, '\n', chunk.size()));
  const std::size_t used = nl != nullptr ? static_cast<std::size_t>(nl - begin) + 1 : chunk.size();
  const std::size_t text_bytes = nl != nullptr ? used - 1 : used;

  if (!has_partial_ && nl != nullptr) {
    // The whole line is in this chunk: a view, no copy.
    complete = true;
    line = make({begin, text_bytes});
    line.too_long = text_bytes > max_;
    if (line.too_long) line.text = {};
    return used;
  }
  // Start or continue a partial line.
  has_partial_ = true;
  if (!partial_too_long_) {
    if (partial_.size() + text_bytes > max_) {
      partial_too_long_ = true;
      partial_.clear();
    } else {
      partial_.insert(partial_.end(), begin, begin + text_bytes);
    }
  }
  complete = nl != nullptr;
  if (complete) {
    line = make(partial_too_long_ ? std::string_view{} : std::string_view{partial_.data(), partial_.size()});
    line.too_long = partial_too_long_;
    has_partial_ = false;
    partial_too_long_ = false;
    partial_.clear();  // keeps capacity: the view stays valid until the next call appends
  }
  return used;
}

bool LineSplitter::finish(Line& line) {
  if (!has_partial_) return false;
  line = make(partial_too_long_ ? std::string_view{} : std::string_view{partial_.data(), partial_.size()});
  line.too_long = partial_too_long_;
  has_partial_ = false;
  partial_too_long_ = false;
  partial_.clear();
  return true;
}

namespace detail {

bool decode_hex(std::string_view text, std::uint8_t* out) noexcept {
  if (text.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_value(text[i]);
    const int lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i / 2] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return true;
}

bool parse_hex_u64(std::string_view text, std::uint64_t& value) noexcept {
  if (text.empty() || text.size() > 16) return false;
  std::uint64_t v = 0;
  for (char c : text) {
    const int d = hex_value(c);
    if (d < 0) return false;
    v = v << 4 | static_cast<std::uint64_t>(d);
  }
  value = v;
  return true;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace detail
}  // namespace gw::io
