// 64-byte aligned vectors for the model's big buffers.
//
// Why: Eigen (GEMV head peeling, column sums) and auto-vectorised loops choose their
// summation order from a buffer's address alignment. With plain malloc the alignment depends
// on the heap's history, so two runs with the same seed could differ in the last bits. With
// every buffer (and every slot carved from one) 64-byte aligned, same seed = same bits.
#pragma once
#include <cstddef>
#include <new>
#include <vector>

namespace er {

constexpr size_t kAlign = 64;  // bytes: an AVX-512 register, a cache line, 16 floats

template <class T>
struct AlignedAllocator {
  using value_type = T;
  AlignedAllocator() = default;
  template <class U>
  AlignedAllocator(const AlignedAllocator<U>&) {}
  T* allocate(size_t n) {
    return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(kAlign)));
  }
  void deallocate(T* p, size_t) { ::operator delete(p, std::align_val_t(kAlign)); }
  template <class U>
  bool operator==(const AlignedAllocator<U>&) const { return true; }
  template <class U>
  bool operator!=(const AlignedAllocator<U>&) const { return false; }
};

template <class T>
using avector = std::vector<T, AlignedAllocator<T>>;

// n rounded up to a whole number of 64-byte lines of floats.
inline size_t round_floats(size_t n) { return (n + 15) / 16 * 16; }

}  // namespace er
