// context_test.cpp - chapter 05's tests, built against your chapters/ and against solutions/.
//
// One suite per exercise (FetchDataTest checks fetch_data). No test measures time. A "slow" call
// is one that waits for a channel the test closes only after the function under test has
// returned, so it is slower than any deadline; deadlines are short (20-50 ms) and only ever
// raced against such calls. Errors come out as the chapter's convention says (context.hpp):
// thrown, with context errors as std::system_error. The state a test shares with fibers lives
// outside go::testing::run, so that it outlives them all.
#include "context.hpp"

#include <array>
#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <go/go.hpp>
#include <go/testing.hpp>
#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;

// ---------------------------------------------------------------------------------------------
// Helpers

// The failures the fake services throw: each test checks that its own comes out unchanged.
struct service_unavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct connection_refused : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct out_of_stock : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct payment_declined : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct fraud_suspected : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct reviews_unavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct replica_down : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using go::testing::thrown_code;

// give_up_when_done: what a well-behaved service does: wait until its context ends, then return
// the context's error (Go: <-ctx.Done(); return ctx.Err()). On a context that never ends (the
// background context, or a child nobody cancels) it waits forever.
[[noreturn]] void give_up_when_done(const go::context& ctx) {
  ctx.done().recv();
  throw std::system_error{ctx.err()};
}

using go::testing::fiber_latch;

// run_with_hint: go::testing::run(body); a deadlock, a leak or a timeout it reports fails the
// test with `hint` first, then go::run's report of every fiber.
template <class F>
void run_with_hint(F body, std::string_view hint) {
  try {
    go::testing::run(body);
  } catch (const go::deadlock& stuck) {
    ADD_FAILURE() << hint << "\n\ngo::run reported:\n" << stuck.what();
  } catch (const go::fiber_leak& leaked) {
    ADD_FAILURE() << hint << "\n\ngo::run reported:\n" << leaked.what();
  } catch (const go::run_timeout& late) {
    ADD_FAILURE() << hint << "\n\ngo::run reported:\n" << late.what();
  }
}

// A key of the tests' own, for values that must travel through the code under test.
const go::context_key<std::string> trace_key{"trace"};

}  // namespace

// ---------------------------------------------------------------------------------------------
// request_id

TEST(RequestIdTest, ChildrenOfAnyKindSeeTheId) {
  const go::context request = ch05::with_request_id(go::background(), "abc-123");
  auto [cancelable, cancel] = go::with_cancel(request);
  go::defer_cancel cancel_at_end{cancel};
  const go::context traced = go::with_value(cancelable, trace_key, "t-1");
  EXPECT_EQ(ch05::request_id_of(request), "abc-123");
  EXPECT_EQ(ch05::request_id_of(cancelable), "abc-123") << "values are inherited through with_cancel children";
  EXPECT_EQ(ch05::request_id_of(traced), "abc-123") << "values are inherited through other values' children";
}

TEST(RequestIdTest, AnInnerIdShadowsAnOuterOne) {
  const go::context outer = ch05::with_request_id(go::background(), "outer");
  const go::context inner = ch05::with_request_id(outer, "inner");
  EXPECT_EQ(ch05::request_id_of(inner), "inner") << "the nearest ancestor's value wins";
  EXPECT_EQ(ch05::request_id_of(outer), "outer") << "a context is immutable: a child never changes its parent";
}

TEST(RequestIdTest, BackgroundAndParentsHaveNoId) {
  const go::context parent = go::with_value(go::background(), trace_key, "t-1");
  const go::context child = ch05::with_request_id(parent, "abc-123");
  EXPECT_EQ(ch05::request_id_of(go::background()), std::nullopt);
  EXPECT_EQ(ch05::request_id_of(parent), std::nullopt) << "values flow down to children, never up";
  EXPECT_EQ(ch05::request_id_of(child), "abc-123");
}

TEST(RequestIdTest, AnotherKeyNamedRequestIdIsADifferentValue) {
  const go::context_key<std::string> same_name{"request_id"};
  const go::context request = ch05::with_request_id(go::background(), "abc-123");
  const go::context impostor = go::with_value(request, same_name, "forged");
  EXPECT_EQ(ch05::request_id_of(impostor), "abc-123")
      << "keys are compared by identity, not by name: keep your go::context_key private to context.cpp";
  EXPECT_EQ(impostor.value(same_name), "forged");
}

// ---------------------------------------------------------------------------------------------
// fetch_data

TEST(FetchDataTest, ReturnsTheCallsData) {
  const std::function<std::string(const std::string&)> call = [](const std::string& user) { return "data of " + user; };
  std::string data;
  go::testing::run([&] { data = ch05::fetch_data(go::background(), "user-123", 1h, call); });
  EXPECT_EQ(data, "data of user-123");
}

TEST(FetchDataTest, RethrowsTheCallsError) {
  const std::function<std::string(const std::string&)> call = [](const std::string&) -> std::string {
    throw service_unavailable{"user service is down"};
  };
  go::testing::run([&] {
    EXPECT_THROW((void)ch05::fetch_data(go::background(), "user-123", 1h, call), service_unavailable)
        << "the call's exception must reach the caller unchanged: catch it in the fiber, send it "
           "(std::exception_ptr), rethrow it";
  });
}

