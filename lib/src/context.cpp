#include "go/context.hpp"

#include <algorithm>
#include <mutex>
#include <vector>

#include "go/detail/runtime.hpp"
#include "observe/trace.hpp"

namespace go {

namespace detail {

// One context in the tree. A value node carries a key and a value; a cancelable node (made by
// with_cancel, with_deadline, with_timeout) carries the done channel and the children it
// cancels. A value node answers done() and err() from its nearest cancelable ancestor.
struct context_node {
  std::shared_ptr<context_node> parent;
  const void* key = nullptr;
  std::any value;

  bool cancelable = false;
  std::optional<clock::time_point> deadline;  // own or inherited; fixed at creation
  chan<empty> done;                           // closed on cancel
  std::mutex mutex;
  std::error_code err;                                // guarded by mutex
  std::vector<std::weak_ptr<context_node>> children;  // guarded by mutex
  std::shared_ptr<timer_service> timers;              // guarded by mutex
  std::uint64_t timer_id = 0;                         // guarded by mutex
  const runtime* run = runtime::current();            // whose trace shows its cancellation
};

namespace {

context_node* nearest_cancelable(context_node* node) {
  while (node != nullptr && !node->cancelable) node = node->parent.get();
  return node;
}

void cancel_node(const std::shared_ptr<context_node>& node, context_error reason) {
  std::vector<std::weak_ptr<context_node>> children;
  std::shared_ptr<timer_service> timers;
  std::uint64_t timer_id = 0;
  {
    std::lock_guard lock{node->mutex};
    if (node->err) return;
    node->err = reason;
    children.swap(node->children);
    std::swap(timers, node->timers);
    timer_id = node->timer_id;
  }
  trace_cancel(node->run, node.get(), reason == context_error::canceled ? "canceled" : "deadline exceeded");
  node->done.close();
  if (timers) timers->cancel(timer_id);
  for (auto& weak_child : children) {
    if (auto child = weak_child.lock()) cancel_node(child, reason);
  }
}

// Forget `node` in its cancelable ancestor's list, so that a long-lived parent does not
// collect every child ever cancelled.
void detach_from_parent(const std::shared_ptr<context_node>& node) {
  context_node* ancestor = nearest_cancelable(node->parent.get());
  if (ancestor == nullptr) return;
  std::lock_guard lock{ancestor->mutex};
  std::erase_if(ancestor->children, [&](const std::weak_ptr<context_node>& weak_child) {
    auto child = weak_child.lock();
    return !child || child == node;
  });
}

}  // namespace
}  // namespace detail

namespace {

class context_category_impl : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "context"; }
  [[nodiscard]] std::string message(int code) const override {
    switch (static_cast<context_error>(code)) {
      case context_error::canceled:
        return "context canceled";
      case context_error::deadline_exceeded:
        return "context deadline exceeded";
    }
    return "unknown context error";
  }
};

}  // namespace

const std::error_category& context_category() noexcept {
  static const context_category_impl category;
  return category;
}

recv_chan<empty> context::done() const {
  detail::context_node* node = detail::nearest_cancelable(node_.get());
  return node != nullptr ? recv_chan<empty>{node->done} : recv_chan<empty>{};
}

std::error_code context::err() const {
  detail::context_node* node = detail::nearest_cancelable(node_.get());
  if (node == nullptr) return {};
  std::lock_guard lock{node->mutex};
  return node->err;
}

std::optional<clock::time_point> context::deadline() const {
  detail::context_node* node = detail::nearest_cancelable(node_.get());
  return node != nullptr ? node->deadline : std::nullopt;
}

const std::any* context::find_value(const void* key) const {
  for (detail::context_node* node = node_.get(); node != nullptr; node = node->parent.get()) {
    if (node->key == key) return &node->value;
  }
  return nullptr;
}

void cancel_func::operator()() const {
  if (!node_) return;
  detail::cancel_node(node_, context_error::canceled);
  detail::detach_from_parent(node_);
}

std::pair<context, cancel_func> with_deadline_impl(const context& parent, std::optional<clock::time_point> deadline) {
  auto node = std::make_shared<detail::context_node>();
  node->parent = parent.node_;
  node->cancelable = true;
  node->done = make_chan<empty>();
  const std::optional<clock::time_point> inherited = parent.deadline();
  const bool own_deadline = deadline && (!inherited || *deadline < *inherited);
  node->deadline = own_deadline ? deadline : inherited;

  std::error_code parent_err;
  if (detail::context_node* ancestor = detail::nearest_cancelable(parent.node_.get())) {
    std::lock_guard lock{ancestor->mutex};
    parent_err = ancestor->err;
    if (!parent_err) ancestor->children.push_back(node);
  }
  if (parent_err) {
    detail::cancel_node(node, static_cast<context_error>(parent_err.value()));
  } else if (own_deadline) {
    if (*deadline <= clock::now()) {
      detail::cancel_node(node, context_error::deadline_exceeded);
    } else {
      auto timers = detail::timer_service::for_current();
      std::lock_guard lock{node->mutex};
      node->timers = timers;
      node->timer_id = timers->add(*deadline, clock::duration::zero(),
                                   [weak_node = std::weak_ptr<detail::context_node>{node}] {
                                     if (auto expired = weak_node.lock()) {
                                       detail::cancel_node(expired, context_error::deadline_exceeded);
                                     }
                                   });
    }
  }
  return {context{node}, cancel_func{node}};
}

context with_any_value(const context& parent, const void* key, std::any value) {
  auto node = std::make_shared<detail::context_node>();
  node->parent = parent.node_;
  node->key = key;
  node->value = std::move(value);
  return context{std::move(node)};
}

}  // namespace go
