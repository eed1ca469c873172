// Reading the JSON files eval consumes with simdjson (DOM), with errors that name the file and the field.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

namespace gw::eval::detail {

namespace dom = simdjson::dom;

class JsonReader {
 public:
  // `path` names the source in messages.
  explicit JsonReader(std::string path) : path_(std::move(path)) {}

  // Parses a file or a text; throws EvalError "PATH: ..." when it is missing or not JSON.
  dom::element load();
  dom::element parse(std::string_view text);

  [[noreturn]] void fail(std::string_view where, std::string_view problem) const;

  // Required members: throw EvalError "PATH: WHERE.KEY: missing / not a number ..." otherwise.
  double number(dom::element e, std::string_view key, std::string_view where) const;
  std::int64_t integer(dom::element e, std::string_view key, std::string_view where) const;
  std::string_view string(dom::element e, std::string_view key, std::string_view where) const;
  bool boolean(dom::element e, std::string_view key, std::string_view where) const;
  dom::array array(dom::element e, std::string_view key, std::string_view where) const;
  dom::object object(dom::element e, std::string_view where) const;  // e itself must be an object

  // Optional members: absent or null gives nullopt; a present value of the wrong type is an error.
  std::optional<double> optional_number(dom::element e, std::string_view key, std::string_view where) const;
  std::optional<dom::element> optional_member(dom::element e, std::string_view key) const;

  const std::string& path() const { return path_; }

 private:
  // e's member `key`, or EvalError "PATH: WHERE.KEY: missing".
  dom::element required_member(dom::element e, std::string_view key, std::string_view where) const;

  std::string path_;
  dom::parser parser_;
};

// "2026-01-06T21:56:56Z" or with fractional seconds "…56.25Z" (UTC, as gnsswatch writes times) to unix seconds.
std::optional<double> parse_iso8601_utc(std::string_view text);

}  // namespace gw::eval::detail
