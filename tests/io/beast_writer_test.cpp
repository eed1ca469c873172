// The Beast writer against the plain byte-by-byte encoding (io_test_util's beast_frame): a 0x1a at every position
// of the counter, signal and payload, every frame kind, bytes past the frame's length that must not be written
// nor escaped, and no counter or signal.
#include "io/beast_writer.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "io_test_util.hpp"

namespace gw::io {
namespace {

std::vector<std::uint8_t> written(const modes::RawFrame& f) {
  std::vector<std::uint8_t> out(kMaxBeastFrameBytes + 8, 0xee);
  out.resize(write_beast_frame(f, out.data()));
  return out;
}

modes::RawFrame frame(modes::FrameKind kind, std::uint8_t length, std::uint64_t counter, std::uint8_t signal) {
  modes::RawFrame f;
  f.kind = kind;
  f.length = length;
  f.has_counter = f.has_signal = true;
  f.counter = counter;
  f.signal = signal;
  for (std::uint8_t i = 0; i < modes::kLongFrameBytes; ++i) f.bytes[i] = static_cast<std::uint8_t>(0x41 + i);
  return f;
}

std::vector<std::uint8_t> payload(const modes::RawFrame& f) { return {f.bytes.begin(), f.bytes.begin() + f.length}; }

TEST(BeastWriter, EscapesEvery0x1aAndOnlyThoseOfTheFrame) {
  struct Kind {
    modes::FrameKind kind;
    std::uint8_t length;
    char type;
  };
  for (const Kind k : {Kind{modes::FrameKind::ModeAC, 2, '1'}, Kind{modes::FrameKind::Short, 7, '2'},
                       Kind{modes::FrameKind::Long, 14, '3'}}) {
    const std::uint64_t counter = 0x0123456789ab;
    // No escape at all; junk 0x1a past the length is neither written nor escaped.
    modes::RawFrame plain = frame(k.kind, k.length, counter, 0x42);
    for (std::size_t i = k.length; i < modes::kLongFrameBytes; ++i) plain.bytes[i] = 0x1a;
    EXPECT_EQ(written(plain), test::beast_frame(k.type, counter, 0x42, payload(plain))) << k.type;
    // A 0x1a in each counter byte, the signal, each payload byte.
    for (int b = 0; b < 6; ++b) {
      const std::uint64_t c = (counter & ~(std::uint64_t{0xff} << (8 * b))) | (std::uint64_t{0x1a} << (8 * b));
      const modes::RawFrame f = frame(k.kind, k.length, c, 0x42);
      EXPECT_EQ(written(f), test::beast_frame(k.type, c, 0x42, payload(f))) << k.type << " counter byte " << b;
    }
    const modes::RawFrame s = frame(k.kind, k.length, counter, 0x1a);
    EXPECT_EQ(written(s), test::beast_frame(k.type, counter, 0x1a, payload(s))) << k.type << " signal";
    for (std::size_t i = 0; i < k.length; ++i) {
      modes::RawFrame f = frame(k.kind, k.length, counter, 0x42);
      f.bytes[i] = 0x1a;
      EXPECT_EQ(written(f), test::beast_frame(k.type, counter, 0x42, payload(f))) << k.type << " payload byte " << i;
    }
    // Everything 0x1a: the longest encoding.
    modes::RawFrame all = frame(k.kind, k.length, 0x1a1a1a1a1a1a, 0x1a);
    all.bytes.fill(0x1a);
    EXPECT_EQ(written(all), test::beast_frame(k.type, 0x1a1a1a1a1a1a, 0x1a, payload(all))) << k.type;
  }
  // No counter and no signal: written as zeros.
  modes::RawFrame bare = frame(modes::FrameKind::Long, 14, 0x1a1a1a1a1a1a, 0x1a);
  bare.has_counter = bare.has_signal = false;
  EXPECT_EQ(written(bare), test::beast_frame('3', 0, 0, payload(bare)));
}

}  // namespace
}  // namespace gw::io
