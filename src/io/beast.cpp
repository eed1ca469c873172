#include "io/beast.hpp"

#include <bit>
#include <cstring>
#include <limits>
#include <type_traits>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace gw::io {
namespace {

constexpr std::uint8_t kEscape = 0x1a;
constexpr std::uint8_t kTypeModeAC = '1';
constexpr std::uint8_t kTypeShort = '2';
constexpr std::uint8_t kTypeLong = '3';
constexpr std::uint8_t kTypeStatus = '4';
constexpr std::uint8_t kCounterBytes = 6;
constexpr std::uint8_t kSignalBytes = 1;
constexpr std::uint8_t kHeaderBytes = kCounterBytes + kSignalBytes;
// Assumed length of the data of a Radarcape status frame (type '4'); see beast.hpp.
constexpr std::uint8_t kStatusDataBytes = modes::kLongFrameBytes;

std::uint64_t load_be64(const std::uint8_t* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  if constexpr (std::endian::native == std::endian::little) w = __builtin_bswap64(w);
  return w;
}

// Whether any of the `n` bytes at `p` (9 <= n <= 21: a frame's payload) is 0x1a. Three overlapping 8-byte words
// cover the payload without reading past it; a word holds a 0x1a when word ^ 0x1a1a... has a zero byte, which
// (x - 0x0101...) & ~x & 0x8080... detects (Hacker's Delight, 2nd ed., §6-1). This replaces a memchr call per
// frame.
bool contains_escape(const std::uint8_t* p, std::size_t n) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101u;
  constexpr std::uint64_t kHighs = 0x8080808080808080u;
  constexpr std::uint64_t kEscapes = kOnes * kEscape;
  const auto escape_bits = [](const std::uint8_t* q) {  // non-zero when the word at q holds a 0x1a
    std::uint64_t w;
    std::memcpy(&w, q, sizeof w);
    w ^= kEscapes;
    return (w - kOnes) & ~w & kHighs;
  };
  return (escape_bits(p) | escape_bits(p + n / 2 - 4) | escape_bits(p + n - 8)) != 0;
}

// Whether the frame of `frame_bytes` bytes (16 <= frame_bytes <= 32) starting with its 0x1a at `p` holds another
// 0x1a after its type byte. With SSE2 (every x86-64) two overlapping 16-byte compares replace the three word tests
// of contains_escape: the first covers bytes 0-15 (byte 0 is the frame's own 0x1a, byte 1 a type byte, never
// 0x1a), the second the last 16 bytes; both masks are placed by byte index, so that the frame's own 0x1a is
// left out of both (a short frame is 16 bytes: the second compare is the first one again).
bool frame_contains_escape(const std::uint8_t* p, std::size_t frame_bytes) noexcept {
#if defined(__SSE2__)
  const __m128i escapes = _mm_set1_epi8(static_cast<char>(kEscape));
  const auto escape_mask = [&](const std::uint8_t* q) {
    return static_cast<unsigned>(
        _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q)), escapes)));
  };
  return ((escape_mask(p) | escape_mask(p + frame_bytes - 16) << (frame_bytes - 16)) & ~1u) != 0;
#else
  return contains_escape(p + 2, frame_bytes - 2);
#endif
}

#if defined(__SSE2__)
// Whether the `kPayloadBytes`-byte payload (14 or 21: a Mode S frame's, after its 0x1a and type byte) at `payload`
// holds a 0x1a, for the clean-frame loop's first pass, which may read past the frame: 16-byte compares at the start
// and (long frames) at the end of the payload, or-ed, one mask test; bytes past the payload masked off.
template <std::size_t kPayloadBytes>
bool payload_contains_escape(const std::uint8_t* payload) noexcept {
  static_assert(kPayloadBytes >= 9 && kPayloadBytes <= 32);
  const __m128i escapes = _mm_set1_epi8(static_cast<char>(kEscape));
  const auto escapes_at = [&](const std::uint8_t* q) {
    return _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q)), escapes);
  };
  if constexpr (kPayloadBytes <= 16) {
    constexpr unsigned kPayloadMask = (1u << kPayloadBytes) - 1;
    return (static_cast<unsigned>(_mm_movemask_epi8(escapes_at(payload))) & kPayloadMask) != 0;
  } else {
    return _mm_movemask_epi8(_mm_or_si128(escapes_at(payload), escapes_at(payload + kPayloadBytes - 16))) != 0;
  }
}
#endif