TEST(FetchDataTest, GivesUpWithDeadlineExceededWhenTheCallIsTooSlow) {
  const auto release = go::make_chan<go::empty>();
  const std::function<std::string(const std::string&)> call = [&](const std::string&) {
    release.recv();  // slower than any deadline: released only after fetch_data has returned
    return std::string{"too late"};
  };
  std::error_code error;
  go::testing::run([&] {
    error = thrown_code([&] { (void)ch05::fetch_data(go::background(), "user-123", 20ms, call); });
    release.close();
  });
  EXPECT_EQ(error, go::context_error::deadline_exceeded)
      << "when the timeout passes first, throw std::system_error{ctx.err()}";
}

TEST(FetchDataTest, TheCallersEarlierDeadlineWins) {
  const auto release = go::make_chan<go::empty>();
  const std::function<std::string(const std::string&)> call = [&](const std::string&) {
    release.recv();
    return std::string{"too late"};
  };
  std::error_code error;
  run_with_hint(
      [&] {
        auto [caller, cancel] = go::with_timeout(go::background(), 20ms);
        go::defer_cancel cancel_at_end{cancel};
        error = thrown_code([&] { (void)ch05::fetch_data(caller, "user-123", 1h, call); });
        release.close();
      },
      "the caller's 20 ms deadline never ended the wait: derive the timeout from the caller's context "
      "(go::with_timeout(parent, timeout)), not from go::background()");
  EXPECT_EQ(error, go::context_error::deadline_exceeded);
}

TEST(FetchDataTest, GivesUpWithCanceledWhenTheCallerCancels) {
  const auto release = go::make_chan<go::empty>();
  const auto call_started = go::make_chan<go::empty>(1);
  const std::function<std::string(const std::string&)> call = [&](const std::string&) {
    call_started.send({});
    release.recv();
    return std::string{"too late"};
  };
  std::error_code error;
  run_with_hint(
      [&] {
        auto [caller, cancel] = go::with_cancel(go::background());
        go::spawn([&, cancel_request = cancel] {
          call_started.recv();
          cancel_request();  // the user closed the page
        });
        error = thrown_code([&] { (void)ch05::fetch_data(caller, "user-123", 1h, call); });
        release.close();
      },
      "the caller's cancellation never ended the wait: derive the timeout from the caller's context "
      "(go::with_timeout(parent, timeout)), not from go::background()");
  EXPECT_EQ(error, go::context_error::canceled);
}

TEST(FetchDataTest, LeavesNoFiberBehindWhenTheLateAnswerArrives) {
  const auto release = go::make_chan<go::empty>();
  const std::function<std::string(const std::string&)> call = [&](const std::string&) {
    release.recv();
    return std::string{"late answer"};
  };
  go::testing::run([&] {
    (void)thrown_code([&] { (void)ch05::fetch_data(go::background(), "user-123", 20ms, call); });
    release.close();  // the slow call answers now, after fetch_data has stopped listening
    SCOPED_TRACE("the fiber that made the call is stuck sending its late answer: nobody receives it any more. "
                 "Give the channels room for it (go::make_chan<...>(1)) so that the send never blocks");
    go::testing::expect_no_leaks();
  });
}

// ---------------------------------------------------------------------------------------------
// call_external_api

TEST(CallExternalApiTest, SendsTheGuidesGetRequest) {
  ch05::http_request sent;
  const ch05::http_client client = [&](const go::context&, const ch05::http_request& request) {
    sent = request;
    return ch05::http_response{200, R"({"id":"user-123"})"};
  };
  go::testing::run([&] { (void)ch05::call_external_api(go::background(), "user-123", client); });
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, "https://api.example.com/users/user-123");
  EXPECT_EQ(sent.headers, (std::map<std::string, std::string>{{"Authorization", "Bearer token"},
                                                              {"Content-Type", "application/json"}}));
}

TEST(CallExternalApiTest, ReturnsTheBody) {
  const ch05::http_client client = [](const go::context&, const ch05::http_request&) {
    return ch05::http_response{200, R"({"id":"user-123","name":"Ada"})"};
  };
  std::string body;
  go::testing::run([&] { body = ch05::call_external_api(go::background(), "user-123", client); });
  EXPECT_EQ(body, R"({"id":"user-123","name":"Ada"})");
}

TEST(CallExternalApiTest, GivesTheClientTheCallersContext) {
  std::optional<go::clock::time_point> expected_deadline;
  std::optional<go::clock::time_point> client_deadline;
  std::optional<std::string> client_trace;
  const ch05::http_client client = [&](const go::context& ctx, const ch05::http_request&) {
    client_deadline = ctx.deadline();
    client_trace = ctx.value(trace_key);
    return ch05::http_response{200, "{}"};
  };
  go::testing::run([&] {
    auto [caller, cancel] = go::with_timeout(go::with_value(go::background(), trace_key, "t-7"), 10s);
    go::defer_cancel cancel_at_end{cancel};
    expected_deadline = caller.deadline();
    (void)ch05::call_external_api(caller, "user-123", client);
  });
  EXPECT_EQ(client_deadline, expected_deadline) << "pass the caller's ctx to the client: its deadline bounds the call";
  EXPECT_EQ(client_trace, "t-7") << "pass the caller's ctx to the client: its values travel with the request";
}

