#include "io/input_error.hpp"

namespace gw::io {
namespace {

std::string compose(const std::string& path, std::string_view problem, InputLocation where,
                    std::string_view detail) {
  std::string out = path;
  out += ": ";
  out += problem;
  switch (where.unit) {
    case InputLocation::Unit::Byte: out += " at byte " + std::to_string(where.value); break;
    case InputLocation::Unit::Line: out += " at line " + std::to_string(where.value); break;
    case InputLocation::Unit::None: break;
  }
  if (!detail.empty()) {
    out += ": ";
    out += detail;
  }
  return out;
}

}  // namespace

InputError::InputError(std::string path, std::string_view problem, InputLocation where, std::string_view detail)
    : std::runtime_error(compose(path, problem, where, detail)), path_(std::move(path)), where_(where) {}

std::optional<std::uint64_t> InputError::byte_offset() const noexcept {
  if (where_.unit == InputLocation::Unit::Byte) return where_.value;
  return std::nullopt;
}

std::optional<std::uint64_t> InputError::line() const noexcept {
  if (where_.unit == InputLocation::Unit::Line) return where_.value;
  return std::nullopt;
}

}  // namespace gw::io
