// The Helsinki recording (../shared/data/adsb/helsinki-2026-01, MIT; see its README) as the tests that run it
// through the real pipeline use it.
#pragma once

#include "modes/cpr.hpp"
#include "track/message_pipeline.hpp"

namespace gw::test {

// The recording's receiver (data README: sensor-north, Vantaa): the reference for local CPR decoding.
inline constexpr modes::cpr::LatLon kHelsinkiReceiver{60.3196, 24.8308};

inline track::PipelineOptions helsinki_pipeline_options() {
  track::PipelineOptions o;
  o.table.receiver = kHelsinkiReceiver;
  return o;
}

}  // namespace gw::test
