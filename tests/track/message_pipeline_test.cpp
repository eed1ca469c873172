// MessagePipeline's options as map uses them: what is copied from the frame into the message.
#include "track/message_pipeline.hpp"

#include <gtest/gtest.h>

#include "modes/decode_test_util.hpp"

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

}  // namespace
}  // namespace gw::track
