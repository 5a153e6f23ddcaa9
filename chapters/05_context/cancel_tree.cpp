// cancel_tree.cpp - your answer to the cancel_tree exercise (statement in cancel_tree.hpp).
//
// Replace each TODO(exercise) body, then run `./workbook check 05 cancel_tree`.
#include "cancel_tree.hpp"

#include <go/go.hpp>

namespace ch05 {

// TODO(exercise): what one context needs: its done channel, whether it is cancelled, its
// children, a way back to its parent, and a mutex for the parts fibers change.
struct cancel_context::state {};

cancel_context::cancel_context() {
  // TODO(exercise): make the state of a new root.
  throw go::not_implemented{"cancel_tree"};
}

cancel_context cancel_context::child() const {
  // TODO(exercise): a new state that knows its parent; register it, or cancel it at once if
  // this context is already cancelled.
  throw go::not_implemented{"cancel_tree"};
}

void cancel_context::cancel() const {
  // TODO(exercise): mark cancelled and close done exactly once; cancel the children; leave the
  // parent's list.
  throw go::not_implemented{"cancel_tree"};
}

go::recv_chan<go::empty> cancel_context::done() const {
  // TODO(exercise): the done channel.
  throw go::not_implemented{"cancel_tree"};
}

std::error_code cancel_context::err() const {
  // TODO(exercise): empty, or go::context_error::canceled once cancelled.
  throw go::not_implemented{"cancel_tree"};
}

std::size_t cancel_context::children() const {
  // TODO(exercise): how many children are registered now.
  throw go::not_implemented{"cancel_tree"};
}

}  // namespace ch05
