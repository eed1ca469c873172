// MessagePipeline's options as map uses them: what is copied from the frame into the message.
#include "track/message_pipeline.hpp"

#include <gtest/gtest.h>

#include "modes/decode.hpp"
#include "modes/decode_test_util.hpp"
#include "modes/frame.hpp"

namespace gw::track {
namespace {

// DF17 identification "KLM1023" of 4840D6 ("The 1090 MHz Riddle"), as a Beast frame with signal and counter.
modes::RawFrame identification_frame() {
  modes::RawFrame f = modes::test::frame_from_hex("8D4840D6202CC371C32CE0576098");
  f.has_signal = true;
  f.signal = 0x42;
  f.has_counter = true;
  f.counter = 123456789;
  return f;
}

TEST(MessagePipeline, CopiesSignalAndCounterUnlessTurnedOff) {
  MessagePipeline copying;
  modes::ModeSMessage m;
  ASSERT_TRUE(copying.process(identification_frame(), m));
  ASSERT_TRUE(m.signal && m.counter_12mhz);
  EXPECT_EQ(*m.signal, 0x42);
  EXPECT_EQ(*m.counter_12mhz, 123456789u);

  PipelineOptions o;
  o.copy_signal_and_counter = false;
  MessagePipeline lean(o);
  modes::ModeSMessage n;
  ASSERT_TRUE(lean.process(identification_frame(), n));
  EXPECT_FALSE(n.signal);
  EXPECT_FALSE(n.counter_12mhz);
  // Everything decoded from the bytes is the same.
  EXPECT_EQ(n.address, 0x4840D6u);
  EXPECT_EQ(n.type_code, m.type_code);
  EXPECT_EQ(modes::test::callsign_str(n), "KLM1023");
}

TEST(MessagePipeline, CountsByFormatUnlessTurnedOff) {
  for (const bool by_format : {true, false}) {
    PipelineOptions o;
    o.count_by_format = by_format;
    MessagePipeline p(o);
    modes::ModeSMessage m;
    ASSERT_TRUE(p.process(identification_frame(), m));
    EXPECT_EQ(p.counters().frames, 1u);
    EXPECT_EQ(p.counters().accepted, 1u);
    EXPECT_EQ(p.counters().es_valid, 1u);
    EXPECT_EQ(p.counters().by_df[17], by_format ? 1u : 0u);
    EXPECT_EQ(p.counters().accepted_by_df[17], by_format ? 1u : 0u);
    EXPECT_EQ(p.counters().by_type_code[4], by_format ? 1u : 0u);
  }
}

// map's fast path: a fieldless squitter through process_fieldless (no message decoded) counts what process()
// counts for it, in every counter and with the decoded messages of other frames in between; the table knows the
// aircraft the same way (its ADS-B version is what process() puts in the message).
TEST(MessagePipeline, FieldlessSquitterCountsLikeProcess) {
  // A TC 24 frame of the Helsinki recording (2026-01-07, fixed ground transmitter 467529), DF18 CF 0.
  modes::RawFrame fieldless = modes::test::frame_from_hex("90467529c10528f4df797f1bf7fe");
  fieldless.time_s = 1767736700.0;
  modes::RawFrame identification = identification_frame();
  identification.time_s = 1767736700.5;
  const auto address = modes::fieldless_squitter_address(fieldless);
  ASSERT_TRUE(address);
  for (const bool by_format : {true, false}) {
    PipelineOptions o;
    o.count_by_format = by_format;
    MessagePipeline decoded(o), fast(o);
    modes::ModeSMessage m;
    for (int k = 0; k < 3; ++k) {
      ASSERT_TRUE(decoded.process(fieldless, m));
      const auto version = fast.process_fieldless(fieldless, *address, modes::frame_time_s(fieldless));
      EXPECT_EQ(version, m.derived.version);
      ASSERT_TRUE(decoded.process(identification, m));
      ASSERT_TRUE(fast.process(identification, m));
    }
    const PipelineCounters a = decoded.counters(), b = fast.counters();
    EXPECT_EQ(b.frames, 6u);
    EXPECT_EQ(b.frames, a.frames);
    EXPECT_EQ(b.es_valid, a.es_valid);
    EXPECT_EQ(b.accepted, a.accepted);
    EXPECT_EQ(b.mode_ac, a.mode_ac);
    EXPECT_EQ(b.crc_failures, a.crc_failures);
    EXPECT_EQ(b.crc_corrected, a.crc_corrected);
    EXPECT_EQ(b.unknown_df, a.unknown_df);
    EXPECT_EQ(b.bad_length, a.bad_length);
    EXPECT_EQ(b.by_df, a.by_df);
    EXPECT_EQ(b.accepted_by_df, a.accepted_by_df);
    EXPECT_EQ(b.by_type_code, a.by_type_code);
    EXPECT_EQ(fast.table_counters().accepted, decoded.table_counters().accepted);
    EXPECT_EQ(fast.table().size(), decoded.table().size());
  }
}

}  // namespace
}  // namespace gw::track
