// gnsswatch stats: what the inputs hold, frame by frame type, downlink format and type code, with every skip
// and rejection counted.
#include <chrono>
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "cli/progress.hpp"

namespace gw::cli {
namespace {

class StatsSink final : public io::FrameBatchSink {
 public:
  explicit StatsSink(const track::PipelineOptions& options) : pipeline_(options) {}
  void on_frames(std::span<const modes::RawFrame> frames) override {
    for (const modes::RawFrame& frame : frames) pipeline_.process(frame, message_);
  }
  void on_records(std::span<const modes::ModeSMessage> records) override {
    for (const modes::ModeSMessage& record : records) pipeline_.note_record(record);
  }
  const track::MessagePipeline& pipeline() const { return pipeline_; }

 private:
  track::MessagePipeline pipeline_;
  modes::ModeSMessage message_;
};

// Downlink formats by name (ICAO Annex 10 Vol IV §3.1.2.3.2.1.2).
const char* df_name(int df) {
  switch (df) {
    case 0: return "short air-air surveillance (ACAS)";
    case 4: return "surveillance, altitude reply";
    case 5: return "surveillance, identity reply";
    case 11: return "all-call reply";
    case 16: return "long air-air surveillance (ACAS)";
    case 17: return "extended squitter (ADS-B)";
    case 18: return "extended squitter, non-transponder (TIS-B, ADS-R, ...)";
    case 19: return "military extended squitter";
    case 20: return "Comm-B, altitude reply";
    case 21: return "Comm-B, identity reply";
    default: return df >= 24 ? "Comm-D (ELM)" : "reserved";
  }
}

// What the readers saw, format by format; only the formats that were read are listed.
void print_input_stats(const io::InputStats& in) {
  fmt::print("inputs                      {:>12}\n", in.inputs);
  fmt::print("  bytes read                {:>12}", in.bytes);
  if (in.compressed_bytes != in.bytes) fmt::print("   ({} compressed)", in.compressed_bytes);
  fmt::print("\n  frames                    {:>12}\n", in.frames);
  const auto& b = in.beast;
  if (b.bytes) {
    fmt::print("beast frames                {:>12}\n", b.frames());
    fmt::print("  Mode A/C                  {:>12}\n", b.frames_mode_ac);
    fmt::print("  Mode S short (56 bit)     {:>12}\n", b.frames_short);
    fmt::print("  Mode S long (112 bit)     {:>12}\n", b.frames_long);
    fmt::print("  status frames (not data)  {:>12}\n", b.frames_status);
    fmt::print("  skipped: garbage bytes    {:>12}   in {} runs\n", b.garbage_bytes, b.resyncs);
    fmt::print("  skipped: truncated frames {:>12}\n", b.truncated_frames);
    fmt::print("  skipped: unknown type     {:>12}\n", b.unknown_type);
  }
  const auto& a = in.avr;
  if (a.bytes) {
    fmt::print("avr lines                   {:>12}\n", a.lines);
    fmt::print("  Mode A/C / short / long   {:>12} {} {}\n", a.frames_mode_ac, a.frames_short, a.frames_long);
    fmt::print("  skipped: bad lines        {:>12}\n", a.bad_lines);
  }
  const auto& c = in.csv;
  if (c.bytes) {
    fmt::print("csv lines                   {:>12}   ({} header)\n", c.lines, c.header_lines);
    fmt::print("  short / long frames       {:>12} {}\n", c.frames_short, c.frames_long);
    fmt::print("  skipped: bad lines        {:>12}\n", c.bad_lines);
  }
  const auto& r = in.record_reads;
  if (r.records || r.skipped) {
    fmt::print("state records               {:>12}\n", r.records);
    fmt::print("  skipped: no address       {:>12}\n", r.bad_address);
    fmt::print("  skipped: no time          {:>12}\n", r.bad_time);
    fmt::print("  skipped: malformed rows   {:>12}\n", r.bad_rows);
    fmt::print("  fields dropped (invalid)  {:>12}\n", r.bad_fields);
  }
}

void print_stats(const io::InputStats& in, const StatsSink& sink, double seconds) {
  const auto& c = sink.pipeline().counters();
  const auto& t = sink.pipeline().table_counters();
  print_input_stats(in);
  fmt::print("\nMode S frames decoded       {:>12}\n", c.frames);
  fmt::print("  CRC failures (DF11/17/18) {:>12}\n", c.crc_failures);
  if (c.crc_corrected) fmt::print("  single-bit corrected      {:>12}\n", c.crc_corrected);
  fmt::print("  unknown DF                {:>12}\n", c.unknown_df);
  fmt::print("  length not matching DF    {:>12}\n", c.bad_length);
  fmt::print("  address/parity, unknown   {:>12}   (DF0/4/5/16/20/21 from addresses not heard in DF11/17/18)\n",
             t.rejected_unknown_address);
  fmt::print("  accepted                  {:>12}\n", c.accepted);
  fmt::print("  DF17/18 with valid CRC    {:>12}\n", c.es_valid);
  fmt::print("\nframes by downlink format   {:>12} {:>12}\n", "all", "accepted");
  for (int df = 0; df < 32; ++df) {
    if (c.by_df[df] == 0) continue;
    fmt::print("  DF{:<2} {:<42}{:>12} {:>12}\n", df, df_name(df), c.by_df[df], c.accepted_by_df[df]);
  }
  fmt::print("\nDF17/18 messages by type code\n");
  for (int tc = 0; tc < 32; ++tc) {
    if (c.by_type_code[tc] == 0) continue;
    fmt::print("  TC{:<2} {:>12}\n", tc, c.by_type_code[tc]);
  }
  fmt::print("\npositions: {} from even/odd pairs, {} local, {} inconsistent pairs rejected, {} waiting for a pair\n",
             t.positions_global, t.positions_local, t.positions_rejected_pair, t.positions_pending);
  fmt::print("distinct aircraft (addresses accepted): {}\n", sink.pipeline().distinct_aircraft());
  const double rate = seconds > 0 ? static_cast<double>(c.frames) / seconds : 0;
  fmt::print("decode time {:.3f} s, {:.2f} M frames/s\n", seconds, rate / 1e6);
}

}  // namespace

CommandRunner add_stats_command(CLI::App& app) {
  auto input = std::make_shared<InputOptions>();
  CLI::App* cmd = app.add_subcommand(
      "stats",
      "Count what the inputs hold: frames by type, downlink format and type code, CRC failures, skipped or "
      "damaged input, positions decoded, distinct aircraft, and the decode rate.");
  add_input_options(*cmd, *input);
  return [input]() {
    if (!resolve(*input)) return kExitUsage;
    StatsSink sink(input->pipeline);
    io::InputStats stats;
    ProgressBar progress(input->inputs);
    progress.attach(input->read);
    const auto start = std::chrono::steady_clock::now();
    const int rc = read_all(*input, sink, stats);
    progress.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    print_stats(stats, sink, seconds);
    return rc;
  };
}

}  // namespace gw::cli
