#include "track/aircraft_state.hpp"

#include <gtest/gtest.h>

#include "modes/cpr.hpp"
#include "track/aircraft_table.hpp"

namespace gw::track {
namespace {

modes::ModeSMessage squitter(std::uint8_t tc) {
  modes::ModeSMessage m;
  m.df = 17;
  m.address = 0x4840D6;
  m.address_kind = modes::AddressKind::AdsbIcao;
  m.type_code = tc;
  return m;
}

TEST(AircraftState, SurfacePositionTypeCodeMeansOnTheGround) {
  AircraftState s;
  auto m = squitter(7);
  m.on_ground = true;  // the decoder sets it for surface positions
  apply(s, m, 0.0);
  EXPECT_EQ(s.air_ground, AirGround::Ground);
}

TEST(AircraftState, AirbornePositionTypeCodeMeansAirborneUnlessTheMessageSaysGround) {
  AircraftState s;
  apply(s, squitter(11), 0.0);
  EXPECT_EQ(s.air_ground, AirGround::Airborne);
  auto reply = squitter(11);
  reply.on_ground = true;  // e.g. CA 4 on an old transponder still sending airborne positions
  apply(s, reply, 1.0);
  EXPECT_EQ(s.air_ground, AirGround::Ground);
}

TEST(AircraftState, FlightStatusOfASurveillanceReplySetsGround) {
  AircraftState s;
  modes::ModeSMessage m;
  m.df = 4;
  m.on_ground = true;  // FS 1
  apply(s, m, 0.0);
  EXPECT_EQ(s.air_ground, AirGround::Ground);
}

TEST(AircraftState, GnssOkPositionNeedsACurrentNacpOfAtLeastFour) {
  AircraftState s;
  auto pos = squitter(11);
  pos.derived.lat = 60.3;
  pos.derived.lon = 24.9;
  apply(s, pos, 0.0);
  EXPECT_TRUE(s.has_position());
  EXPECT_FALSE(s.ever_gnss_ok()) << "no NACp known yet";

  auto status = squitter(31);
  status.nac_p = 3;
  apply(s, status, 1.0);
  apply(s, pos, 1.5);
  EXPECT_FALSE(s.ever_gnss_ok());

  status.nac_p = 4;
  apply(s, status, 2.0);
  apply(s, pos, 2.5);
  EXPECT_DOUBLE_EQ(s.gnss_ok_s, 2.5);

  // The NACp ages out after nac_p_max_age_s (60 s).
  apply(s, pos, 70.0);
  EXPECT_DOUBLE_EQ(s.gnss_ok_s, 2.5);
}

// State records (readsb JSON, OpenSky): df 0, no type code, address in the clear.
modes::ModeSMessage state_record(modes::AddressKind kind = modes::AddressKind::AdsbIcao) {
  modes::ModeSMessage m;
  m.df = 0;
  m.address = 0xAC671B;
  m.address_source = modes::AddressSource::Parity;
  m.address_kind = kind;
  return m;
}

TEST(AircraftState, StateRecordIsToldApartFromADecodedDf0Reply) {
  EXPECT_TRUE(is_state_record(state_record()));
  auto df0 = state_record();
  df0.address_source = modes::AddressSource::Recovered;  // what decode_frame sets for DF0
  EXPECT_FALSE(is_state_record(df0));
  EXPECT_TRUE(is_own_adsb_record(state_record(modes::AddressKind::AdsbOther)));
  EXPECT_FALSE(is_own_adsb_record(state_record(modes::AddressKind::ModeS)));     // mlat, mode_s
  EXPECT_FALSE(is_own_adsb_record(state_record(modes::AddressKind::TisbIcao)));
}

TEST(AircraftState, StateRecordWithNacpFourMakesAGnssOkPosition) {
  AircraftState s;
  auto r = state_record();
  r.derived.lat = 33.4;
  r.derived.lon = -112.0;
  r.derived.nic = 8;
  r.nac_p = 4;
  r.gs_kt = 250.0f;
  r.on_ground = false;
  apply(s, r, 10.0);
  EXPECT_DOUBLE_EQ(s.gnss_ok_s, 10.0);
  EXPECT_EQ(s.nic, 8);
  EXPECT_EQ(s.air_ground, AirGround::Airborne);
  // A later row without details keeps the record's NACp for record_nac_p_max_age_s (180 s), not 60 s.
  auto row = state_record();
  row.derived.lat = 33.5;
  row.derived.lon = -112.0;
  apply(s, row, 150.0);
  EXPECT_DOUBLE_EQ(s.gnss_ok_s, 150.0);
  apply(s, row, 200.0);  // 190 s after the NACp
  EXPECT_DOUBLE_EQ(s.gnss_ok_s, 150.0);
}

TEST(AircraftState, StateRecordWithoutIntegrityOrFromMlatIsNeverGnssOk) {
  AircraftState opensky, mlat;
  auto r = state_record();
  r.derived.lat = 60.3;
  r.derived.lon = 24.9;
  apply(opensky, r, 0.0);
  EXPECT_TRUE(opensky.has_position());
  EXPECT_FALSE(opensky.ever_gnss_ok());
  auto m = state_record(modes::AddressKind::ModeS);
  m.derived.lat = 60.3;
  m.derived.lon = 24.9;
  m.nac_p = 10;
  apply(mlat, m, 0.0);
  EXPECT_FALSE(mlat.ever_gnss_ok());
}

TEST(AircraftState, VersionZeroPositionCarriesItsOwnNacpEquivalent) {
  AircraftState s;
  auto pos = squitter(11);
  pos.derived.lat = 60.3;
  pos.derived.lon = 24.9;
  pos.derived.nuc_p = 7;  // TC 11, version 0
  apply(s, pos, 0.0);
  EXPECT_EQ(s.nac_p, 7);
  EXPECT_TRUE(s.ever_gnss_ok());
  EXPECT_EQ(nac_p_equivalent_of_nuc_p(0), 0);
  EXPECT_EQ(nac_p_equivalent_of_nuc_p(2), 1);
  EXPECT_EQ(nac_p_equivalent_of_nuc_p(9), 10);
}

TEST(AircraftState, KinematicsAndAltitudesAreKept) {
  AircraftState s;
  auto vel = squitter(19);
  vel.gs_kt = 420.0f;
  vel.track_deg = 35.0f;
  apply(s, vel, 0.0);
  auto pos = squitter(11);
  pos.alt_baro_ft = 31000;
  apply(s, pos, 0.5);
  EXPECT_EQ(s.gs_kt, 420.0f);
  EXPECT_EQ(s.track_deg, 35.0f);
  EXPECT_EQ(s.altitude_ft(), 31000);
}

TEST(AircraftState, PositionsStoppedOnlyWhileOtherMessagesAreHeard) {
  AircraftState s;
  apply(s, squitter(11), 0.0);
  for (int i = 1; i <= 4; ++i) apply(s, squitter(19), 3.0 * i);  // 4 messages over 12 s
  EXPECT_FALSE(s.positions_stopped(12.0, 10.0)) << "fewer than kPositionlessMinMessages";
  apply(s, squitter(19), 14.0);
  EXPECT_TRUE(s.positions_stopped(14.0, 10.0));
  apply(s, squitter(11), 15.0);
  EXPECT_FALSE(s.positions_stopped(15.0, 10.0));
}

TEST(AircraftTableState, TableForgetsStaleAircraft) {
  AircraftTableOptions options;
  options.forget_after_seconds = 60;
  AircraftTable table(options);
  auto m = squitter(19);
  m.gs_kt = 250.0f;
  ASSERT_TRUE(table.update(m, 0.0));
  EXPECT_EQ(table.size(), 1u);
  table.forget_stale(61.0);
  EXPECT_EQ(table.size(), 0u);
}

}  // namespace
}  // namespace gw::track
