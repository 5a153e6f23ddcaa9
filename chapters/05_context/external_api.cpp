// external_api.cpp - the guide's main() for callExternalAPI, against a simulated slow service.
//
//   ./build/bin/ch05_external_api
//
// There is no network here: user_service stands in for https://api.example.com. Each request is
// served by a fiber of its own that takes the service's latency (go::sleep) before it answers.
// The client waits for that answer or for its context to end, whichever comes first - what Go's
// http.Client does with a request made by NewRequestWithContext. Two calls, each under the
// guide's budget shortened from 3 s to 300 ms: one to a fast service, one to a slow one.
#include <chrono>
#include <cstdio>
#include <string>
#include <system_error>

#include <go/go.hpp>

namespace {

using namespace std::chrono_literals;

// user_service: a simulated HTTP service that takes `latency` to answer each request.
class user_service {
 public:
  explicit user_service(go::clock::duration latency) : latency_{latency} {}

  // get: asks for /users/<user_id>; gives up with the context's error when ctx ends first.
  // [snippet: client_side]
  std::string get(const go::context& ctx, const std::string& user_id) const {
    auto response = go::make_chan<std::string>(1);  // room for an answer nobody waits for any more
    go::spawn([latency = latency_, user_id, response] {  // the server's side of the request
      go::sleep(latency);
      response.send(R"({"id":")" + user_id + R"(","name":"Ada"})");
    });
    std::string body;
    go::select(go::recv(response, [&](std::optional<std::string>&& answer) { body = std::move(*answer); }),
               go::recv(ctx.done(), [&] { throw std::system_error{ctx.err()}; }));
    return body;
  }
  // [end-snippet]

 private:
  go::clock::duration latency_;
};

// [snippet: guide_main]
void call_with_budget(const user_service& api, const std::string& user_id) {
  auto [ctx, cancel] = go::with_timeout(go::background(), 300ms);  // the guide's 3 s, shortened
  go::defer_cancel cancel_on_return{cancel};

  try {
    const std::string response = api.get(ctx, user_id);
    std::printf("  Got response: %s\n", response.c_str());
  } catch (const std::system_error& error) {
    if (error.code() == go::context_error::deadline_exceeded) {  // Go: err == context.DeadlineExceeded
      std::puts("  API call timed out");
    } else {
      std::printf("  API call failed: %s\n", error.what());
    }
  }
}
// [end-snippet]

void timed_call(const char* title, const user_service& api, const std::string& user_id) {
  const auto start = go::clock::now();
  std::printf("%s\n", title);
  call_with_budget(api, user_id);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(go::clock::now() - start);
  std::printf("  (returned after %lld ms)\n", static_cast<long long>(took.count()));
}

}  // namespace

int main() {
  const auto start = go::clock::now();
  go::run([] {
    timed_call("fast service (answers in 50 ms), 300 ms budget:", user_service{50ms}, "user-123");
    timed_call("slow service (answers in 1 s), 300 ms budget:", user_service{1s}, "user-456");
  });
  // go::run waits for every fiber: the slow service's server fiber still finishes its second.
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(go::clock::now() - start);
  std::printf("go::run returned after %lld ms: it waited for the slow server's fiber to answer\n",
              static_cast<long long>(took.count()));
}