#if defined(__SSE2__)
// Bytes parse_whole_frame needs readable from a frame's payload to unescape it with unescape_by_mask: the
// escaped payload (at most twice 21 bytes plus its last byte's partner), plus a 32-byte copy starting inside it.
constexpr std::size_t kUnescapeReadable = 48 + 32;

// Unescapes the `need`-byte payload at `body` into `out` (64 bytes: whole 32-byte copies) run by run: the 0x1a
// positions come from three 16-byte compares, and each run between them is one fixed-size copy, where the byte
// loop took ~8 instructions per byte. Returns the escaped bytes used, or 0 at a lone 0x1a (a frame cut short: the
// byte-at-a-time parser reports it). `body` must have kUnescapeReadable readable bytes. Always inlined: as a call
// it cost ~15 instructions more per escaped frame (BENCHMARKS.md, "Session 7").
[[gnu::always_inline]] inline std::size_t unescape_by_mask(const std::uint8_t* body, std::size_t need,
                                                           std::uint8_t* out) noexcept {
  const __m128i escapes = _mm_set1_epi8(static_cast<char>(kEscape));
  const auto mask16 = [&](int at) {
    return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(body + at)), escapes))));
  };
  const std::uint64_t mask = mask16(0) | mask16(16) << 16 | mask16(32) << 32;  // bit j: body[j] is 0x1a
  std::size_t j = 0, k = 0;
  for (;;) {
    const std::uint64_t ahead = mask >> j;
    const std::size_t run = ahead != 0 ? static_cast<std::size_t>(std::countr_zero(ahead)) : 64;
    std::memcpy(out + k, body + j, 32);  // run <= need - k <= 21 bytes of it count
    if (run >= need - k) return j + (need - k);
    k += run;
    j += run;  // body[j] is 0x1a: it must be doubled
    if (((mask >> (j + 1)) & 1) == 0) return 0;
    out[k++] = kEscape;
    j += 2;
    if (k == need) return j;
  }
}
#endif

constexpr std::uint8_t data_bytes(std::uint8_t type) noexcept {
  switch (type) {
    case kTypeModeAC: return modes::kModeACFrameBytes;
    case kTypeShort: return modes::kShortFrameBytes;
    case kTypeLong: return modes::kLongFrameBytes;
    case kTypeStatus: return kStatusDataBytes;
    default: return 0;
  }
}

}  // namespace

BeastStats& BeastStats::operator+=(const BeastStats& o) noexcept {
  bytes += o.bytes;
  frames_mode_ac += o.frames_mode_ac;
  frames_short += o.frames_short;
  frames_long += o.frames_long;
  frames_status += o.frames_status;
  garbage_bytes += o.garbage_bytes;
  resyncs += o.resyncs;
  truncated_frames += o.truncated_frames;
  unknown_type += o.unknown_type;
  return *this;
}

void BeastParser::report(const BeastSkip& s) {
  if (on_skip_) on_skip_(s);
}

void BeastParser::add_garbage(std::uint64_t at, std::uint64_t n) noexcept {
  if (garbage_run_ == 0) garbage_start_ = at;
  garbage_run_ += n;
  stats_.garbage_bytes += n;
}

void BeastParser::end_garbage(bool resync) {
  if (garbage_run_ == 0) return;
  if (resync) ++stats_.resyncs;
  report({BeastSkip::Kind::Garbage, garbage_start_, garbage_run_, 0});
  garbage_run_ = 0;
}