TEST(CallExternalApiTest, TimesOutWithTheClient) {
  const ch05::http_client client = [](const go::context& ctx, const ch05::http_request&) -> ch05::http_response {
    give_up_when_done(ctx);  // a server that never answers
  };
  std::error_code error;
  run_with_hint(
      [&] {
        auto [caller, cancel] = go::with_timeout(go::background(), 20ms);
        go::defer_cancel cancel_at_end{cancel};
        error = thrown_code([&] { (void)ch05::call_external_api(caller, "user-123", client); });
      },
      "the client waits until its context ends: give it the caller's ctx, not go::background()");
  EXPECT_EQ(error, go::context_error::deadline_exceeded);
}

TEST(CallExternalApiTest, DiscardsAResponseThatArrivedAfterTheDeadline) {
  const ch05::http_client client = [](const go::context& ctx, const ch05::http_request&) {
    ctx.done().recv();  // the response comes in just as the deadline passes
    return ch05::http_response{200, "stale"};
  };
  std::error_code error;
  go::testing::run([&] {
    auto [caller, cancel] = go::with_timeout(go::background(), 20ms);
    go::defer_cancel cancel_at_end{cancel};
    error = thrown_code([&] { (void)ch05::call_external_api(caller, "user-123", client); });
  });
  EXPECT_EQ(error, go::context_error::deadline_exceeded)
      << "after the client returns, check the context (the guide's select with a default): once it is done, "
         "throw std::system_error{ctx.err()} instead of returning a response the caller has given up on";
}

TEST(CallExternalApiTest, ThrowsApiErrorForAStatusOtherThan200) {
  const ch05::http_client client = [](const go::context&, const ch05::http_request&) {
    return ch05::http_response{503, "Service Unavailable"};
  };
  int status = 0;
  go::testing::run([&] {
    try {
      (void)ch05::call_external_api(go::background(), "user-123", client);
    } catch (const ch05::api_error& error) {
      status = error.status;
    }
  });
  EXPECT_EQ(status, 503) << "a 503 must be thrown as ch05::api_error{503}";
}

TEST(CallExternalApiTest, PassesTheClientsErrorThrough) {
  const ch05::http_client client = [](const go::context&, const ch05::http_request&) -> ch05::http_response {
    throw connection_refused{"api.example.com:443: connection refused"};
  };
  go::testing::run([&] {
    EXPECT_THROW((void)ch05::call_external_api(go::background(), "user-123", client), connection_refused);
  });
}

// ---------------------------------------------------------------------------------------------
// handle_checkout

namespace {

const ch05::cart some_cart{"ada", {"book", "lamp"}};

// succeed: a step that passes at once.
void succeed(const go::context&, const ch05::cart&) {}

}  // namespace

TEST(HandleCheckoutTest, RunsTheThreeStepsAtTheSameTime) {
  fiber_latch all_started{3};
  const ch05::checkout_step step = [&](const go::context&, const ch05::cart&) { all_started.arrive_and_wait(); };
  run_with_hint([&] { ch05::handle_checkout(go::background(), some_cart, {step, step, step}); },
                "each step waits until all three have started: run each in its own fiber");
}

TEST(HandleCheckoutTest, GivesEveryStepTheCartAndSucceedsWhenAllDo) {
  std::array<std::string, 3> customers_seen;
  auto recording = [&](std::size_t index) -> ch05::checkout_step {
    return [&, index](const go::context&, const ch05::cart& c) { customers_seen[index] = c.customer; };
  };
  go::testing::run([&] {
    ch05::handle_checkout(go::background(), some_cart, {recording(0), recording(1), recording(2)});
  });
  EXPECT_EQ(customers_seen, (std::array<std::string, 3>{"ada", "ada", "ada"}))
      << "every step must run, with the cart, before handle_checkout returns";
}

TEST(HandleCheckoutTest, ThrowsTheFailingStepsError) {
  const ch05::checkout_step decline = [](const go::context&, const ch05::cart&) {
    throw payment_declined{"card expired"};
  };
  go::testing::run([&] {
    EXPECT_THROW(ch05::handle_checkout(go::background(), some_cart, {succeed, succeed, decline}), payment_declined);
  });
}

TEST(HandleCheckoutTest, TheFirstErrorWins) {
  const auto inventory_failed = go::make_chan<go::empty>();
  const ch05::checkout_step inventory = [&](const go::context&, const ch05::cart&) {
    inventory_failed.close();
    throw out_of_stock{"lamp"};
  };
  const ch05::checkout_step payment = [&](const go::context&, const ch05::cart&) {
    inventory_failed.recv();  // fails second
    throw payment_declined{"card expired"};
  };
  go::testing::run([&] {
    EXPECT_THROW(ch05::handle_checkout(go::background(), some_cart, {inventory, succeed, payment}), out_of_stock)
        << "the inventory step failed first: its error is the one to throw";
  });
}

