// cancel_tree.hpp - chapter 05's advanced exercise: build the cancellation half of a context.
//
// go::context does this for you; here you build it, to see why it behaves as it does.
//
//   ch05::cancel_context request;                   // a root (Go: context.WithCancel(Background()))
//   ch05::cancel_context db_query = request.child();
//   go::spawn([db_query] {
//     db_query.done().recv();                        // Go: <-ctx.Done()
//     std::cout << db_query.err().message();         // "context canceled"
//   });
//   request.cancel();                                // cancels db_query too
//
// Exercise cancel_tree (advanced). The tests check, one rule each:
// - a new context is not done: done() has nothing to receive and err() is empty;
// - cancel() closes done() (every fiber waiting on it wakes) and err() becomes
//   go::context_error::canceled;
// - cancel() is idempotent: a second call, or a hundred fibers calling it at once on two worker
//   threads, closes done() once (closing a closed channel throws go::channel_closed);
// - cancellation flows down, never up: cancelling a context cancels its children, their children,
//   and so on; cancelling a child leaves its parent and its siblings running;
// - a child made from a context already cancelled is born cancelled;
// - a parent keeps track of its children so that it can cancel them, and forgets a child when
//   the child is cancelled (by itself or through the parent). A child that is never cancelled
//   stays registered for as long as its parent lives: that is the leak Go's documentation warns
//   of when cancel is not called, and children() makes it visible.
//
// Go's implementation (context.go, cancelCtx) is about a hundred lines: a mutex, the done
// channel, a map of children, the error. Yours can be the same: design `state` in cancel_tree.cpp.
//
// Thread safety: a cancel_context is a handle; copies refer to the same context, and any fiber
// or thread may use them at once.
#pragma once

#include <cstddef>
#include <memory>
#include <system_error>

#include <go/chan.hpp>

namespace ch05 {

class cancel_context {
 public:
  // cancel_context: a new root, done only when cancelled.
  cancel_context();

  // child: a new context that is cancelled when this one is, and can be cancelled on its own.
  [[nodiscard]] cancel_context child() const;

  // cancel: cancels this context and all its descendants; idempotent, any fiber or thread.
  void cancel() const;

  // done: a channel closed, once, when this context is cancelled (Go: ctx.Done()).
  [[nodiscard]] go::recv_chan<go::empty> done() const;

  // err: empty until cancelled, then go::context_error::canceled (Go: ctx.Err()).
  [[nodiscard]] std::error_code err() const;

  // children: how many children this context has registered now (cancelled ones are forgotten).
  [[nodiscard]] std::size_t children() const;

 private:
  struct state;  // yours to design, in cancel_tree.cpp
  explicit cancel_context(std::shared_ptr<state> shared);
  std::shared_ptr<state> state_;
};

}  // namespace ch05