// The byte after a frame-starting 0x1a (at frame_pos_).
void BeastParser::on_type_byte(std::uint8_t b) {
  const std::uint8_t n = data_bytes(b);
  if (n != 0) {
    end_garbage(true);
    state_ = State::Body;
    type_ = b;
    need_ = static_cast<std::uint8_t>(kHeaderBytes + n);
    have_ = 0;
    escape_ = false;
    return;
  }
  state_ = State::Seek;
  if (b != kEscape) {
    ++stats_.unknown_type;
    report({BeastSkip::Kind::UnknownType, frame_pos_, 2, b});
  }
  // An escaped 0x1a seen out of sync is data; an unknown type is not a frame: both are garbage.
  add_garbage(frame_pos_, 2);
}

// Fills `f` from an unescaped payload: counter (6 bytes), signal, then `n` data bytes. Every field is written
// (bytes past `n` zeroed), so `f` needs no reset first. Always inlined: it runs once per frame, and left to
// itself GCC kept it a call.
[[gnu::always_inline]] inline void BeastParser::emit(const std::uint8_t* payload, std::uint8_t type,
                                                     std::uint8_t n, std::uint64_t position, double time_anchor_s,
                                                     modes::RawFrame& f) noexcept {
  // Constant sizes, so that each copy is a few moves rather than a call.
  switch (n) {
    case modes::kLongFrameBytes: std::memcpy(f.bytes.data(), payload + kHeaderBytes, modes::kLongFrameBytes); break;
    case modes::kShortFrameBytes:
      std::memcpy(f.bytes.data(), payload + kHeaderBytes, modes::kShortFrameBytes);
      std::memset(f.bytes.data() + modes::kShortFrameBytes, 0, modes::kLongFrameBytes - modes::kShortFrameBytes);
      break;
    default:
      std::memcpy(f.bytes.data(), payload + kHeaderBytes, modes::kModeACFrameBytes);
      std::memset(f.bytes.data() + modes::kModeACFrameBytes, 0, modes::kLongFrameBytes - modes::kModeACFrameBytes);
      break;
  }
  f.length = n;
  f.kind = type == kTypeModeAC ? modes::FrameKind::ModeAC
           : type == kTypeShort ? modes::FrameKind::Short
                                : modes::FrameKind::Long;
  f.has_counter = true;
  f.has_signal = true;
  f.signal = payload[kCounterBytes];
  f.counter = load_be64(payload) >> 16;  // the payload is at least 9 bytes: counter, signal, 2+ data bytes
  // NaN without an anchor. The 48-bit counter is exact as a signed 64-bit integer, whose conversion to double is
  // one instruction on x86-64 (an unsigned one takes several).
  f.time_s = time_anchor_s + static_cast<double>(static_cast<std::int64_t>(f.counter)) / modes::kCounterHz;
  f.position = position;
}

// Counts a complete frame of `type`; false for a status frame, which is not emitted.
bool BeastParser::count_frame(std::uint8_t type) noexcept {
  switch (type) {
    case kTypeStatus: ++stats_.frames_status; return false;
    case kTypeModeAC: ++stats_.frames_mode_ac; return true;
    case kTypeShort: ++stats_.frames_short; return true;
    default: ++stats_.frames_long; return true;
  }
}

// Fast path, taken in Seek state at a 0x1a: if a whole frame of a known type starts at `p` and lies inside the
// `avail` bytes, with only doubled 0x1a inside, counts it, writes it to `f` when it is not a status frame, and
// returns the bytes it used (`emitted` says whether `f` was written). Returns 0 for anything else (frame cut by
// the end of the chunk, a lone 0x1a, unknown type): the byte-at-a-time state machine handles those, and since
// nothing was changed here it starts from the same state.
std::size_t BeastParser::parse_whole_frame(const std::uint8_t* p, std::size_t avail, std::uint64_t position,
                                           modes::RawFrame& f, bool& emitted) noexcept {
  if (avail < 2) return 0;
  const std::uint8_t type = p[1];
  const std::uint8_t n = data_bytes(type);
  if (n == 0) return 0;
  const std::size_t need = kHeaderBytes + n;
  const std::uint8_t* body = p + 2;
  std::size_t used = 2 + need;
  std::uint8_t unescaped[64];  // a payload (21 bytes at most), room for unescape_by_mask's whole copies
  const std::uint8_t* payload = body;
  if (avail < used || contains_escape(body, need)) {
    // Unescape: every 0x1a inside the frame must be doubled.
    payload = unescaped;
#if defined(__SSE2__)
    if (avail >= 2 + kUnescapeReadable) {
      const std::size_t escaped = unescape_by_mask(body, need, unescaped);
      if (escaped == 0) return 0;
      used = 2 + escaped;
    } else
#endif
    {
      std::size_t j = 2;
      for (std::size_t k = 0; k < need; ++k) {
        if (j >= avail) return 0;
        const std::uint8_t b = p[j++];
        if (b == kEscape) {
          if (j >= avail || p[j] != kEscape) return 0;
          ++j;
        }
        unescaped[k] = b;
      }
      used = j;
    }
  }
  end_garbage(true);
  emitted = count_frame(type);
  if (emitted) emit(payload, type, n, position, time_anchor_s_, f);
  return used;
}

