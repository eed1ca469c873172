#include "io/byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "io/input_error.hpp"

namespace gw::io {
namespace {

constexpr std::size_t kRawBufferBytes = 256 * 1024;
constexpr std::uint8_t kGzipMagic[] = {0x1f, 0x8b};
constexpr std::uint8_t kZstdMagic[] = {0x28, 0xb5, 0x2f, 0xfd};
constexpr std::size_t kMagicBytes = 4;  // enough for both
// Uncompressed reads at least this large bypass the raw buffer (ByteSource::Impl::read_plain).
constexpr std::size_t kDirectReadMinBytes = 4096;
// The first read, enough to recognise gzip and zstd by their magic bytes.
constexpr std::size_t kDetectReadBytes = 4096;

}  // namespace

std::string_view compression_name(Compression c) noexcept {
  switch (c) {
    case Compression::None: return "none";
    case Compression::Gzip: return "gzip";
    case Compression::Zstd: return "zstd";
  }
  return "?";
}

struct ByteSource::Impl {
  std::string name;
  int fd = -1;
  bool owns_fd = false;
  std::uint64_t file_size = 0;

  // Raw (file) bytes: raw[raw_pos, raw_len) not yet consumed. Not value-initialised: only bytes read are used.
  std::unique_ptr<std::uint8_t[]> raw = std::make_unique_for_overwrite<std::uint8_t[]>(kRawBufferBytes);
  std::size_t raw_pos = 0;
  std::size_t raw_len = 0;
  std::uint64_t raw_total = 0;  // bytes read from the file
  bool raw_eof = false;

  Compression compression = Compression::None;
  bool detected = false;

  z_stream zs{};
  bool zs_init = false;
  bool gzip_member_open = false;  // inside a gzip member (header seen, end not yet)

  ZSTD_DCtx* zstd = nullptr;
  bool zstd_frame_open = false;  // ZSTD_decompressStream returned non-zero: a frame is incomplete

  // Peeked, not yet delivered, decompressed bytes.
  std::vector<std::uint8_t> peeked;
  std::size_t peeked_pos = 0;

  std::uint64_t delivered = 0;

  ~Impl() {
    if (zs_init) inflateEnd(&zs);
    if (zstd != nullptr) ZSTD_freeDCtx(zstd);
    if (owns_fd && fd >= 0) ::close(fd);
  }

  std::uint64_t consumed_raw() const noexcept { return raw_total - (raw_len - raw_pos); }

  // Reads more file bytes (at most `most` in all), keeping the unconsumed tail. Returns false at end of file.
  bool fill(std::size_t most = kRawBufferBytes) {
    if (raw_eof) return false;
    if (raw_pos > 0) {
      std::memmove(raw.get(), raw.get() + raw_pos, raw_len - raw_pos);
      raw_len -= raw_pos;
      raw_pos = 0;
    }
    if (raw_len >= most) return true;
    for (;;) {
      ssize_t got = ::read(fd, raw.get() + raw_len, most - raw_len);
      if (got < 0) {
        if (errno == EINTR) continue;
        throw InputError(name, "cannot read", InputLocation::byte(raw_total), std::strerror(errno));
      }
      if (got == 0) {
        raw_eof = true;
        return false;
      }
      raw_len += static_cast<std::size_t>(got);
      raw_total += static_cast<std::uint64_t>(got);
      return true;
    }
  }

  void detect() {
    // A small first read: an uncompressed input's bytes in the raw buffer are copied out once, the rest go
    // straight to the reader (read_plain).
    while (raw_len - raw_pos < kMagicBytes && fill(kDetectReadBytes)) {
    }
    detected = true;
    const std::size_t have = raw_len - raw_pos;
    const std::uint8_t* p = raw.get() + raw_pos;
    if (have >= 2 && std::equal(std::begin(kGzipMagic), std::end(kGzipMagic), p)) {
      compression = Compression::Gzip;
      zs_init = inflateInit2(&zs, 16 + MAX_WBITS) == Z_OK;
      if (!zs_init) throw InputError(name, "cannot initialise zlib");
    } else if (have >= 4 && std::equal(std::begin(kZstdMagic), std::end(kZstdMagic), p)) {
      compression = Compression::Zstd;
      zstd = ZSTD_createDCtx();
      if (zstd == nullptr) throw InputError(name, "cannot initialise zstd");
    }
  }

  std::size_t read_plain(std::uint8_t* buf, std::size_t n) {
    // Nothing buffered and a large request: the file's bytes go straight into `buf`, saving a copy of every byte
    // (the raw buffer is for decompression and format detection).
    if (raw_pos == raw_len && n >= kDirectReadMinBytes) return read_direct(buf, n);
    if (raw_pos == raw_len && !fill()) return 0;
    const std::size_t k = std::min(n, raw_len - raw_pos);
    std::memcpy(buf, raw.get() + raw_pos, k);
    raw_pos += k;
    return k;
  }

  std::size_t read_direct(std::uint8_t* buf, std::size_t n) {
    if (raw_eof) return 0;
    for (;;) {
      const ssize_t got = ::read(fd, buf, n);
      if (got < 0) {
        if (errno == EINTR) continue;
        throw InputError(name, "cannot read", InputLocation::byte(raw_total), std::strerror(errno));
      }
      if (got == 0) raw_eof = true;
      raw_total += static_cast<std::uint64_t>(got);
      return static_cast<std::size_t>(got);
    }
  }

  // True when more compressed input follows (fills the buffer if needed).
  bool more_raw() { return raw_pos < raw_len || fill(); }