TEST(HandleCheckoutTest, ReturnsAtTheFirstErrorWithoutWaitingForTheOthers) {
  const auto release = go::make_chan<go::empty>();
  bool shipping_finished = false;
  bool shipping_finished_when_thrown = true;
  const ch05::checkout_step shipping = [&](const go::context&, const ch05::cart&) {
    release.recv();  // ignores its context; released only after handle_checkout has returned
    shipping_finished = true;
  };
  const ch05::checkout_step decline = [](const go::context&, const ch05::cart&) {
    throw payment_declined{"card expired"};
  };
  run_with_hint(
      [&] {
        try {
          ch05::handle_checkout(go::background(), some_cart, {succeed, shipping, decline});
          ADD_FAILURE() << "handle_checkout returned normally, but the payment step failed";
        } catch (const payment_declined&) {
          shipping_finished_when_thrown = shipping_finished;
        }
        release.close();
      },
      "return as soon as one step fails, as the guide does: do not wait for the steps still running");
  EXPECT_FALSE(shipping_finished_when_thrown);
}

TEST(HandleCheckoutTest, CancelsTheStepsStillRunningWhenOneFails) {
  std::error_code inventory_saw;
  std::error_code shipping_saw;
  const ch05::checkout_step inventory = [&](const go::context& ctx, const ch05::cart&) {
    inventory_saw = thrown_code([&] { give_up_when_done(ctx); });
  };
  const ch05::checkout_step shipping = [&](const go::context& ctx, const ch05::cart&) {
    shipping_saw = thrown_code([&] { give_up_when_done(ctx); });
  };
  const ch05::checkout_step decline = [](const go::context&, const ch05::cart&) {
    throw payment_declined{"card expired"};
  };
  go::testing::run([&] {
    EXPECT_THROW(ch05::handle_checkout(go::background(), some_cart, {inventory, shipping, decline}), payment_declined);
    SCOPED_TRACE("these steps still wait for their context to end: give the steps a go::with_cancel child "
                 "and cancel it when handle_checkout returns (go::defer_cancel)");
    go::testing::expect_no_leaks();
  });
  EXPECT_EQ(inventory_saw, go::context_error::canceled);
  EXPECT_EQ(shipping_saw, go::context_error::canceled);
}

TEST(HandleCheckoutTest, LeavesNoStepBlockedOnTheErrorChannel) {
  const auto release = go::make_chan<go::empty>();
  const ch05::checkout_step slow = [&](const go::context&, const ch05::cart&) { release.recv(); };
  const ch05::checkout_step decline = [](const go::context&, const ch05::cart&) {
    throw payment_declined{"card expired"};
  };
  go::testing::run([&] {
    EXPECT_THROW(ch05::handle_checkout(go::background(), some_cart, {slow, slow, decline}), payment_declined);
    release.close();  // the two slow steps finish now, and report to a channel nobody reads
    SCOPED_TRACE("steps that finish after handle_checkout returned are stuck sending their result: make the "
                 "error channel big enough for all three (go::make_chan<std::exception_ptr>(3))");
    go::testing::expect_no_leaks();
  });
}

TEST(HandleCheckoutTest, TheCallersCancellationReachesTheSteps) {
  go::wait_group started;
  started.add(3);
  const ch05::checkout_step step = [&](const go::context& ctx, const ch05::cart&) {
    started.done();
    give_up_when_done(ctx);
  };
  std::error_code error;
  run_with_hint(
      [&] {
        auto [caller, cancel] = go::with_cancel(go::background());
        go::spawn([&, cancel_checkout = cancel] {
          started.wait();
          cancel_checkout();  // the customer gave up
        });
        error = thrown_code([&] { ch05::handle_checkout(caller, some_cart, {step, step, step}); });
      },
      "the steps never saw the caller's cancellation: derive their context from ctx, not from go::background()");
  EXPECT_EQ(error, go::context_error::canceled);
}

// ---------------------------------------------------------------------------------------------
// process_transaction

