#include "fuzz_util.hpp"
#include "io/byte_source.hpp"
#include "io/input_error.hpp"
#include "io/opensky.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  gw::fuzz::TempFile file(data, size);
  gw::io::RecordReadStats stats;
  try {
    gw::io::ByteSource src(file.path());
    gw::io::read_opensky_csv(src, [](std::span<const gw::modes::ModeSMessage>) {}, stats);
  } catch (const gw::io::InputError&) {
  }
  return 0;
}