  std::size_t read_gzip(std::uint8_t* buf, std::size_t n) {
    for (;;) {
      if (raw_pos == raw_len && !fill()) {
        if (gzip_member_open) {
          throw InputError(name, "truncated gzip stream", InputLocation::byte(consumed_raw()),
                           "unexpected end of file");
        }
        return 0;
      }
      if (!gzip_member_open) {
        // A new member starts here (the first, or one concatenated after the previous).
        if (inflateReset(&zs) != Z_OK) throw InputError(name, "cannot reset zlib");
        gzip_member_open = true;
      }
      zs.next_in = raw.get() + raw_pos;
      zs.avail_in = static_cast<uInt>(raw_len - raw_pos);
      zs.next_out = buf;
      zs.avail_out = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
      const int rc = inflate(&zs, Z_NO_FLUSH);
      const std::size_t used = (raw_len - raw_pos) - zs.avail_in;
      const std::size_t produced = static_cast<std::size_t>(zs.next_out - buf);
      raw_pos += used;
      if (rc == Z_STREAM_END) {
        gzip_member_open = false;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        throw InputError(name, "corrupt gzip stream", InputLocation::byte(consumed_raw()),
                         zs.msg != nullptr ? zs.msg : "inflate failed");
      }
      if (produced > 0) return produced;
      if (rc == Z_STREAM_END && !more_raw()) return 0;
    }
  }

  std::size_t read_zstd(std::uint8_t* buf, std::size_t n) {
    for (;;) {
      if (raw_pos == raw_len && !fill()) {
        if (zstd_frame_open) {
          throw InputError(name, "truncated zstd stream", InputLocation::byte(consumed_raw()),
                           "unexpected end of file");
        }
        return 0;
      }
      ZSTD_inBuffer in{raw.get() + raw_pos, raw_len - raw_pos, 0};
      ZSTD_outBuffer out{buf, n, 0};
      const std::size_t rc = ZSTD_decompressStream(zstd, &out, &in);
      raw_pos += in.pos;
      if (ZSTD_isError(rc)) {
        throw InputError(name, "corrupt zstd stream", InputLocation::byte(consumed_raw()), ZSTD_getErrorName(rc));
      }
      zstd_frame_open = rc != 0;
      if (out.pos > 0) return out.pos;
    }
  }

  std::size_t read_decoded(std::uint8_t* buf, std::size_t n) {
    if (!detected) detect();
    switch (compression) {
      case Compression::None: return read_plain(buf, n);
      case Compression::Gzip: return read_gzip(buf, n);
      case Compression::Zstd: return read_zstd(buf, n);
    }
    return 0;
  }
};

ByteSource::ByteSource(std::string path) : impl_(std::make_unique<Impl>()) {
  impl_->name = std::move(path);
  if (impl_->name == "-") {
    impl_->fd = STDIN_FILENO;
  } else {
    impl_->fd = ::open(impl_->name.c_str(), O_RDONLY | O_CLOEXEC);
    if (impl_->fd < 0) throw InputError(impl_->name, "cannot open", InputLocation::none(), std::strerror(errno));
    impl_->owns_fd = true;
  }
  struct stat st {};
  if (::fstat(impl_->fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw InputError(impl_->name, "cannot read", InputLocation::none(), "is a directory");
    if (S_ISREG(st.st_mode)) impl_->file_size = static_cast<std::uint64_t>(st.st_size);
  }
}

ByteSource::~ByteSource() = default;

std::size_t ByteSource::read(std::uint8_t* buf, std::size_t n) {
  if (n == 0) return 0;
  Impl& s = *impl_;
  std::size_t k = 0;
  if (s.peeked_pos < s.peeked.size()) {
    k = std::min(n, s.peeked.size() - s.peeked_pos);
    std::memcpy(buf, s.peeked.data() + s.peeked_pos, k);
    s.peeked_pos += k;
  } else {
    k = s.read_decoded(buf, n);
  }
  s.delivered += k;
  return k;
}

std::span<const std::uint8_t> ByteSource::peek(std::size_t n) {
  Impl& s = *impl_;
  n = std::min(n, kMaxPeek);
  if (s.peeked_pos > 0) {
    s.peeked.erase(s.peeked.begin(), s.peeked.begin() + static_cast<std::ptrdiff_t>(s.peeked_pos));
    s.peeked_pos = 0;
  }
  while (s.peeked.size() < n) {
    const std::size_t have = s.peeked.size();
    s.peeked.resize(n);
    const std::size_t got = s.read_decoded(s.peeked.data() + have, n - have);
    s.peeked.resize(have + got);
    if (got == 0) break;
  }
  return {s.peeked.data(), std::min(n, s.peeked.size())};
}

bool ByteSource::seek(std::uint64_t offset) {
  Impl& s = *impl_;
  if (s.name == "-" || s.file_size == 0 || compression() != Compression::None || offset > s.file_size) return false;
  if (::lseek(s.fd, static_cast<off_t>(offset), SEEK_SET) < 0) return false;
  s.raw_pos = s.raw_len = 0;
  s.raw_total = offset;
  s.raw_eof = false;
  s.peeked.clear();
  s.peeked_pos = 0;
  s.delivered = offset;
  return true;
}

std::uint64_t ByteSource::offset() const noexcept { return impl_->delivered; }
std::uint64_t ByteSource::compressed_offset() const noexcept { return impl_->consumed_raw(); }
std::uint64_t ByteSource::file_size() const noexcept { return impl_->file_size; }
Compression ByteSource::compression() {
  if (!impl_->detected) impl_->detect();
  return impl_->compression;
}
const std::string& ByteSource::name() const noexcept { return impl_->name; }

}  // namespace gw::io