namespace {

const ch05::transaction some_payment{"tx-1", "acc-ada", "acc-bob", 12'50};

void pass(const go::context&, const ch05::transaction&) {}

}  // namespace

TEST(ProcessTransactionTest, CommitsOnceWhenEveryCheckPasses) {
  std::vector<std::string> committed;
  const std::function<void(const ch05::transaction&)> commit = [&](const ch05::transaction& tx) {
    committed.push_back(tx.id);
  };
  go::testing::run([&] { ch05::process_transaction(some_payment, {pass, pass, pass, pass}, 1h, commit); });
  EXPECT_EQ(committed, std::vector<std::string>{"tx-1"});
}

TEST(ProcessTransactionTest, RunsTheFourChecksAtTheSameTime) {
  fiber_latch all_started{4};
  const ch05::transaction_check check = [&](const go::context&, const ch05::transaction&) {
    all_started.arrive_and_wait();
  };
  const std::function<void(const ch05::transaction&)> commit = [](const ch05::transaction&) {};
  run_with_hint([&] { ch05::process_transaction(some_payment, {check, check, check, check}, 1h, commit); },
                "each check waits until all four have started: run each in its own fiber");
}

TEST(ProcessTransactionTest, ThrowsTheFailingChecksErrorAndDoesNotCommit) {
  int commits = 0;
  const std::function<void(const ch05::transaction&)> commit = [&](const ch05::transaction&) { ++commits; };
  const ch05::transaction_check fraud = [](const go::context&, const ch05::transaction&) {
    throw fraud_suspected{"unusual amount"};
  };
  go::testing::run([&] {
    EXPECT_THROW(ch05::process_transaction(some_payment, {pass, fraud, pass, pass}, 1h, commit), fraud_suspected);
  });
  EXPECT_EQ(commits, 0) << "a transaction that failed a check must not be committed";
}

TEST(ProcessTransactionTest, ThrowsDeadlineExceededWhenACheckIsTooSlow) {
  int commits = 0;
  const std::function<void(const ch05::transaction&)> commit = [&](const ch05::transaction&) { ++commits; };
  const ch05::transaction_check slow = [](const go::context& ctx, const ch05::transaction&) { give_up_when_done(ctx); };
  std::error_code error;
  run_with_hint(
      [&] {
        error = thrown_code([&] { ch05::process_transaction(some_payment, {pass, pass, slow, pass}, 50ms, commit); });
      },
      "the checks wait for their context to end: give them the with_timeout context of the budget");
  EXPECT_EQ(error, go::context_error::deadline_exceeded);
  EXPECT_EQ(commits, 0);
}

TEST(ProcessTransactionTest, ReturnsAtTheDeadlineEvenIfACheckIgnoresIt) {
  int commits = 0;
  const std::function<void(const ch05::transaction&)> commit = [&](const ch05::transaction&) { ++commits; };
  const auto release = go::make_chan<go::empty>();
  const ch05::transaction_check stuck = [&](const go::context&, const ch05::transaction&) { release.recv(); };
  std::error_code error;
  run_with_hint(
      [&] {
        error = thrown_code([&] { ch05::process_transaction(some_payment, {pass, stuck, pass, pass}, 50ms, commit); });
        release.close();
      },
      "a check that ignores its context never answers in time: wait for each result in a go::select that also "
      "watches ctx.done()");
  EXPECT_EQ(error, go::context_error::deadline_exceeded);
  EXPECT_EQ(commits, 0);
}

TEST(ProcessTransactionTest, LeavesNoLateCheckBlocked) {
  const std::function<void(const ch05::transaction&)> commit = [](const ch05::transaction&) {};
  const auto release = go::make_chan<go::empty>();
  const ch05::transaction_check stuck = [&](const go::context&, const ch05::transaction&) { release.recv(); };
  go::testing::run([&] {
    (void)thrown_code([&] { ch05::process_transaction(some_payment, {pass, stuck, stuck, pass}, 50ms, commit); });
    release.close();
    SCOPED_TRACE("checks that finish after the deadline are stuck sending their result: give the results "
                 "channel room for all four");
    go::testing::expect_no_leaks();
  });
}

TEST(ProcessTransactionTest, CancelsTheChecksStillRunningWhenOneFails) {
  std::array<std::error_code, 3> waiting_checks_saw;
  auto waiting = [&](std::size_t index) -> ch05::transaction_check {
    return [&, index](const go::context& ctx, const ch05::transaction&) {
      waiting_checks_saw[index] = thrown_code([&] { give_up_when_done(ctx); });
    };
  };
  const ch05::transaction_check fraud = [](const go::context&, const ch05::transaction&) {
    throw fraud_suspected{"unusual amount"};
  };
  const std::function<void(const ch05::transaction&)> commit = [](const ch05::transaction&) {};
  go::testing::run([&] {
    EXPECT_THROW(ch05::process_transaction(some_payment, {waiting(0), fraud, waiting(1), waiting(2)}, 1h, commit),
                 fraud_suspected);
    SCOPED_TRACE("these checks still wait, and would for the whole budget (an hour): cancel the context when "
                 "process_transaction returns (go::defer_cancel, Go's `defer cancel()`)");
    go::testing::expect_no_leaks();
  });
  EXPECT_EQ(waiting_checks_saw,
            (std::array<std::error_code, 3>{go::context_error::canceled, go::context_error::canceled,
                                            go::context_error::canceled}))
      << "the checks still running must see canceled, not a deadline: the budget has not run out";
}

// ---------------------------------------------------------------------------------------------
// generate_feed

namespace {

// The three sources' videos and the feed they make. Scores (relevance x weight): a 0.9, b 0.9,
// t 0.8, s 0.72 (trending's copy; following's is 0.5), r 0.54.
const std::vector<ch05::video> following_videos{{"a", 0.9}, {"s", 0.5}};
const std::vector<ch05::video> trending_videos{{"t", 1.0}, {"s", 0.9}};
const std::vector<ch05::video> recommended_videos{{"r", 0.6}, {"b", 1.0}};
const std::vector<ch05::video> expected_feed{{"a", 0.9}, {"b", 1.0}, {"t", 1.0}, {"s", 0.9}, {"r", 0.6}};

ch05::video_source answering(const std::vector<ch05::video>& videos) {
  return [&videos](const go::context&, const std::string&) { return videos; };
}

}  // namespace

TEST(GenerateFeedTest, MergesAndRanksEveryVideo) {
  std::vector<ch05::video> feed;
  go::testing::run([&] {
    feed = ch05::generate_feed(
        "ada", 10, {answering(following_videos), answering(trending_videos), answering(recommended_videos)}, 1h);
  });
  EXPECT_EQ(feed, expected_feed) << "by score (relevance x the source's weight), highest first, ties by id; "
                                    "a video offered twice appears once, as its best-scoring copy";
}

TEST(GenerateFeedTest, AsksTheThreeSourcesAtTheSameTime) {
  fiber_latch all_asked{3};
  auto waiting_for_all = [&](const std::vector<ch05::video>& videos) -> ch05::video_source {
    return [&](const go::context&, const std::string&) {
      all_asked.arrive_and_wait();
      return videos;
    };
  };
  run_with_hint(
      [&] {
        (void)ch05::generate_feed("ada", 10,
                                  {waiting_for_all(following_videos), waiting_for_all(trending_videos),
                                   waiting_for_all(recommended_videos)},
                                  1h);
      },
      "each source waits until all three have been asked: ask each in its own fiber");
}

TEST(GenerateFeedTest, RanksTheSameWhicheverSourceAnswersFirst) {
  const auto trending_answered = go::make_chan<go::empty>();
  const auto recommended_answered = go::make_chan<go::empty>();
  const ch05::video_source trending = [&](const go::context&, const std::string&) {
    trending_answered.close();  // answers first
    return trending_videos;
  };
  const ch05::video_source recommended = [&](const go::context&, const std::string&) {
    trending_answered.recv();
    recommended_answered.close();
    return recommended_videos;
  };
  const ch05::video_source following = [&](const go::context&, const std::string&) {
    recommended_answered.recv();  // answers last
    return following_videos;
  };
  std::vector<ch05::video> feed;
  go::testing::run([&] { feed = ch05::generate_feed("ada", 10, {following, trending, recommended}, 1h); });
  EXPECT_EQ(feed, expected_feed) << "the order the sources answer in must not change the feed";
}

TEST(GenerateFeedTest, KeepsAtMostLimitVideos) {
  std::vector<ch05::video> feed;
  go::testing::run([&] {
    feed = ch05::generate_feed(
        "ada", 2, {answering(following_videos), answering(trending_videos), answering(recommended_videos)}, 1h);
  });
  EXPECT_EQ(feed, (std::vector<ch05::video>{{"a", 0.9}, {"b", 1.0}}));
}

TEST(GenerateFeedTest, ThrowsDeadlineExceededWhenASourceIsTooSlow) {
  const auto release = go::make_chan<go::empty>();
  const ch05::video_source stuck = [&](const go::context&, const std::string&) {
    release.recv();  // ignores its context
    return trending_videos;
  };
  std::error_code error;
  run_with_hint(
      [&] {
        error = thrown_code([&] {
          (void)ch05::generate_feed("ada", 10, {answering(following_videos), stuck, answering(recommended_videos)},
                                    50ms);
        });
        release.close();
      },
      "a source that ignores its context never answers in time: select on the results and on ctx.done()");
  EXPECT_EQ(error, go::context_error::deadline_exceeded);
}

TEST(GenerateFeedTest, LeavesNoLateSourceBlocked) {
  const auto release = go::make_chan<go::empty>();
  const ch05::video_source stuck = [&](const go::context&, const std::string&) {
    release.recv();
    return trending_videos;
  };
  go::testing::run([&] {
    (void)thrown_code([&] {
      (void)ch05::generate_feed("ada", 10, {stuck, stuck, answering(recommended_videos)}, 50ms);
    });
    release.close();
    SCOPED_TRACE("sources that answer after the deadline are stuck sending: give the channel room for all three");
    go::testing::expect_no_leaks();
  });
}

// ---------------------------------------------------------------------------------------------
// fetch_product_page

namespace {

const ch05::product lamp{"p-1", "Brass lamp", 45'00};
const std::vector<ch05::review> lamp_reviews{{"ada", 5}, {"bob", 4}};
const std::vector<ch05::product> similar_lamps{{"p-2", "Copper lamp", 52'00}};
const ch05::inventory lamp_stock{7};

// working_services: all four calls answer at once; a test replaces the ones it needs.
ch05::product_services working_services() {
  return {
      [](const go::context&, const std::string&) { return lamp; },
      [](const go::context&, const std::string&) { return lamp_reviews; },
      [](const go::context&, const std::string&) { return similar_lamps; },
      [](const go::context&, const std::string&) { return lamp_stock; },
  };
}

// after_all_start: `call`, made to wait until every call has started before it answers.
template <class Call>
Call after_all_start(fiber_latch& all_started, Call call) {
  return [&all_started, call](const go::context& ctx, const std::string& product_id) {
    all_started.arrive_and_wait();
    return call(ctx, product_id);
  };
}

}  // namespace

TEST(FetchProductPageTest, AssemblesThePageFromTheFourCalls) {
  const ch05::product_services services = working_services();
  ch05::product_page page;
  go::testing::run([&] { page = ch05::fetch_product_page(go::background(), "p-1", services); });
  EXPECT_EQ(page.details, lamp);
  EXPECT_EQ(page.reviews, lamp_reviews);
  EXPECT_EQ(page.suggestions, similar_lamps);
  EXPECT_EQ(page.stock, lamp_stock);
}

TEST(FetchProductPageTest, MakesTheFourCallsAtTheSameTime) {
  fiber_latch all_called{4};
  ch05::product_services services = working_services();
  services.get_product_details = after_all_start(all_called, services.get_product_details);
  services.get_reviews = after_all_start(all_called, services.get_reviews);
  services.get_similar_products = after_all_start(all_called, services.get_similar_products);
  services.check_inventory = after_all_start(all_called, services.check_inventory);
  run_with_hint([&] { (void)ch05::fetch_product_page(go::background(), "p-1", services); },
                "each call waits until all four have started: make each in its own fiber (go::err_group::go)");
}

TEST(FetchProductPageTest, ThrowsTheFailingCallsError) {
  ch05::product_services services = working_services();
  services.get_reviews = [](const go::context&, const std::string&) -> std::vector<ch05::review> {
    throw reviews_unavailable{"reviews service timed out"};
  };
  go::testing::run([&] {
    EXPECT_THROW((void)ch05::fetch_product_page(go::background(), "p-1", services), reviews_unavailable);
  });
}

TEST(FetchProductPageTest, CancelsTheOtherCallsWhenOneFails) {
  std::array<std::error_code, 3> others_saw;
  ch05::product_services services{
      [&](const go::context& ctx, const std::string&) {
        others_saw[0] = thrown_code([&] { give_up_when_done(ctx); });
        return lamp;
      },
      [](const go::context&, const std::string&) -> std::vector<ch05::review> {
        throw reviews_unavailable{"reviews service timed out"};
      },
      [&](const go::context& ctx, const std::string&) {
        others_saw[1] = thrown_code([&] { give_up_when_done(ctx); });
        return similar_lamps;
      },
      [&](const go::context& ctx, const std::string&) {
        others_saw[2] = thrown_code([&] { give_up_when_done(ctx); });
        return lamp_stock;
      },
  };
  run_with_hint(
      [&] { EXPECT_THROW((void)ch05::fetch_product_page(go::background(), "p-1", services), reviews_unavailable); },
      "the other calls wait for their context to end: give them a context that is cancelled on the first "
      "failure (go::err_group's ctx())");
  EXPECT_EQ(others_saw, (std::array<std::error_code, 3>{go::context_error::canceled, go::context_error::canceled,
                                                        go::context_error::canceled}));
}

TEST(FetchProductPageTest, ReturnsOnlyOnceEveryCallHasReturned) {
  int calls_running = 0;
  int running_when_thrown = -1;
  auto slow_to_stop = [&](const go::context& ctx) {
    ++calls_running;
    ctx.done().recv();
    for (int i = 0; i < 3; ++i) go::yield();  // cleans up for a while after the cancel
    --calls_running;
  };
  ch05::product_services services{
      [&](const go::context& ctx, const std::string&) {
        slow_to_stop(ctx);
        return lamp;
      },
      [&](const go::context& ctx, const std::string&) {
        slow_to_stop(ctx);
        return lamp_reviews;
      },
      [&](const go::context& ctx, const std::string&) {
        slow_to_stop(ctx);
        return similar_lamps;
      },
      [](const go::context&, const std::string&) -> ch05::inventory { throw out_of_stock{"p-1"}; },
  };
  run_with_hint(
      [&] {
        try {
          (void)ch05::fetch_product_page(go::background(), "p-1", services);
        } catch (const out_of_stock&) {
          running_when_thrown = calls_running;
        }
      },
      "the other calls wait for their context to end: use go::err_group's ctx()");
  EXPECT_EQ(running_when_thrown, 0) << "the calls write into the page being built: every one must have returned "
                                       "before fetch_product_page returns or throws (go::err_group::wait)";
}

TEST(FetchProductPageTest, TheCallersCancellationReachesTheCalls) {
  go::wait_group started;
  started.add(4);
  ch05::product_services services{
      [&](const go::context& ctx, const std::string&) -> ch05::product {
        started.done();
        give_up_when_done(ctx);
      },
      [&](const go::context& ctx, const std::string&) -> std::vector<ch05::review> {
        started.done();
        give_up_when_done(ctx);
      },
      [&](const go::context& ctx, const std::string&) -> std::vector<ch05::product> {
        started.done();
        give_up_when_done(ctx);
      },
      [&](const go::context& ctx, const std::string&) -> ch05::inventory {
        started.done();
        give_up_when_done(ctx);
      },
  };
  std::error_code error;
  run_with_hint(
      [&] {
        auto [caller, cancel] = go::with_cancel(go::background());
        go::spawn([&, cancel_page = cancel] {
          started.wait();
          cancel_page();  // the shopper navigated away
        });
        error = thrown_code([&] { (void)ch05::fetch_product_page(caller, "p-1", services); });
      },
      "the calls never saw the caller's cancellation: build the err_group on ctx (go::err_group group{ctx})");
  EXPECT_EQ(error, go::context_error::canceled);
}

// ---------------------------------------------------------------------------------------------
// first_response

TEST(FirstResponseTest, ReturnsTheFastestAnswer) {
  const std::vector<ch05::replica> replicas{
      [](const go::context& ctx, const std::string&) -> std::string { give_up_when_done(ctx); },
      [](const go::context&, const std::string& query) { return "replica 1: " + query; },
      [](const go::context& ctx, const std::string&) -> std::string { give_up_when_done(ctx); },
  };
  std::string answer;
  run_with_hint([&] { answer = ch05::first_response(go::background(), "price of p-1", replicas); },
                "two replicas never answer, they wait for their context to end: ask them at the same time, "
                "return the first answer, and cancel the others");
  EXPECT_EQ(answer, "replica 1: price of p-1");
}

TEST(FirstResponseTest, SkipsAReplicaThatFails) {
  const auto first_failed = go::make_chan<go::empty>();
  const std::vector<ch05::replica> replicas{
      [&](const go::context&, const std::string&) -> std::string {
        first_failed.close();
        throw replica_down{"replica 0 is down"};
      },
      [&](const go::context&, const std::string&) {
        first_failed.recv();  // answers after replica 0 has failed
        return std::string{"replica 1"};
      },
  };
  std::string answer;
  go::testing::run([&] { answer = ch05::first_response(go::background(), "q", replicas); });
  EXPECT_EQ(answer, "replica 1") << "a failed replica is skipped while another may still answer";
}

TEST(FirstResponseTest, ThrowsTheFirstFailureWhenAllFail) {
  const auto first_failed = go::make_chan<go::empty>();
  const std::vector<ch05::replica> replicas{
      [&](const go::context&, const std::string&) -> std::string {
        first_failed.close();
        throw replica_down{"replica 0 is down"};
      },
      [&](const go::context&, const std::string&) -> std::string {
        first_failed.recv();
        throw replica_down{"replica 1 is down"};
      },
  };
  std::string message;
  go::testing::run([&] {
    try {
      (void)ch05::first_response(go::background(), "q", replicas);
    } catch (const replica_down& error) {
      message = error.what();
    }
  });
  EXPECT_EQ(message, "replica 0 is down");
}

TEST(FirstResponseTest, ThrowsDeadlineExceededWhenNoReplicaAnswersInTime) {
  const auto release = go::make_chan<go::empty>();
  const ch05::replica stuck = [&](const go::context&, const std::string&) {
    release.recv();  // ignores its context
    return std::string{"too late"};
  };
  const std::vector<ch05::replica> replicas{stuck, stuck};
  std::error_code error;
  run_with_hint(
      [&] {
        auto [caller, cancel] = go::with_timeout(go::background(), 20ms);
        go::defer_cancel cancel_at_end{cancel};
        error = thrown_code([&] { (void)ch05::first_response(caller, "q", replicas); });
        release.close();
      },
      "no replica answers: wait for the replies in a go::select that also watches the caller's ctx.done()");
  EXPECT_EQ(error, go::context_error::deadline_exceeded);
}

TEST(FirstResponseTest, CancelsTheLosersWhenItReturns) {
  go::wait_group losers_started;
  losers_started.add(2);
  std::array<std::error_code, 2> losers_saw;
  auto loser = [&](std::size_t index) -> ch05::replica {
    return [&, index](const go::context& ctx, const std::string&) -> std::string {
      losers_started.done();
      losers_saw[index] = thrown_code([&] { give_up_when_done(ctx); });
      return "too late";
    };
  };
  const ch05::replica winner = [&](const go::context&, const std::string&) {
    losers_started.wait();
    return std::string{"winner"};
  };
  const std::vector<ch05::replica> replicas{loser(0), winner, loser(1)};
  go::testing::run([&] {
    EXPECT_EQ(ch05::first_response(go::background(), "q", replicas), "winner");
    SCOPED_TRACE("the losing replicas wait on ctx.done() forever: this is the leak of a cancel never called. "
                 "Ask them with a go::with_cancel child and cancel it on return (go::defer_cancel)");
    go::testing::expect_no_leaks();
  });
  EXPECT_EQ(losers_saw, (std::array<std::error_code, 2>{go::context_error::canceled, go::context_error::canceled}));
}

TEST(FirstResponseTest, LeavesNoLateLoserBlocked) {
  const auto release = go::make_chan<go::empty>();
  const ch05::replica late = [&](const go::context&, const std::string&) {
    release.recv();  // ignores its context: it answers, late, whatever happens
    return std::string{"late"};
  };
  const ch05::replica fast = [](const go::context&, const std::string&) { return std::string{"fast"}; };
  const std::vector<ch05::replica> replicas{late, fast, late};
  go::testing::run([&] {
    EXPECT_EQ(ch05::first_response(go::background(), "q", replicas), "fast");
    release.close();
    SCOPED_TRACE("the losers' late replies have nowhere to go: give the channel room for every reply");
    go::testing::expect_no_leaks();
  });
}

TEST(FirstResponseTest, RejectsAnEmptyListOfReplicas) {
  go::testing::run([] {
    EXPECT_THROW((void)ch05::first_response(go::background(), "q", {}), std::invalid_argument);
  });
}
