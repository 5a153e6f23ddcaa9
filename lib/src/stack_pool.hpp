// stack_pool: the fiber stacks of one go::run, carved from large mappings and reused.
//
//   stack_pool pool{64 * 1024, /*guard_page=*/false, /*workers=*/2};
//   boost::context::stack_context stack = pool.allocate();  // on worker 0
//   pool.deallocate(stack);                                 // on any worker, when the fiber ends
//
// Why not malloc (Boost's fixedsize_stack): a 64 KiB heap block has its malloc header at the
// bottom and Boost's context at the top, so every stack touches two pages before the fiber runs;
// malloc and free take the allocator's arena lock; and a fiber that ends on another worker frees
// its block into the arena of the thread that allocated it. Here every stack is page-aligned
// (a fiber touches only the pages it uses, from the top down), and each worker keeps its own
// cache of free stacks, last freed first (its pages are still resident and in the cache): a
// spawn takes a lock only once per batch, when its worker's cache is empty or overfull. This is
// what Go does with a dead goroutine's stack (the per-P free list).
//
// Stacks are never given back to the system before the run ends: a run's stacks cost their
// high-water mark. With guard pages each stack gets an inaccessible page below it once, when it
// is carved; reuse keeps it, so a spawn makes no system call either way.
//
// Thread safety: allocate and deallocate may be called from any thread; a worker's cache is only
// used by its own thread (other threads go through the shared list).
#pragma once

#include <cstddef>
#include <mutex>
#include <vector>

#include <boost/context/stack_context.hpp>

namespace go::detail {

class stack_pool {
 public:
  stack_pool(std::size_t stack_size, bool guard_page, unsigned workers);
  ~stack_pool();  // unmaps every stack: call it only once every fiber of the run has ended
  stack_pool(const stack_pool&) = delete;
  stack_pool& operator=(const stack_pool&) = delete;

  boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& stack) noexcept;

  // attach_worker: the calling thread is worker `index` of this pool's run (its cache is used).
  void attach_worker(unsigned index) noexcept;

 private:
  struct alignas(64) worker_cache {
    std::vector<void*> stacks;  // stack tops, the most recently freed last
  };

  worker_cache* cache_of_this_thread() noexcept;
  void refill(std::vector<void*>& cache);                    // takes mutex_
  void give_back(std::vector<void*>& cache) noexcept;         // takes mutex_
  void carve(std::vector<void*>& into, std::size_t count);  // mutex_ held

  const std::size_t stack_size_;  // usable bytes, a whole number of pages
  const std::size_t guard_size_;  // 0, or one page below each stack
  std::vector<worker_cache> caches_;

  std::mutex mutex_;
  std::vector<void*> shared_;                          // guarded by mutex_: free stacks between workers
  std::vector<std::pair<void*, std::size_t>> slabs_;   // guarded by mutex_: every mapping
  char* carve_next_ = nullptr;                         // guarded by mutex_: the last slab's unused part
  char* carve_end_ = nullptr;                          // guarded by mutex_
  std::size_t next_slab_stacks_ = 16;                  // guarded by mutex_: doubles up to a limit
  std::size_t carved_ = 0;                             // guarded by mutex_: stacks there are
};

}  // namespace go::detail