namespace {
#if defined(__SSE2__)
// The most bytes the clean-frame loop reads from a frame's 0x1a on: a long frame escaped by unescape_by_mask.
constexpr std::size_t kCleanFrameReach = 2 + kUnescapeReadable;
#else
constexpr std::size_t kCleanFrameReach = 2 + kHeaderBytes + modes::kLongFrameBytes;
#endif

// A frame's first two bytes (0x1a, type) as one 16-bit load gives them, for one compare per frame type.
constexpr std::uint16_t frame_head(std::uint8_t type) noexcept {
  return std::endian::native == std::endian::little ? static_cast<std::uint16_t>(kEscape | type << 8)
                                                    : static_cast<std::uint16_t>(kEscape << 8 | type);
}

std::uint16_t load_head(const std::uint8_t* p) noexcept {
  std::uint16_t head;
  std::memcpy(&head, p, sizeof head);
  return head;
}

// The Mode S frame of `kDataBytes` data bytes whose 0x1a is at `p` (type byte checked by the caller), for the
// clean-frame loop: returns the bytes it takes in the input and points `payload` at its unescaped payload (in the
// input, or in `scratch` (64 bytes) when a 0x1a inside is doubled); 0 when it does not lie whole inside the `avail`
// bytes or holds a lone 0x1a (left to parse_whole_frame and the state machine). Sizes are constants per type.
// kLengthChecked false: the caller has made sure that kCleanFrameReach bytes from `p` lie inside the chunk, and
// `avail` is not looked at.
template <std::size_t kDataBytes, bool kLengthChecked>
[[gnu::always_inline]] inline std::size_t clean_frame(const std::uint8_t* p, std::size_t avail, std::uint8_t* scratch,
                                                      const std::uint8_t*& payload) noexcept {
  constexpr std::size_t kFrameBytes = 2 + kHeaderBytes + kDataBytes;  // 0x1a, type, payload (nothing escaped)
  if (kLengthChecked && avail < kFrameBytes) return 0;
  payload = p + 2;
#if defined(__SSE2__)
  const bool escaped_inside = kLengthChecked ? frame_contains_escape(p, kFrameBytes)
                                             : payload_contains_escape<kHeaderBytes + kDataBytes>(p + 2);
#else
  const bool escaped_inside = frame_contains_escape(p, kFrameBytes);
#endif
  if (!escaped_inside) [[likely]] return kFrameBytes;
#if defined(__SSE2__)
  // A doubled 0x1a (about one Helsinki frame in 14): unescaped here, not by leaving the loop for parse_whole_frame.
  if (kLengthChecked && avail < 2 + kUnescapeReadable) return 0;
  const std::size_t escaped = unescape_by_mask(p + 2, kHeaderBytes + kDataBytes, scratch);
  if (escaped == 0) return 0;
  payload = scratch;
  return 2 + escaped;
#else
  (void)scratch;
  return 0;
#endif
}
}  // namespace

