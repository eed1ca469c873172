// The error a user must fix (missing file, unreadable, corrupt compressed stream, unknown format). Damage that
// real feeds carry (a truncated Beast frame, a bad AVR line) is a counted skip instead, never an InputError.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gw::io {

// Where in an input a problem is: a byte offset (binary inputs) or a 1-based line number (text inputs).
struct InputLocation {
  enum class Unit : std::uint8_t { None, Byte, Line };
  Unit unit = Unit::None;
  std::uint64_t value = 0;

  static constexpr InputLocation none() { return {}; }
  static constexpr InputLocation byte(std::uint64_t offset) { return {Unit::Byte, offset}; }
  static constexpr InputLocation line(std::uint64_t number) { return {Unit::Line, number}; }
};

// what() reads "<path>: <problem>[ at byte N | at line N][: <detail>]", e.g.
// "raw.bin.gz: corrupt gzip stream at byte 12345: invalid block type".
class InputError : public std::runtime_error {
 public:
  InputError(std::string path, std::string_view problem, InputLocation where = {}, std::string_view detail = {});

  const std::string& path() const noexcept { return path_; }
  const InputLocation& where() const noexcept { return where_; }
  std::optional<std::uint64_t> byte_offset() const noexcept;
  std::optional<std::uint64_t> line() const noexcept;

 private:
  std::string path_;
  InputLocation where_;
};

}  // namespace gw::io
