#include "fuzz_util.hpp"
#include "io/byte_source.hpp"
#include "io/input_error.hpp"
#include "io/readsb_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  gw::fuzz::TempFile file(data, size);
  gw::io::RecordReadStats stats;
  auto sink = [](std::span<const gw::modes::ModeSMessage>) {};
  for (int kind = 0; kind < 2; ++kind) {
    try {
      gw::io::ByteSource src(file.path());
      if (kind == 0) gw::io::read_readsb_aircraft_json(src, sink, stats);
      else gw::io::read_readsb_trace(src, sink, stats);
    } catch (const gw::io::InputError&) {
      // A clear error is a correct answer to malformed input.
    }
  }
  return 0;
}
