#include "stack_pool.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <new>

#include "go/detail/runtime.hpp"  // stack_allocator
#include "tsan_fibers.hpp"

namespace go::detail {

namespace {

// A worker moves stacks to and from the shared list this many at a time, so that a run whose
// fibers are spawned on one worker and end on another takes the mutex once per batch.
constexpr std::size_t batch = 32;
// A worker's cache holds at most this many; past it, a batch goes to the shared list.
constexpr std::size_t cache_limit = 2 * batch;
// A slab holds at most this many stacks (64 MiB of address space at the default 64 KiB).
constexpr std::size_t max_slab_stacks = 1024;

std::size_t page_size() {
  static const auto size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return size;
}

std::size_t round_up_to_pages(std::size_t bytes) {
  const std::size_t page = page_size();
  return (std::max(bytes, page) + page - 1) / page * page;
}

struct thread_binding {
  stack_pool* pool = nullptr;
  void* cache = nullptr;
};
thread_local thread_binding binding;

}  // namespace

stack_pool::stack_pool(std::size_t stack_size, bool guard_page, unsigned workers)
    : stack_size_{round_up_to_pages(stack_size)}, guard_size_{guard_page ? page_size() : 0}, caches_(workers) {
  // deallocate is noexcept: a cache never grows past cache_limit + 1, so it never reallocates.
  for (worker_cache& cache : caches_) cache.stacks.reserve(cache_limit + 1);
}

stack_pool::~stack_pool() {
  for (auto [base, bytes] : slabs_) ::munmap(base, bytes);
}

void stack_pool::attach_worker(unsigned index) noexcept {
  binding = {this, &caches_[index]};
}

stack_pool::worker_cache* stack_pool::cache_of_this_thread() noexcept {
  return binding.pool == this ? static_cast<worker_cache*>(binding.cache) : nullptr;
}

boost::context::stack_context stack_pool::allocate() {
  void* top = nullptr;
  if (worker_cache* cache = cache_of_this_thread()) {
    if (cache->stacks.empty()) refill(cache->stacks);
    top = cache->stacks.back();
    cache->stacks.pop_back();
  } else {
    std::lock_guard lock{mutex_};
    if (shared_.empty()) carve(shared_, 1);
    top = shared_.back();
    shared_.pop_back();
  }
  boost::context::stack_context stack;
  stack.sp = top;
  stack.size = stack_size_;
  return stack;
}

void stack_pool::deallocate(boost::context::stack_context& stack) noexcept {
  worker_cache* cache = cache_of_this_thread();
  if (cache == nullptr) {
    std::lock_guard lock{mutex_};
    shared_.push_back(stack.sp);  // no allocation: see carve
    return;
  }
  cache->stacks.push_back(stack.sp);  // no allocation: reserved by the constructor
  if (cache->stacks.size() > cache_limit) give_back(cache->stacks);
}

void stack_pool::refill(std::vector<void*>& cache) {
  std::lock_guard lock{mutex_};
  const std::size_t from_shared = std::min(batch, shared_.size());
  cache.insert(cache.end(), shared_.end() - static_cast<std::ptrdiff_t>(from_shared), shared_.end());
  shared_.resize(shared_.size() - from_shared);
  if (cache.empty()) carve(cache, batch);
}

void stack_pool::give_back(std::vector<void*>& cache) noexcept {
  std::lock_guard lock{mutex_};
  // The oldest freed go (the cache's front): the most recently freed stay, their pages warm.
  const std::size_t count = std::min(batch, cache.size());
  shared_.insert(shared_.end(), cache.begin(), cache.begin() + static_cast<std::ptrdiff_t>(count));
  cache.erase(cache.begin(), cache.begin() + static_cast<std::ptrdiff_t>(count));
}

void stack_pool::carve(std::vector<void*>& into, std::size_t count) {
  const std::size_t stride = guard_size_ + stack_size_;
  for (std::size_t i = 0; i < count; ++i) {
    if (carve_next_ == carve_end_) {
      // A new slab, twice the last one: small runs map little, a million fibers few mappings.
      const std::size_t bytes = next_slab_stacks_ * stride;
      void* base = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (base == MAP_FAILED) throw std::bad_alloc{};
      // Transparent huge pages would back a stack's first touched page with 2 MiB.
      ::madvise(base, bytes, MADV_NOHUGEPAGE);
      slabs_.emplace_back(base, bytes);
      carve_next_ = static_cast<char*>(base);
      carve_end_ = carve_next_ + bytes;
      next_slab_stacks_ = std::min(2 * next_slab_stacks_, max_slab_stacks);
    }
    if (guard_size_ != 0 && ::mprotect(carve_next_, guard_size_, PROT_NONE) != 0) throw std::bad_alloc{};
    carve_next_ += stride;
    into.push_back(carve_next_);  // the stack's top: stacks grow down
    ++carved_;
  }
  // Every stack may come back to the shared list (give_back, deallocate: both noexcept), so it
  // has room for all of them: make it now, while allocate may still throw.
  shared_.reserve(carved_);
}

boost::context::stack_context stack_allocator::allocate() {
  boost::context::stack_context stack = pool_->allocate();
  tsan_fibers::stack_allocated();  // Boost now creates the fiber on it
  return stack;
}

GO_TSAN_SWITCH_POINT void stack_allocator::deallocate(boost::context::stack_context& stack) noexcept {
  pool_->deallocate(stack);
  tsan_fibers::stack_freed();
}

}  // namespace go::detail
