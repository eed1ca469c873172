// Per-aircraft containers keyed by the 24-bit ICAO address (or a 30-bit MMSI), for the per-message hot path.
//
// AddressMap<T>: open addressing with linear probing in a power-of-two table, at most half full. It replaces
// std::unordered_map on the paths every message takes (tracker, health, spoofing): a lookup is a multiply, a
// shift and usually one probe, where unordered_map divides by a prime and chases a node pointer. Entries move on
// growth and on erase_if, so references are valid only until the next insertion or erase_if.
//
// AddressSet: one bit per 24-bit address (2 MiB of address space; pages are touched only where addresses fall), for "distinct aircraft seen"
// counts that would otherwise insert into a hash set on every message. Merges by OR.
//
// Neither is thread-safe; each worker owns its own and merges afterwards.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <memory>
#include <utility>
#include <vector>

namespace gw::track {

template <class T>
class AddressMap {
 public:
  explicit AddressMap(std::size_t expected = 0) { rehash(capacity_for(expected)); }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  T* find(std::uint32_t key) {
    for (std::size_t i = slot_of(key);; i = (i + 1) & mask_) {
      if (keys_[i] == key) return &values_[i];
      if (keys_[i] == kEmpty) return nullptr;
    }
  }
  const T* find(std::uint32_t key) const { return const_cast<AddressMap*>(this)->find(key); }

  // The value for `key`, value-initialised when new (then *inserted = true).
  T& get_or_insert(std::uint32_t key, bool* inserted = nullptr) {
    std::size_t i = slot_of(key);
    for (;; i = (i + 1) & mask_) {
      if (keys_[i] == key) {
        if (inserted) *inserted = false;
        return values_[i];
      }
      if (keys_[i] == kEmpty) break;
    }
    if (inserted) *inserted = true;
    if ((size_ + 1) * 2 > keys_.size()) {
      rehash(keys_.size() * 2);
      return get_or_insert(key);
    }
    keys_[i] = key;
    values_[i] = T{};
    ++size_;
    return values_[i];
  }

  // Calls f(key, value) for every entry, in table order (deterministic for the same insertions).
  template <class F>
  void for_each(F&& f) {
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] != kEmpty) f(keys_[i], values_[i]);
    }
  }
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] != kEmpty) f(keys_[i], values_[i]);
    }
  }

  // Removes every entry for which pred(key, value) is true; returns how many. Rebuilds the table (the callers
  // run it about once a minute on a few thousand entries).
  template <class Pred>
  std::size_t erase_if(Pred&& pred) {
    std::size_t erased = 0;
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] != kEmpty && pred(keys_[i], values_[i])) {
        keys_[i] = kErased;
        ++erased;
      }
    }
    if (erased) {
      size_ -= erased;
      rehash(std::max(capacity_for(size_), kMinCapacity));
    }
    return erased;
  }

  void clear() {
    keys_.clear();
    values_.clear();
    size_ = 0;
    rehash(kMinCapacity);
  }

 private:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
  static constexpr std::uint32_t kErased = 0xFFFFFFFEu;  // only inside erase_if, before the rebuild
  static constexpr std::size_t kMinCapacity = 64;

  static std::size_t capacity_for(std::size_t n) { return std::max(kMinCapacity, std::bit_ceil(n * 2 + 1)); }

  // Fibonacci hashing (Knuth, TAOCP vol. 3, §6.4): the top log2(capacity) bits of key × 2^32/φ (shift_ is 32 minus
  // that, so the result is below the capacity without a mask).
  std::size_t slot_of(std::uint32_t key) const { return static_cast<std::size_t>((key * 0x9E3779B9u) >> shift_); }

  void rehash(std::size_t capacity) {
    std::vector<std::uint32_t> old_keys(capacity, kEmpty);
    std::vector<T> old_values(capacity);
    old_keys.swap(keys_);
    old_values.swap(values_);
    mask_ = capacity - 1;
    shift_ = 32 - std::countr_zero(capacity);
    for (std::size_t j = 0; j < old_keys.size(); ++j) {
      if (old_keys[j] == kEmpty || old_keys[j] == kErased) continue;
      std::size_t i = slot_of(old_keys[j]);
      while (keys_[i] != kEmpty) i = (i + 1) & mask_;
      keys_[i] = old_keys[j];
      values_[i] = std::move(old_values[j]);
    }
  }

  std::vector<std::uint32_t> keys_;
  std::vector<T> values_;
  std::size_t size_ = 0;
  std::size_t mask_ = 0;
  int shift_ = 32;
};

class AddressSet {
 public:
  // calloc: a block this large comes zeroed from the kernel, page by page as it is touched, so a set costs
  // memory only where addresses fall and constructing one (once per pipeline) costs no 2 MiB memset.
  AddressSet() : words_(static_cast<std::uint64_t*>(std::calloc(kWords, sizeof(std::uint64_t)))) {
    if (!words_) throw std::bad_alloc();
  }
  AddressSet(AddressSet&&) noexcept = default;
  AddressSet& operator=(AddressSet&&) noexcept = default;

  // Adds the low 24 bits of `address`; true when it was not yet in the set.
  bool insert(std::uint32_t address) {
    address &= 0xFFFFFFu;
    std::uint64_t& w = words_[address >> 6];
    const std::uint64_t bit = std::uint64_t{1} << (address & 63);
    const bool fresh = (w & bit) == 0;
    w |= bit;
    size_ += fresh;
    return fresh;
  }
  // insert() without telling whether the address is new: a plain bit set (map notes every message's address);
  // size() counts the set then.
  void add(std::uint32_t address) {
    address &= 0xFFFFFFu;
    words_[address >> 6] |= std::uint64_t{1} << (address & 63);
    counted_ = false;
  }
  bool contains(std::uint32_t address) const {
    address &= 0xFFFFFFu;
    return (words_[address >> 6] >> (address & 63)) & 1;
  }
  // After add(): counted over the whole set (2 MiB) on every call, without writing anything, so that threads may
  // read a finished set at the same time (map's callers ask once or twice per run). Most of the set is zero
  // (a few thousand addresses of 16 M): four words at a time are skipped without counting.
  std::size_t size() const {
    if (counted_) return size_;
    static_assert(kWords % 4 == 0);
    std::size_t n = 0;
    for (std::size_t i = 0; i < kWords; i += 4) {
      const std::uint64_t* w = &words_[i];
      if ((w[0] | w[1] | w[2] | w[3]) == 0) continue;
      for (int k = 0; k < 4; ++k) n += static_cast<std::size_t>(std::popcount(w[k]));
    }
    return n;
  }

  void merge(const AddressSet& other) {
    size_ = 0;
    for (std::size_t i = 0; i < kWords; ++i) {
      words_[i] |= other.words_[i];
      size_ += static_cast<std::size_t>(std::popcount(words_[i]));
    }
    counted_ = true;
  }

 private:
  static constexpr std::size_t kWords = (std::size_t{1} << 24) / 64;
  struct Free {
    void operator()(std::uint64_t* p) const noexcept { std::free(p); }
  };
  std::unique_ptr<std::uint64_t[], Free> words_;
  // The number of addresses in the set, exact while counted_ (insert keeps it; add leaves it to size()).
  std::size_t size_ = 0;
  bool counted_ = true;
};

}  // namespace gw::track
