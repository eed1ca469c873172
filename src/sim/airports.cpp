#include "sim/airports.hpp"

#include <algorithm>

namespace gw::sim {
namespace {

// Address blocks (ICAO Annex 10 Vol III, Part I, Chapter 9, Appendix, Table 9-1).
constexpr std::uint32_t kKoreaFirst = 0x718000, kKoreaLast = 0x71FFFF;
constexpr std::uint32_t kJapanFirst = 0x840000, kJapanLast = 0x87FFFF;
constexpr std::uint32_t kChinaFirst = 0x780000, kChinaLast = 0x7BFFFF;
constexpr std::uint32_t kTaiwanFirst = 0x899000, kTaiwanLast = 0x8993FF;  // Taipei FIR allocation
constexpr std::uint32_t kDprkFirst = 0x720000, kDprkLast = 0x727FFF;
constexpr std::uint32_t kLithuaniaFirst = 0x503C00, kLithuaniaLast = 0x503FFF;
constexpr std::uint32_t kLatviaFirst = 0x502C00, kLatviaLast = 0x502FFF;
constexpr std::uint32_t kEstoniaFirst = 0x511000, kEstoniaLast = 0x5113FF;
constexpr std::uint32_t kPolandFirst = 0x488000, kPolandLast = 0x48FFFF;
constexpr std::uint32_t kFinlandFirst = 0x460000, kFinlandLast = 0x467FFF;
constexpr std::uint32_t kSwedenFirst = 0x4A8000, kSwedenLast = 0x4AFFFF;
constexpr std::uint32_t kDenmarkFirst = 0x458000, kDenmarkLast = 0x45FFFF;
constexpr std::uint32_t kRussiaFirst = 0x100000, kRussiaLast = 0x1FFFFF;
constexpr std::uint32_t kBelarusFirst = 0x510000, kBelarusLast = 0x5103FF;
constexpr std::uint32_t kNorwayFirst = 0x478000, kNorwayLast = 0x47FFFF;
constexpr std::uint32_t kCyprusFirst = 0x4C8000, kCyprusLast = 0x4C83FF;
constexpr std::uint32_t kIsraelFirst = 0x738000, kIsraelLast = 0x73FFFF;
constexpr std::uint32_t kLebanonFirst = 0x748000, kLebanonLast = 0x74FFFF;
constexpr std::uint32_t kJordanFirst = 0x740000, kJordanLast = 0x747FFF;
constexpr std::uint32_t kSyriaFirst = 0x778000, kSyriaLast = 0x77FFFF;
constexpr std::uint32_t kTurkeyFirst = 0x4B8000, kTurkeyLast = 0x4BFFFF;
constexpr std::uint32_t kGreeceFirst = 0x468000, kGreeceLast = 0x46FFFF;
constexpr std::uint32_t kEgyptFirst = 0x010000, kEgyptLast = 0x017FFF;
constexpr std::uint32_t kGermanyFirst = 0x3C0000, kGermanyLast = 0x3FFFFF;
constexpr std::uint32_t kAustriaFirst = 0x440000, kAustriaLast = 0x447FFF;
constexpr std::uint32_t kCzechFirst = 0x498000, kCzechLast = 0x49FFFF;
constexpr std::uint32_t kSwissFirst = 0x4B0000, kSwissLast = 0x4B7FFF;
constexpr std::uint32_t kHungaryFirst = 0x470000, kHungaryLast = 0x477FFF;

#define KR kKoreaFirst, kKoreaLast, "KAL AAR JNA TWB ABL JJA ESR"
#define JP kJapanFirst, kJapanLast, "JAL ANA APJ"
#define CN kChinaFirst, kChinaLast, "CES CCA CSN CSZ"
#define TW kTaiwanFirst, kTaiwanLast, "EVA CAL"
#define KP kDprkFirst, kDprkLast, "KOR"
#define LT kLithuaniaFirst, kLithuaniaLast, "LYN KLA"
#define LV kLatviaFirst, kLatviaLast, "BTI"
#define EE kEstoniaFirst, kEstoniaLast, "MYX"
#define PL kPolandFirst, kPolandLast, "LOT ENT"
#define FI kFinlandFirst, kFinlandLast, "FIN"
#define SE kSwedenFirst, kSwedenLast, "SAS NSZ"
#define DK kDenmarkFirst, kDenmarkLast, "SAS"
#define RU kRussiaFirst, kRussiaLast, "AFL SDM"
#define BY kBelarusFirst, kBelarusLast, "BRU"
#define NO kNorwayFirst, kNorwayLast, "NOZ SAS"
#define CY kCyprusFirst, kCyprusLast, "CYP TUS"
#define IL kIsraelFirst, kIsraelLast, "ELY AIZ ISR"
#define LB kLebanonFirst, kLebanonLast, "MEA"
#define JO kJordanFirst, kJordanLast, "RJA"
#define SY kSyriaFirst, kSyriaLast, "SYR"
#define TR kTurkeyFirst, kTurkeyLast, "THY PGT SXS"
#define GR kGreeceFirst, kGreeceLast, "AEE OAL"
#define EG kEgyptFirst, kEgyptLast, "MSR"
#define DE kGermanyFirst, kGermanyLast, "DLH EWG CFG"
#define AT kAustriaFirst, kAustriaLast, "AUA"
#define CZ kCzechFirst, kCzechLast, "CSA TVS"
#define CH kSwissFirst, kSwissLast, "SWR EDW"
#define HU kHungaryFirst, kHungaryLast, "WZZ"

using R = Region;
// Sorted by region (airports_in relies on it). Reference points and elevations from the AIPs (rounded).
constexpr Airport kAirports[] = {
    // Korea and neighbours.
    {"RKSI", "Incheon", 37.4602, 126.4407, 7, R::Korea, true, 10, KR},
    {"RKSS", "Gimpo", 37.5583, 126.7906, 18, R::Korea, true, 8, KR},
    {"RKPC", "Jeju", 33.5113, 126.4930, 36, R::Korea, true, 8, KR},
    {"RKPK", "Gimhae", 35.1795, 128.9382, 2, R::Korea, true, 6, KR},
    {"RKTU", "Cheongju", 36.7166, 127.4991, 58, R::Korea, true, 3, KR},
    {"RKJJ", "Gwangju", 35.1264, 126.8089, 13, R::Korea, true, 2, KR},
    {"RKNY", "Yangyang", 38.0613, 128.6692, 73, R::Korea, true, 1, KR},
    {"RKTN", "Daegu", 35.8941, 128.6589, 35, R::Korea, true, 3, KR},
    {"RKJB", "Muan", 34.9914, 126.3828, 15, R::Korea, true, 1, KR},
    {"RKPU", "Ulsan", 35.5935, 129.3518, 14, R::Korea, true, 1, KR},
    {"RKJY", "Yeosu", 34.8423, 127.6169, 16, R::Korea, true, 1, KR},
    {"ZSPD", "Shanghai Pudong", 31.1434, 121.8052, 4, R::Korea, false, 6, CN},
    {"ZBAA", "Beijing Capital", 40.0799, 116.6031, 35, R::Korea, false, 5, CN},
    {"ZSQD", "Qingdao", 36.3617, 120.0883, 10, R::Korea, false, 3, CN},
    {"ZYTX", "Shenyang", 41.6398, 123.4834, 60, R::Korea, false, 2, CN},
    {"RJAA", "Tokyo Narita", 35.7647, 140.3864, 41, R::Korea, false, 5, JP},
    {"RJTT", "Tokyo Haneda", 35.5523, 139.7798, 6, R::Korea, false, 4, JP},
    {"RJBB", "Osaka Kansai", 34.4273, 135.2440, 5, R::Korea, false, 4, JP},
    {"RJFF", "Fukuoka", 33.5859, 130.4510, 9, R::Korea, false, 4, JP},
    {"RCTP", "Taipei Taoyuan", 25.0777, 121.2328, 33, R::Korea, false, 3, TW},
    {"ZKPY", "Pyongyang Sunan", 39.2241, 125.6700, 36, R::Korea, false, 1, KP},
    // The Baltic.
    {"EYVI", "Vilnius", 54.6341, 25.2858, 197, R::Baltic, true, 5, LT},
    {"EYKA", "Kaunas", 54.9639, 24.0848, 78, R::Baltic, true, 2, LT},
    {"EYPA", "Palanga", 55.9732, 21.0939, 10, R::Baltic, true, 1, LT},
    {"EVRA", "Riga", 56.9236, 23.9711, 11, R::Baltic, true, 6, LV},
    {"EETN", "Tallinn", 59.4133, 24.8328, 40, R::Baltic, true, 4, EE},
    {"EPGD", "Gdansk", 54.3776, 18.4662, 149, R::Baltic, true, 4, PL},
    {"EPWA", "Warsaw Chopin", 52.1657, 20.9671, 110, R::Baltic, true, 8, PL},
    {"EFHK", "Helsinki", 60.3172, 24.9633, 55, R::Baltic, true, 8, FI},
    {"ESSA", "Stockholm Arlanda", 59.6519, 17.9186, 42, R::Baltic, true, 8, SE},
    {"UMKK", "Kaliningrad Khrabrovo", 54.8900, 20.5926, 13, R::Baltic, true, 2, RU},
    {"EKCH", "Copenhagen", 55.6181, 12.6561, 5, R::Baltic, false, 8, DK},
    {"EPSC", "Szczecin", 53.5847, 14.9022, 14, R::Baltic, false, 1, PL},
    {"UMMS", "Minsk", 53.8825, 28.0307, 204, R::Baltic, false, 2, BY},
    {"ULLI", "St Petersburg Pulkovo", 59.8003, 30.2625, 24, R::Baltic, false, 4, RU},
    {"ENGM", "Oslo Gardermoen", 60.1939, 11.1004, 208, R::Baltic, false, 5, NO},
    // The Eastern Mediterranean.
    {"LCLK", "Larnaca", 34.8751, 33.6249, 2, R::EastMed, true, 5, CY},
    {"LCPH", "Paphos", 34.7180, 32.4857, 13, R::EastMed, true, 3, CY},
    {"LLBG", "Tel Aviv Ben Gurion", 32.0114, 34.8867, 41, R::EastMed, true, 8, IL},
    {"OLBA", "Beirut", 33.8209, 35.4884, 27, R::EastMed, true, 4, LB},
    {"OJAI", "Amman Queen Alia", 31.7226, 35.9932, 721, R::EastMed, true, 4, JO},
    {"OSDI", "Damascus", 33.4115, 36.5156, 616, R::EastMed, true, 1, SY},
    {"LTAF", "Adana", 36.9822, 35.2804, 20, R::EastMed, true, 2, TR},
    {"LTAI", "Antalya", 36.8987, 30.8005, 54, R::EastMed, false, 6, TR},
    {"LGAV", "Athens", 37.9364, 23.9445, 94, R::EastMed, false, 7, GR},
    {"LGIR", "Heraklion", 35.3397, 25.1803, 35, R::EastMed, false, 3, GR},
    {"LGRP", "Rhodes", 36.4054, 28.0862, 6, R::EastMed, false, 2, GR},
    {"HECA", "Cairo", 30.1219, 31.4056, 116, R::EastMed, false, 7, EG},
    {"LTFM", "Istanbul", 41.2753, 28.7519, 99, R::EastMed, false, 6, TR},
    // Central Europe (quiet control).
    {"EDDF", "Frankfurt", 50.0379, 8.5622, 111, R::CentralEurope, true, 10, DE},
    {"EDDM", "Munich", 48.3538, 11.7861, 453, R::CentralEurope, true, 8, DE},
    {"LOWW", "Vienna", 48.1103, 16.5697, 183, R::CentralEurope, true, 7, AT},
    {"LKPR", "Prague", 50.1008, 14.2600, 380, R::CentralEurope, true, 5, CZ},
    {"LSZH", "Zurich", 47.4647, 8.5492, 432, R::CentralEurope, true, 7, CH},
    {"EDDB", "Berlin Brandenburg", 52.3667, 13.5033, 48, R::CentralEurope, true, 6, DE},
    {"EDDS", "Stuttgart", 48.6899, 9.2220, 389, R::CentralEurope, true, 3, DE},
    {"EDDN", "Nuremberg", 49.4987, 11.0669, 319, R::CentralEurope, true, 2, DE},
    {"LHBP", "Budapest", 47.4298, 19.2611, 151, R::CentralEurope, false, 5, HU},
    {"EPKK", "Krakow", 50.0777, 19.7848, 241, R::CentralEurope, false, 3, PL},
    {"EDDL", "Dusseldorf", 51.2895, 6.7668, 45, R::CentralEurope, false, 5, DE},
};

#undef KR
#undef JP
#undef CN
#undef TW
#undef KP
#undef LT
#undef LV
#undef EE
#undef PL
#undef FI
#undef SE
#undef DK
#undef RU
#undef BY
#undef NO
#undef CY
#undef IL
#undef LB
#undef JO
#undef SY
#undef TR
#undef GR
#undef EG
#undef DE
#undef AT
#undef CZ
#undef CH
#undef HU

constexpr std::string_view kRegionNames[] = {"korea", "baltic", "east-med", "central-europe"};

}  // namespace

std::span<const Airport> airports() { return kAirports; }

std::span<const Airport> airports_in(Region region) {
  const auto* first = std::find_if(std::begin(kAirports), std::end(kAirports),
                                   [&](const Airport& a) { return a.region == region; });
  const auto* last = std::find_if(first, std::end(kAirports), [&](const Airport& a) { return a.region != region; });
  return {first, last};
}

const Airport* find_airport(std::string_view icao) {
  for (const Airport& a : kAirports) {
    if (a.icao == icao) return &a;
  }
  return nullptr;
}

std::string_view region_name(Region region) { return kRegionNames[static_cast<int>(region)]; }

bool region_from_name(std::string_view name, Region& out) {
  for (Region r : kAllRegions) {
    if (region_name(r) == name) {
      out = r;
      return true;
    }
  }
  return false;
}

}  // namespace gw::sim