// Fastest path, taken in Seek state with no garbage pending: a run of Mode S frames (types '2' and '3') that lie
// wholly inside the chunk, back to back, with only doubled 0x1a inside. Emits them into out[frames, ...) and
// returns the index of the first byte it did not use; anything else (another type, a lone 0x1a, a frame cut by
// the end of the chunk, garbage) is left to parse_whole_frame and the state machine, with nothing changed.
// One branch per frame type, with its sizes, kind and escape test as constants (emit and frame_contains_escape
// fold them), and the counters and time anchor in locals that the stores into `out` cannot alias
// (BENCHMARKS.md, "Session 7"). Two passes of the same loop: up to kCleanFrameReach bytes before the chunk's end
// no frame can run past it, so the first pass tests no lengths (one 16-bit compare per frame takes the 0x1a and
// the type); the second takes the frames of the chunk's last bytes with the length tests (BENCHMARKS.md,
// "Session 9").
std::size_t BeastParser::parse_clean_frames(const std::uint8_t* data, std::size_t size, std::size_t i,
                                            std::uint64_t base, std::span<modes::RawFrame> out,
                                            std::size_t& frames) noexcept {
  const double time_anchor_s = time_anchor_s_;
  modes::RawFrame* f = out.data() + frames;
  modes::RawFrame* const end = out.data() + out.size();
  std::uint64_t longs = 0, shorts = 0;
  std::uint8_t scratch[64];
  const std::uint8_t* payload = nullptr;
  const std::uint8_t* p = data + i;
  const std::uint8_t* const chunk_end = data + size;
  const std::uint8_t* const unchecked_end = size > kCleanFrameReach ? chunk_end - kCleanFrameReach : data;
  // Stream offset of the byte at q: q's address plus this (wrapping) bias, one add per frame.
  const std::uint64_t position_bias = base - reinterpret_cast<std::uintptr_t>(data);
  const auto position_of = [position_bias](const std::uint8_t* q) {
    return reinterpret_cast<std::uintptr_t>(q) + position_bias;
  };
  // One frame of `kDataBytes` data bytes at p, with or without the length tests: emitted and counted, and the bytes
  // it takes returned; 0 when it is left to parse_whole_frame (see clean_frame). Inlined into both loops: as a call
  // it cost 1.8 instructions per frame (callgrind, Helsinki).
  const auto take = [&](auto data_bytes, auto length_checked,
                        std::size_t avail) __attribute__((always_inline)) -> std::size_t {
    constexpr std::size_t kDataBytes = decltype(data_bytes)::value;
    constexpr std::uint8_t kType = kDataBytes == modes::kLongFrameBytes ? kTypeLong : kTypeShort;
    const std::size_t used = clean_frame<kDataBytes, decltype(length_checked)::value>(p, avail, scratch, payload);
    if (used == 0) return 0;
    emit(payload, kType, kDataBytes, position_of(p), time_anchor_s, *f++);
    ++(kType == kTypeLong ? longs : shorts);
    return used;
  };
  constexpr std::integral_constant<std::size_t, modes::kLongFrameBytes> kLong;
  constexpr std::integral_constant<std::size_t, modes::kShortFrameBytes> kShort;
  constexpr std::false_type kUnchecked;
  constexpr std::true_type kChecked;
  while (p < unchecked_end && f != end) {
    const std::uint16_t head = load_head(p);
    std::size_t used = 0;
    if (head == frame_head(kTypeLong)) used = take(kLong, kUnchecked, 0);
    else if (head == frame_head(kTypeShort)) used = take(kShort, kUnchecked, 0);
    if (used == 0) break;
    p += used;
  }
  while (f != end && chunk_end - p >= 2 && p[0] == kEscape) {
    const auto avail = static_cast<std::size_t>(chunk_end - p);
    std::size_t used = 0;
    if (p[1] == kTypeLong) used = take(kLong, kChecked, avail);
    else if (p[1] == kTypeShort) used = take(kShort, kChecked, avail);
    if (used == 0) break;
    p += used;
  }
  frames = static_cast<std::size_t>(f - out.data());
  stats_.frames_long += longs;
  stats_.frames_short += shorts;
  return static_cast<std::size_t>(p - data);
}

