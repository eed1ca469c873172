#include "fuzz_util.hpp"
#include "io/avr.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  gw::fuzz::parse_and_decode<gw::io::AvrParser>(data, size);
  return 0;
}
