// first_response.cpp - reference solution of the drill first_response (see first_response.hpp).
//
// Go's shape: every replica gets a fiber and a child context; outcomes come back on a channel
// with room for all of them, so the losers can always deliver theirs and end - even after this
// function has returned and nobody receives any more. Cancelling the child (defer_cancel, on
// every way out) tells the losers to stop. The fibers hold copies - of the replica, the context
// and the channel - never references to this function's locals, because they outlive it.
#include "first_response.hpp"

#include <exception>
#include <optional>

#include <go/go.hpp>

namespace ch10 {

namespace {

// outcome: what one replica did - answered, or failed.
struct outcome {
  std::optional<std::string> answer;
  std::exception_ptr error;
};

}  // namespace

std::string first_response(const go::context& ctx, std::span<const replica> replicas) {
  auto [child, cancel] = go::with_cancel(ctx);
  go::defer_cancel cancel_the_losers{cancel};

  auto outcomes = go::make_chan<outcome>(replicas.size());
  for (const replica& ask : replicas) {
    go::spawn([ask, child, outcomes] {
      try {
        outcomes.send({ask(child), nullptr});
      } catch (...) {
        outcomes.send({std::nullopt, std::current_exception()});
      }
    });
  }

  std::exception_ptr last_error;
  for (std::size_t i = 0; i < replicas.size(); ++i) {
    outcome next = outcomes.recv().value();
    if (next.answer) return std::move(*next.answer);
    last_error = next.error;
  }
  std::rethrow_exception(last_error);
}

}  // namespace ch10