BeastParser::FeedResult BeastParser::feed(std::span<const std::uint8_t> chunk, std::span<modes::RawFrame> out) {
  FeedResult r;
  if (out.empty()) return r;
  const std::uint8_t* data = chunk.data();
  const std::size_t size = chunk.size();
  const std::uint64_t base = pos_;  // stream offset of chunk[0]
  std::size_t i = 0;
  while (i < size) {
    if (state_ == State::Seek) {
      if (garbage_run_ == 0) {
        i = parse_clean_frames(data, size, i, base, out, r.frames);
        if (r.frames == out.size() || i == size) break;
      }
      if (data[i] != kEscape) {
        // Garbage up to the next 0x1a, counted as one run.
        const void* next = std::memchr(data + i, kEscape, size - i);
        const std::size_t end = next != nullptr ? static_cast<std::size_t>(static_cast<const std::uint8_t*>(next) - data) : size;
        add_garbage(base + i, end - i);
        i = end;
        continue;
      }
      bool emitted = false;
      const std::size_t used = parse_whole_frame(data + i, size - i, base + i, out[r.frames], emitted);
      if (used != 0) {
        i += used;
        if (emitted && ++r.frames == out.size()) break;
        continue;
      }
    }
    // Byte at a time: frames split across chunks, lone 0x1a, unknown types.
    const std::uint8_t b = data[i++];
    const std::uint64_t p = base + i - 1;
    switch (state_) {
      case State::Seek:  // b is 0x1a
        state_ = State::Type;
        frame_pos_ = p;
        continue;
      case State::Type:
        on_type_byte(b);
        continue;
      case State::Body:
        break;
    }
    // Body: unescape.
    if (escape_) {
      escape_ = false;
      if (b != kEscape) {
        // A lone 0x1a inside a frame: this frame is cut short, the 0x1a starts the next one.
        ++stats_.truncated_frames;
        report({BeastSkip::Kind::TruncatedFrame, frame_pos_, p - 1 - frame_pos_, type_});
        frame_pos_ = p - 1;
        on_type_byte(b);
        continue;
      }
    } else if (b == kEscape) {
      escape_ = true;
      continue;
    }
    payload_[have_++] = b;
    if (have_ < need_) continue;
    state_ = State::Seek;
    if (!count_frame(type_)) continue;
    emit(payload_, type_, static_cast<std::uint8_t>(need_ - kHeaderBytes), frame_pos_, time_anchor_s_, out[r.frames]);
    if (++r.frames == out.size()) break;
  }
  pos_ = base + i;
  stats_.bytes += i;
  r.consumed = i;
  return r;
}

std::optional<std::size_t> find_beast_sync(std::span<const std::uint8_t> data, std::size_t frames_in_a_row) {
  const std::uint8_t* p = data.data();
  const std::size_t size = data.size();
  // The end of the whole frame starting at j, or 0 when none does.
  const auto frame_end = [p, size](std::size_t j) -> std::size_t {
    if (size - j < 2 || p[j] != kEscape) return 0;
    const std::uint8_t n = data_bytes(p[j + 1]);
    if (n == 0) return 0;
    j += 2;
    for (std::size_t k = 0; k < std::size_t{kHeaderBytes} + n; ++k) {
      if (j >= size) return 0;
      if (p[j++] == kEscape) {
        if (j >= size || p[j] != kEscape) return 0;
        ++j;
      }
    }
    return j;
  };
  for (std::size_t i = 0; i < size; ++i) {
    const void* next = std::memchr(p + i, kEscape, size - i);
    if (next == nullptr) break;
    i = static_cast<std::size_t>(static_cast<const std::uint8_t*>(next) - p);
    std::size_t j = i;
    std::size_t run = 0;
    while (run < frames_in_a_row) {
      const std::size_t end = frame_end(j);
      if (end == 0) break;
      j = end;
      ++run;
    }
    if (run == frames_in_a_row) return i;
  }
  return std::nullopt;
}

void BeastParser::finish() {
  switch (state_) {
    case State::Body:
      ++stats_.truncated_frames;
      report({BeastSkip::Kind::TruncatedFrame, frame_pos_, pos_ - frame_pos_, type_});
      break;
    case State::Type: add_garbage(frame_pos_, 1); break;
    case State::Seek: break;
  }
  end_garbage(false);
  state_ = State::Seek;
  escape_ = false;
  have_ = 0;
}

}  // namespace gw::io
