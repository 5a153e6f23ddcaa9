// context_tree.cpp - the guide's five kinds of context, and cancellation flowing down a tree.
//
//   ./build/bin/ch05_context_tree
//
// Builds the tree below and starts a worker fiber on each leaf. Then it cancels `handler`: the
// workers under it stop at once with "context canceled"; `retry`, in another branch, runs on until
// the 30 ms deadline it inherits from `audit`; and nothing above `handler` is touched.
//
//   background
//   └── request          with_value(request_id = "abc-123")
//       ├── handler      with_cancel                    <- cancelled after 10 ms
//       │   ├── db       with_timeout(5 s)
//       │   └── cache    with_deadline(now + 10 s)
//       └── audit        with_timeout(30 ms)
//           └── retry    with_timeout(1 min): still 30 ms, a child never outlives its parent
#include <chrono>
#include <cstdio>
#include <string>

#include <go/go.hpp>

namespace {

using namespace std::chrono_literals;

const go::context_key<std::string> request_id{"request_id"};

long long ms_between(go::clock::time_point from, go::clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
}

void show_deadline(const char* name, const go::context& ctx) {
  if (const auto deadline = ctx.deadline()) {
    std::printf("  %-8s deadline in %6lld ms\n", name, ms_between(go::clock::now(), *deadline));
  } else {
    std::printf("  %-8s no deadline\n", name);
  }
}

// worker: what any function handed a context does - work until the context says stop.
void worker(const char* name, const go::context& ctx, go::clock::time_point start) {
  ctx.done().recv();  // Go: <-ctx.Done()
  std::printf("  %-8s stopped after %3lld ms: %-26s (request %s)\n", name, ms_between(start, go::clock::now()),
              ctx.err().message().c_str(), ctx.value(request_id).value_or("?").c_str());
}

}  // namespace

int main() {
  go::run([] {
    const auto start = go::clock::now();
    // [snippet: context_types]
    const go::context root = go::background();                                        // 1. the root
    const go::context request = go::with_value(root, request_id, "abc-123");          // 5. a value
    auto [handler, cancel_handler] = go::with_cancel(request);                        // 4. cancellation
    go::defer_cancel cancel_handler_at_end{cancel_handler};
    auto [db, cancel_db] = go::with_timeout(handler, 5s);                             // 2. a timeout
    go::defer_cancel cancel_db_at_end{cancel_db};
    auto [cache, cancel_cache] = go::with_deadline(handler, go::clock::now() + 10s);  // 3. a deadline
    go::defer_cancel cancel_cache_at_end{cancel_cache};
    auto [audit, cancel_audit] = go::with_timeout(request, 30ms);
    go::defer_cancel cancel_audit_at_end{cancel_audit};
    auto [retry, cancel_retry] = go::with_timeout(audit, 1min);  // capped by audit's 30 ms
    go::defer_cancel cancel_retry_at_end{cancel_retry};
    // [end-snippet]

    std::puts("deadlines:");
    show_deadline("handler", handler);
    show_deadline("db", db);
    show_deadline("cache", cache);
    show_deadline("audit", audit);
    show_deadline("retry", retry);

    std::puts("workers:");
    go::spawn([&] { worker("db", db, start); });
    go::spawn([&] { worker("cache", cache, start); });
    go::spawn([&] { worker("retry", retry, start); });

    // [snippet: cancel_handler]
    go::sleep(10ms);
    cancel_handler();  // db and cache stop now; request, audit and retry are not its descendants
    // [end-snippet]
    go::sleep(50ms);  // long enough for retry's 30 ms deadline: every worker has reported
    std::printf("request: err() is %s, its value is still %s\n",
                request.err() ? request.err().message().c_str() : "empty (never cancelled)",
                request.value(request_id).value_or("?").c_str());
  });
}
