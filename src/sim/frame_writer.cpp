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
// '@', 12 counter digits, 28 payload digits, ';', '\n'.
constexpr std::size_t kMaxAvrFrameBytes = 1 + 12 + 2 * modes::kLongFrameBytes + 2;

std::size_t write_avr_frame(const modes::RawFrame& frame, std::uint8_t* out) noexcept {
  std::uint8_t* p = out;
  *p++ = '@';
  for (int shift = 44; shift >= 0; shift -= 4) *p++ = static_cast<std::uint8_t>(kHex[(frame.counter >> shift) & 15]);
  for (std::size_t i = 0; i < frame.length && i < modes::kLongFrameBytes; ++i) {
    *p++ = static_cast<std::uint8_t>(kHex[frame.bytes[i] >> 4]);
    *p++ = static_cast<std::uint8_t>(kHex[frame.bytes[i] & 15]);
  }
  *p++ = ';';
  *p++ = '\n';
  return static_cast<std::size_t>(p - out);
}

}  // namespace

void append_avr_frame(const modes::RawFrame& frame, std::vector<std::uint8_t>& out) {
  const std::size_t start = out.size();
  out.resize(start + kMaxAvrFrameBytes);
  out.resize(start + write_avr_frame(frame, out.data() + start));
}

FrameFileWriter::FrameFileWriter(const std::string& path, OutputFormat format) : path_(path), format_(format) {
  if (path == "-") {
    fd_ = STDOUT_FILENO;
  } else {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error(path + ": cannot open for writing: " + std::strerror(errno));
    owns_fd_ = true;
  }
  static_assert(io::kMaxBeastFrameBytes <= 128 && kMaxAvrFrameBytes <= 128);
  buffer_.resize(kBufferBytes + 128);  // a frame is written whole while fewer than kBufferBytes are pending
}

FrameFileWriter::~FrameFileWriter() {
  try {
    close();
  } catch (...) {  // a destructor must not throw; close() reports errors to callers that want them
  }
}

void FrameFileWriter::on_frames(std::span<const modes::RawFrame> frames, std::span<const modes::ModeSMessage>) {
  if (format_ == OutputFormat::Beast) {
    for (const modes::RawFrame& f : frames) {
      used_ += io::write_beast_frame(f, buffer_.data() + used_);
      if (used_ >= kBufferBytes) flush();
    }
  } else {
    for (const modes::RawFrame& f : frames) {
      used_ += write_avr_frame(f, buffer_.data() + used_);
      if (used_ >= kBufferBytes) flush();
    }
  }
  frames_ += frames.size();
}

void FrameFileWriter::flush() {
  std::size_t done = 0;
  while (done < used_) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, used_ - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      used_ = 0;
      throw std::runtime_error(path_ + ": write failed: " + std::strerror(err));
    }
    done += static_cast<std::size_t>(n);
  }
  bytes_ += used_;
  used_ = 0;
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
