// A small JSON reader for scenario files: the whole document into a tree whose every value remembers its byte
// offset, so an error can name the file, the offset and the field ("receivers[1].lat: expected a number (byte
// 412)"). Scenario files are a few KiB; simdjson is used for the large inputs, where speed matters and positions
// of type errors do not.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gw::sim::json {

// A syntax or type error: what() is "SOURCE: byte OFFSET: MESSAGE".
class Error : public std::runtime_error {
 public:
  Error(const std::string& source, std::size_t offset, const std::string& message);
  std::size_t offset() const noexcept { return offset_; }

 private:
  std::size_t offset_;
};

enum class Type { Null, Bool, Number, String, Array, Object };

struct Member;

struct Value {
  Type type = Type::Null;
  std::size_t offset = 0;  // byte offset of the value's first character
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Value> array;
  std::vector<Member> object;  // in document order; duplicate keys are an error

  const Value* find(std::string_view key) const;
};

// One key of an object (a named struct, not std::pair: a pair of an incomplete Value is rejected by clang 14).
struct Member {
  std::string key;
  Value value;
};

// Parses `text` (UTF-8). Throws Error naming `source`.
Value parse(std::string_view text, const std::string& source);

const char* type_name(Type type);

}  // namespace gw::sim::json
