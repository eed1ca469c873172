// Output files are complete or absent: written to "<path>.tmp.<pid>" and renamed over <path> on commit().
// A writer destroyed without commit() (an exception, an early return) removes its temporary file.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace gw::output {

class AtomicFile {
 public:
  // Opens the temporary file; throws std::runtime_error naming the path when it cannot be created.
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::FILE* stream() const { return file_; }
  void write(std::string_view text);
  // Flushes, closes and renames into place; throws std::runtime_error naming the path on any failure.
  void commit();

 private:
  std::string path_;
  std::string tmp_path_;
  std::FILE* file_ = nullptr;
};

}  // namespace gw::output
