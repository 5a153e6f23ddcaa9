// goroutines.cpp - reference solutions to chapter 01's exercises (statements in goroutines.hpp).
#include "goroutines.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <exception>
#include <mutex>

#include <go/go.hpp>

namespace ch01 {

using namespace std::chrono_literals;

void process_orders_sequential(std::span<const order> orders, const std::function<void(const order&)>& process) {
  for (const order& each : orders) process(each);
}

void process_orders_concurrent(std::span<const order> orders, const std::function<void(const order&)>& process) {
  go::wait_group wg;
  for (const order& each : orders) {
    wg.add(1);  // before the spawn: a fiber that has not started yet must already be counted
    go::spawn([&wg, &process, &each] {
      process(each);
      wg.done();
    });
  }
  wg.wait();  // the fibers refer to our arguments and to wg: they must not outlive this call
}

int spawn_many(int n, const std::function<void(int)>& work) {
  std::atomic<int> ran{0};  // atomic: on several worker threads the fibers count at once
  go::wait_group wg;
  wg.add(n);
  for (int id = 0; id < n; ++id) {
    go::spawn([&, id] {  // id by value: each fiber keeps its own number
      work(id);
      ++ran;
      wg.done();
    });
  }
  wg.wait();
  return ran.load();
}

int finished_before_wait(int n, const std::function<void()>& work) {
  std::atomic<int> finished{0};
  go::wait_group wg;
  wg.add(n);
  for (int i = 0; i < n; ++i) {
    go::spawn([&] {
      work();
      ++finished;
      wg.done();
    });
  }
  // go::spawn only queues the fiber (launch::post): on one worker thread none of them runs until
  // this fiber blocks or yields, and it has done neither yet.
  const int seen = finished.load();
  wg.wait();  // blocks: now the fibers run, and finished reaches n
  return seen;
}

const int predicted_finished_before_wait = 0;

void run_all_and_wait(std::span<const std::function<void()>> tasks) {
  go::wait_group wg;
  wg.add(static_cast<long>(tasks.size()));
  for (const auto& task : tasks) {
    go::spawn([&wg, &task] {
      task();
      wg.done();
    });
  }
  wg.wait();
}

std::vector<send_failure> send_batch_emails(std::span<const email> emails,
                                            const std::function<void(const email&)>& send_email) {
  std::mutex failures_mutex;  // a std::mutex is fine: it is never held across a suspension
  std::vector<send_failure> failures;  // guarded by failures_mutex
  go::wait_group wg;
  wg.add(static_cast<long>(emails.size()));
  for (const email& each : emails) {
    go::spawn([&] {
      try {
        send_email(each);
      } catch (const std::exception& error) {  // not `...`: the toolkit's unwinding must pass
        std::lock_guard lock{failures_mutex};
        failures.push_back({each.to, error.what()});
      }
      wg.done();
    });
  }
  wg.wait();
  return failures;
}

namespace {

// raise_to: stores max(peak, value) in peak, also when other threads raise it at the same time.
void raise_to(std::atomic<int>& peak, int value) {
  int seen = peak.load();
  while (seen < value && !peak.compare_exchange_weak(seen, value)) {
  }
}

}  // namespace

int max_parallelism(unsigned threads, int fibers) {
  std::atomic<int> working{0};
  std::atomic<int> peak{0};
  const int all_workers_busy = std::min(static_cast<int>(threads), fibers);
  go::run(
      [&] {
        go::wait_group wg;
        wg.add(fibers);
        for (int i = 0; i < fibers; ++i) {
          go::spawn([&] {
            raise_to(peak, ++working);
            // CPU-bound work that never yields, so only another worker thread can run a fiber
            // meanwhile: 1 ms of it, then on until every worker has been seen busy. The
            // one-second limit is a safety net for an overloaded machine, never the answer.
            const auto started = go::clock::now();
            auto still_working = [&] {
              const auto now = go::clock::now();
              return now < started + 1ms || (peak.load() < all_workers_busy && now < started + 1s);
            };
            while (still_working()) {
            }
            --working;
            wg.done();
          });
        }
        wg.wait();
      },
      {.threads = threads});
  return peak.load();
}

std::vector<std::string> fetch_all_blocking(std::span<const std::string> urls,
                                            const std::function<std::string(const std::string&)>& fetch) {
  std::vector<std::string> pages(urls.size());  // each fiber writes only its own slot
  go::wait_group wg;
  wg.add(static_cast<long>(urls.size()));
  for (std::size_t i = 0; i < urls.size(); ++i) {
    go::spawn([&, i] {
      // The fetch runs on go::blocking's thread pool; this fiber waits without holding its worker.
      pages[i] = go::blocking([&] { return fetch(urls[i]); });
      wg.done();
    });
  }
  wg.wait();
  return pages;
}

}  // namespace ch01
