// gnsswatch decode: one record per decoded message, NDJSON or CSV.
#include <unistd.h>

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "cli/progress.hpp"
#include "output/record_writer.hpp"

namespace gw::cli {
namespace {

struct DecodeCommand {
  InputOptions input;
  std::string output = "ndjson";
};

// Decodes each batch of frames and writes the accepted messages; state records are written as they are.
class DecodeSink final : public io::FrameBatchSink {
 public:
  DecodeSink(const track::PipelineOptions& options, output::RecordWriter& writer)
      : pipeline_(options), writer_(writer) {}

  void on_frames(std::span<const modes::RawFrame> frames) override {
    for (const modes::RawFrame& frame : frames) {
      if (pipeline_.process(frame, message_)) writer_.write(message_);
    }
  }
  void on_records(std::span<const modes::ModeSMessage> records) override {
    for (const modes::ModeSMessage& record : records) {
      pipeline_.note_record(record);
      writer_.write(record);
    }
  }

 private:
  track::MessagePipeline pipeline_;
  output::RecordWriter& writer_;
  modes::ModeSMessage message_;
};

}  // namespace

CommandRunner add_decode_command(CLI::App& app) {
  auto cmd_opts = std::make_shared<DecodeCommand>();
  CLI::App* cmd = app.add_subcommand(
      "decode",
      "Decode every message of the inputs and write one record per accepted message (NDJSON by default).\n"
      "Fields follow readsb's JSON names (t, icao, df, tc, lat, lon, alt_baro, alt_geom, gs, track, nic, rc, "
      "nac_p, sil, version, ...): see docs/FORMATS.md. Positions need an even/odd CPR pair within 10 s, or a "
      "recent position of the same aircraft; surface positions need --ref or a recent airborne position. "
      "Address/parity replies (DF0/4/5/16/20/21) are kept only for addresses already heard in DF11/17/18.");
  add_input_options(*cmd, cmd_opts->input);
  cmd->add_option("-o,--output", cmd_opts->output,
                  "Record format on standard output: ndjson, csv, or none (decode everything, write nothing)")
      ->capture_default_str();
  return [cmd_opts]() {
    if (!resolve(cmd_opts->input)) return kExitUsage;
    output::RecordFormat format{};
    if (!output::parse_record_format(cmd_opts->output, format)) {
      fmt::print(stderr, "gnsswatch: unknown --output '{}' (expected ndjson, csv or none)\n", cmd_opts->output);
      return kExitUsage;
    }
    output::RecordWriter writer(stdout, format);
    DecodeSink sink(cmd_opts->input.pipeline, writer);
    io::InputStats stats;
    // The progress line shares the terminal with the records only when stdout is redirected.
    ProgressBar progress(::isatty(STDOUT_FILENO) ? std::vector<std::string>{} : cmd_opts->input.inputs);
    if (!::isatty(STDOUT_FILENO)) progress.attach(cmd_opts->input.read);
    const int rc = read_all(cmd_opts->input, sink, stats);
    progress.finish();
    if (!writer.flush()) {
      fmt::print(stderr, "gnsswatch: writing the output failed\n");
      return kExitInputError;
    }
    return rc;
  };
}

}  // namespace gw::cli
