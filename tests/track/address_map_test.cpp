// AddressMap and AddressSet against the standard containers they replace on the hot path: the same contents
// after any sequence of inserts, lookups and bulk erases.
#include "track/address_map.hpp"

#include <cstdint>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include <gtest/gtest.h>

namespace gw::track {
namespace {

TEST(AddressMap, MatchesUnorderedMapUnderRandomInsertsLookupsAndErases) {
  std::mt19937 rng(7);
  AddressMap<int> map;
  std::unordered_map<std::uint32_t, int> reference;
  for (int round = 0; round < 40; ++round) {
    // Addresses from a small range so keys repeat, and from the whole 24-bit range.
    for (int i = 0; i < 2000; ++i) {
      const std::uint32_t key = (i % 2) ? rng() % 3000 : rng() & 0xFFFFFF;
      bool inserted = false;
      int& v = map.get_or_insert(key, &inserted);
      EXPECT_EQ(inserted, reference.find(key) == reference.end());
      v += 1;
      reference[key] += 1;
    }
    const auto cut = static_cast<std::uint32_t>(round % 5);
    const std::size_t erased = map.erase_if([&](std::uint32_t key, int& v) { return (key + static_cast<std::uint32_t>(v)) % 5 == cut; });
    std::size_t expected_erased = 0;
    for (auto it = reference.begin(); it != reference.end();) {
      if ((it->first + static_cast<std::uint32_t>(it->second)) % 5 == cut) {
        it = reference.erase(it);
        ++expected_erased;
      } else {
        ++it;
      }
    }
    ASSERT_EQ(erased, expected_erased);
    ASSERT_EQ(map.size(), reference.size());
    for (const auto& [key, v] : reference) {
      const int* found = map.find(key);
      ASSERT_NE(found, nullptr) << key;
      EXPECT_EQ(*found, v);
    }
    std::size_t visited = 0;
    map.for_each([&](std::uint32_t key, int v) {
      ++visited;
      EXPECT_EQ(reference.at(key), v);
    });
    EXPECT_EQ(visited, reference.size());
  }
  EXPECT_EQ(map.find(0xFFFFFF + 1), nullptr);
  map.clear();  // with far more entries than the smallest table holds
  EXPECT_EQ(map.size(), 0u);
  EXPECT_EQ(map.find(5), nullptr);
}

TEST(AddressSet, CountsDistinctAddressesAndMergesByUnion) {
  std::mt19937 rng(11);
  AddressSet a, b;
  std::unordered_set<std::uint32_t> ra, rb;
  for (int i = 0; i < 20000; ++i) {
    const std::uint32_t x = rng() & 0xFFFFFF, y = rng() % 5000;
    EXPECT_EQ(a.insert(x), ra.insert(x).second);
    EXPECT_EQ(b.insert(y), rb.insert(y).second);
  }
  EXPECT_EQ(a.size(), ra.size());
  EXPECT_EQ(b.size(), rb.size());
  a.merge(b);
  ra.insert(rb.begin(), rb.end());
  EXPECT_EQ(a.size(), ra.size());
  for (std::uint32_t y : rb) EXPECT_TRUE(a.contains(y));
  EXPECT_TRUE(a.contains(0x1000000 | *rb.begin())) << "only the low 24 bits are an address";
}

TEST(AddressSet, AddCountsLikeInsert) {
  // add() (no answer whether new) and insert() mixed: size() counts what is in the set either way.
  std::mt19937 rng(12);
  AddressSet a;
  std::unordered_set<std::uint32_t> ra;
  for (int i = 0; i < 20000; ++i) {
    const std::uint32_t x = rng() % 7000;
    if (i % 3 == 0) {
      EXPECT_EQ(a.insert(x), ra.insert(x).second);
    } else {
      a.add(x);
      ra.insert(x);
    }
    if (i % 5000 == 0) {
      EXPECT_EQ(a.size(), ra.size());
    }
  }
  EXPECT_EQ(a.size(), ra.size());
  for (std::uint32_t x : ra) EXPECT_TRUE(a.contains(x));
}

}  // namespace
}  // namespace gw::track
