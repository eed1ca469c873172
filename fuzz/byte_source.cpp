// Decompression of arbitrary bytes (gzip, zstd, or plain) must end in data or a clear InputError.
#include "fuzz_util.hpp"
#include "io/byte_source.hpp"
#include "io/input_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  gw::fuzz::TempFile file(data, size);
  try {
    gw::io::ByteSource src(file.path());
    std::uint8_t buf[4096];
    while (src.read(buf, sizeof buf) > 0) {
    }
  } catch (const gw::io::InputError&) {
  }
  return 0;
}
