// Writes decoded messages as NDJSON (one object per line) or CSV, with readsb's JSON field names where one exists.
// Field list and meanings: docs/FORMATS.md ("decode output").
#pragma once

#include <cstdio>
#include <string_view>

#include <fmt/format.h>

#include "modes/message.hpp"

namespace gw::output {

enum class RecordFormat { Ndjson, Csv, None };

// Parses "ndjson", "csv" or "none"; returns false for anything else.
bool parse_record_format(std::string_view text, RecordFormat& out);

// Buffers output and writes it in large blocks; one writer per output stream. No allocation per record once the
// buffer has grown to its working size.
class RecordWriter {
 public:
  RecordWriter(std::FILE* out, RecordFormat format);
  ~RecordWriter();
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;

  void write(const modes::ModeSMessage& msg);
  // Writes what is buffered; false if the stream reported an error (e.g. disk full, closed pipe).
  bool flush();

 private:
  void write_ndjson(const modes::ModeSMessage& msg);
  void write_csv(const modes::ModeSMessage& msg);

  std::FILE* out_;
  RecordFormat format_;
  fmt::memory_buffer buffer_;
  bool header_written_ = false;
};

}  // namespace gw::output
