// first_error_cancels.cpp - go::err_group: the first failure cancels the tasks still running.
//
//   ./build/bin/ch06_first_error_cancels
//
// A checkout runs three steps at once (the guide's MercadoLibre example; chapter 05 builds it
// with with_cancel). Its errChan returns the first error, but the other steps run on to the end
// for nothing. With an err_group every task gets the group's context: when payment fails,
// ctx.done() closes and shipping, which was still working, stops at once. wait() returns when
// every task has returned and rethrows the first failure.
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

#include <go/go.hpp>

namespace {

using namespace std::chrono_literals;

// step: works for `takes` unless the context is cancelled first; fails if `fails` is set.
void step(const go::context& ctx, const char* name, go::clock::duration takes, bool fails) {
  const auto started = go::clock::now();
  go::timer work{takes};
  bool cancelled = false;
  go::select(go::recv(work.c()), go::recv(ctx.done(), [&] { cancelled = true; }));
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(go::clock::now() - started).count();
  if (cancelled) {
    std::printf("  %-20s cancelled after %3lld ms (%s)\n", name, static_cast<long long>(ms),
                ctx.err().message().c_str());
    return;
  }
  if (fails) {
    std::printf("  %-20s FAILED    after %3lld ms\n", name, static_cast<long long>(ms));
    throw std::runtime_error{std::string{name} + ": card declined"};
  }
  std::printf("  %-20s done      after %3lld ms\n", name, static_cast<long long>(ms));
}

// [snippet: checkout]
void handle_checkout() {
  go::err_group group;  // errgroup.WithContext(ctx)
  group.go([&] { step(group.ctx(), "validate inventory", 10ms, false); });
  group.go([&] { step(group.ctx(), "process payment", 30ms, true); });
  group.go([&] { step(group.ctx(), "calculate shipping", 200ms, false); });
  group.wait();  // rethrows "process payment: card declined"
}
// [end-snippet]

}  // namespace

int main() {
  std::printf("checkout, three steps at once:\n");
  go::run([] {
    try {
      handle_checkout();
    } catch (const std::runtime_error& failure) {
      std::printf("checkout failed: %s\n", failure.what());
    }
  });
}
