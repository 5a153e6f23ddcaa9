// cancel_tree.cpp - reference solution to the cancel_tree exercise (statement in cancel_tree.hpp).
//
// The shape of Go's cancelCtx: a mutex, the done channel, the children, and a flag that makes
// cancel happen once. A parent holds its children strongly (it must be able to reach them to
// cancel them); a child holds its parent weakly, only to leave its list, so that no cycle keeps
// a tree alive after its last handle is gone.
#include "cancel_tree.hpp"

#include <mutex>
#include <unordered_set>
#include <utility>

#include <go/go.hpp>

namespace ch05 {

struct cancel_context::state {
  std::weak_ptr<state> parent;
  go::chan<go::empty> done = go::make_chan<go::empty>();
  // A std::mutex, not a go::mutex: it is held for a few instructions, never across a blocking
  // call, so no fiber ever waits on it for long.
  std::mutex mutex;
  bool canceled = false;                                 // guarded by mutex
  std::unordered_set<std::shared_ptr<state>> children;  // guarded by mutex

  // cancel_down: cancels this context and its descendants, each exactly once.
  void cancel_down() {
    std::unordered_set<std::shared_ptr<state>> cancelling;
    {
      std::lock_guard lock{mutex};
      if (canceled) return;  // idempotent: someone else has closed done already
      canceled = true;
      cancelling.swap(children);  // a cancelled context forgets its children
    }
    // Outside the lock: no one ever holds two contexts' locks at once (a child's cancel takes
    // its own, then its parent's), so two cancels can never wait for each other.
    done.close();
    for (const auto& child : cancelling) child->cancel_down();
  }
};

cancel_context::cancel_context() : state_{std::make_shared<state>()} {}

cancel_context::cancel_context(std::shared_ptr<state> shared) : state_{std::move(shared)} {}

cancel_context cancel_context::child() const {
  auto kid = std::make_shared<state>();
  kid->parent = state_;
  bool parent_canceled = false;
  {
    std::lock_guard lock{state_->mutex};
    parent_canceled = state_->canceled;
    if (!parent_canceled) state_->children.insert(kid);
  }
  if (parent_canceled) kid->cancel_down();  // born cancelled
  return cancel_context{std::move(kid)};
}

void cancel_context::cancel() const {
  state_->cancel_down();
  // Leave the parent's list; if the parent is being cancelled, it has emptied the list already.
  if (const std::shared_ptr<state> parent = state_->parent.lock()) {
    std::lock_guard lock{parent->mutex};
    parent->children.erase(state_);
  }
}

go::recv_chan<go::empty> cancel_context::done() const { return state_->done; }

std::error_code cancel_context::err() const {
  std::lock_guard lock{state_->mutex};
  return state_->canceled ? go::context_error::canceled : std::error_code{};
}

std::size_t cancel_context::children() const {
  std::lock_guard lock{state_->mutex};
  return state_->children.size();
}

}  // namespace ch05
