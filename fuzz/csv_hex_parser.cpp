#include "fuzz_util.hpp"
#include "io/csv_hex.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  gw::fuzz::parse_and_decode<gw::io::CsvHexParser>(data, size);
  return 0;
}
