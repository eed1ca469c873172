#include "sim/frame_writer.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

#include "io/beast_writer.hpp"

namespace gw::sim {
namespace {

constexpr std::size_t kBufferBytes = 1 << 20;
constexpr char kHex[] = "0123456789ABCDEF";

}  // namespace

void append_avr_frame(const modes::RawFrame& frame, std::vector<std::uint8_t>& out) {
  out.push_back('@');
  for (int shift = 44; shift >= 0; shift -= 4) out.push_back(static_cast<std::uint8_t>(kHex[(frame.counter >> shift) & 15]));
  for (std::size_t i = 0; i < frame.length; ++i) {
    out.push_back(static_cast<std::uint8_t>(kHex[frame.bytes[i] >> 4]));
    out.push_back(static_cast<std::uint8_t>(kHex[frame.bytes[i] & 15]));
  }
  out.push_back(';');
  out.push_back('\n');
}

FrameFileWriter::FrameFileWriter(const std::string& path, OutputFormat format) : path_(path), format_(format) {
  if (path == "-") {
    fd_ = STDOUT_FILENO;
  } else {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error(path + ": cannot open for writing: " + std::strerror(errno));
    owns_fd_ = true;
  }
  buffer_.reserve(kBufferBytes + 128);
}

FrameFileWriter::~FrameFileWriter() {
  try {
    close();
  } catch (...) {  // a destructor must not throw; close() reports errors to callers that want them
  }
}

void FrameFileWriter::on_frames(std::span<const modes::RawFrame> frames, std::span<const modes::ModeSMessage>) {
  for (const modes::RawFrame& f : frames) {
    if (format_ == OutputFormat::Beast) {
      io::append_beast_frame(f, buffer_);
    } else {
      append_avr_frame(f, buffer_);
    }
    if (buffer_.size() >= kBufferBytes) flush();
  }
  frames_ += frames.size();
}

void FrameFileWriter::flush() {
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      buffer_.clear();
      throw std::runtime_error(path_ + ": write failed: " + std::strerror(err));
    }
    done += static_cast<std::size_t>(n);
  }
  bytes_ += buffer_.size();
  buffer_.clear();
}

void FrameFileWriter::close() {
  if (fd_ < 0) return;
  try {
    flush();
  } catch (...) {
    if (owns_fd_) ::close(fd_);
    fd_ = -1;
    throw;
  }
  const int fd = fd_;
  fd_ = -1;
  if (owns_fd_ && ::close(fd) != 0) throw std::runtime_error(path_ + ": close failed: " + std::strerror(errno));
}

}  // namespace gw::sim
