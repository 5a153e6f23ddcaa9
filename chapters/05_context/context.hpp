// context.hpp - chapter 05's exercises: cancellation, deadlines and values with go::context.
//
// Each declaration below is one exercise. Its comment is the statement: what to build, the Go it
// mirrors, and what the tests check. Write the bodies in context.cpp (the last exercise,
// cancel_tree, has its own header and source: cancel_tree.hpp), then run
//
//   ./workbook check 05                       # every exercise of the chapter
//   ./workbook check 05 fetch_data
//
// Call these functions from inside go::run (from a fiber):
//
//   go::run([] {
//     auto [ctx, cancel] = go::with_timeout(go::background(), 3s);
//     go::defer_cancel cancel_on_return{cancel};
//     std::string data = ch05::fetch_data(ctx, "user-123", 5s, slow_api_call);
//   });
//
// Errors, the chapter's one convention: where Go returns an `error`, these functions throw.
// - A context's error is thrown as std::system_error{ctx.err()}; the caller compares
//   `e.code() == go::context_error::deadline_exceeded`, as Go compares err == context.DeadlineExceeded.
// - A step that fails (a callback you are given) throws; your function lets that exception reach
//   its caller unchanged (same type, same message), as Go returns the step's err unchanged.
// - Between fibers an error travels as a std::exception_ptr (null: no error), so Go's
//   `errCh := make(chan error, 3)` is `go::make_chan<std::exception_ptr>(3)`. go::recover(fn)
//   runs fn and returns what it threw as such a pointer. An exception escaping a fiber is a
//   panic that ends go::run: catch it in the fiber and send it.
//
// Exercises, easiest first: request_id, fetch_data, call_external_api, handle_checkout,
// process_transaction, generate_feed, fetch_product_page, first_response, cancel_tree.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <go/context.hpp>

namespace ch05 {

// ---------------------------------------------------------------------------------------------
// request_id (basic) - the guide's context.WithValue(ctx, "requestID", "abc-123")

// with_request_id: a child of `parent` that carries `request_id`.
// request_id_of: the request id carried by `ctx` or its nearest ancestor that has one; empty if
// none does.
//
// The guide keys the value with a string, which any package can collide with; Go's own advice is
// an unexported key type, and go::context_key<T> is that: a typed key whose identity is its
// address. Keep yours private to context.cpp.
//
// Tests: the id is seen through with_cancel and with_timeout children; an inner id shadows an
// outer one; a parent never sees its child's id; background has none; a value stored under
// another key that happens to be named "request_id" is a different value.
[[nodiscard]] go::context with_request_id(const go::context& parent, std::string request_id);
[[nodiscard]] std::optional<std::string> request_id_of(const go::context& ctx);

// ---------------------------------------------------------------------------------------------
// fetch_data (basic) - the guide's Pattern 9

// fetch_data: calls slow_api_call(user_id) in a new fiber and returns its data, giving up after
// `timeout` or as soon as `parent` is done. The guide's version, with the best practice of
// deriving the timeout from the caller's context instead of context.Background():
//
//   func fetchData(ctx context.Context, userID string) (Data, error) {
//       ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
//       defer cancel()
//       resultCh := make(chan Data)
//       errCh := make(chan error)
//       go func() {
//           data, err := slowAPICall(userID)
//           if err != nil { errCh <- err; return }
//           resultCh <- data
//       }()
//       select {
//       case data := <-resultCh: return data, nil
//       case err := <-errCh:     return Data{}, err
//       case <-ctx.Done():       return Data{}, ctx.Err()
//       }
//   }
//
// Throws std::system_error{ctx.err()} when the context ends first (deadline_exceeded, or canceled
// when the caller cancelled), and rethrows what slow_api_call threw. slow_api_call takes no
// context, so it cannot be stopped: after a timeout it runs on, and the fiber must still be able
// to deliver its late answer and end. The guide's unbuffered channels leave it blocked forever.
//
// Tests: returns the data; rethrows the call's error; deadline_exceeded when the call is too
// slow, also when the caller's deadline is the earlier one; canceled when the caller cancels;
// no fiber is left behind once a timed-out call finally returns (go::testing::expect_no_leaks).
[[nodiscard]] std::string fetch_data(const go::context& parent, const std::string& user_id, go::clock::duration timeout,
                                     const std::function<std::string(const std::string&)>& slow_api_call);

// ---------------------------------------------------------------------------------------------
// call_external_api (basic) - the guide's callExternalAPI

// http_request / http_response: what the (simulated) HTTP client sends and receives.
struct http_request {
  std::string method;
  std::string url;
  std::map<std::string, std::string> headers;
};
struct http_response {
  int status = 0;
  std::string body;
};

// http_client: sends a request and waits for the response. Like Go's http.Client.Do with a
// request made by NewRequestWithContext, it gives up when ctx is done, by throwing
// std::system_error{ctx.err()}.
using http_client = std::function<http_response(const go::context&, const http_request&)>;

// api_error: the API answered, but not with 200 OK.
struct api_error : std::runtime_error {
  explicit api_error(int status_code)
      : std::runtime_error{"api.example.com answered " + std::to_string(status_code)}, status{status_code} {}
  int status;
};

// call_external_api: GETs https://api.example.com/users/<user_id> through `client` with the
// headers "Authorization: Bearer token" and "Content-Type: application/json", and returns the
// response body. The guide's version (it decodes the JSON body; we return it as it is):
//
//   req, err := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf(".../users/%s", userID), nil)
//   req.Header.Set("Authorization", "Bearer token")
//   req.Header.Set("Content-Type", "application/json")
//   resp, err := http.DefaultClient.Do(req)      // will be cancelled if ctx times out
//   if err != nil { return nil, err }
//   defer resp.Body.Close()
//   select {                                     // check for context cancellation
//   case <-ctx.Done(): return nil, ctx.Err()
//   default:
//   }
//   ... decode resp.Body ...
//
// Pass `ctx` itself to the client, so that the caller's deadline bounds the call. A response
// that arrives as the deadline passes is too late: once ctx is done, throw its error instead of
// returning the body. A status other than 200 throws api_error; the client's own errors pass
// through.
//
// Tests: the request's method, url and headers; the client gets the caller's context (its
// deadline, and a client that waits for ctx to end returns deadline_exceeded); a response that
// came back after the deadline is not returned; api_error for a 503; a client error passes through.
[[nodiscard]] std::string call_external_api(const go::context& ctx, const std::string& user_id,
                                            const http_client& client);

// ---------------------------------------------------------------------------------------------
// handle_checkout (intermediate) - MercadoLibre's concurrent checkout

// cart: what the customer is buying (the guide's ShoppingCart).
struct cart {
  std::string customer;
  std::vector<std::string> items;
};

// checkout_step: one part of a checkout. It fails by throwing, and should give up (throwing
// std::system_error{ctx.err()}) when ctx is done.
using checkout_step = std::function<void(const go::context&, const cart&)>;
struct checkout_steps {
  checkout_step validate_inventory;
  checkout_step calculate_shipping;
  checkout_step process_payment;
};

// handle_checkout: runs the three steps at the same time and returns when all three succeed; the
// first step to fail decides the error, which is rethrown at once. The guide's version:
//
//   func handleCheckout(ctx context.Context, cart *ShoppingCart) error {
//       errChan := make(chan error, 3)
//       go func() { errChan <- validateInventory(ctx, cart) }()
//       go func() { errChan <- calculateShipping(ctx, cart) }()
//       go func() { errChan <- processPayment(ctx, cart) }()
//       for i := 0; i < 3; i++ {
//           if err := <-errChan; err != nil { return err }
//       }
//       return nil
//   }
//
// Improve on it in one way: give the steps a child context (go::with_cancel(ctx)) and cancel it
// when you return, so that a failed checkout stops the steps still running instead of, say,
// charging the card for a cart that is out of stock. Like the guide, return at the first error
// without waiting for the others: the fibers still running must therefore own copies of what they
// use (the step, the cart, the context), never references to this call's locals.
//
// Tests: the three steps run at the same time; each gets the cart; the first error is the one
// thrown, even when another step fails later; it is thrown while another step is still running
// (one that ignores its context); the steps still running see their context canceled and none is
// left blocked (a missing cancel or an unbuffered channel leaks them); a caller's cancellation
// reaches the steps (their canceled error comes out).
void handle_checkout(const go::context& ctx, const cart& shopping_cart, const checkout_steps& steps);

// ---------------------------------------------------------------------------------------------
// process_transaction (intermediate) - Monzo's concurrent validation under a time budget

// transaction: one payment.
struct transaction {
  std::string id;
  std::string from_account;
  std::string to_account;
  long amount_pence = 0;
};

// transaction_check: one validation; fails by throwing.
using transaction_check = std::function<void(const go::context&, const transaction&)>;
struct transaction_checks {
  transaction_check validate_balance;
  transaction_check check_fraud;
  transaction_check verify_limits;
  transaction_check check_regulatory;
};

// process_transaction: runs the four checks at the same time under a time `budget` and calls
// commit(tx) only if all four pass in time. The guide's version (budget = 3 s):
//
//   func processTransaction(tx *Transaction) error {
//       ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
//       defer cancel()
//       validationResults := make(chan error, 4)
//       go func() { validationResults <- validateBalance(ctx, tx) }()
//       ... checkFraud, verifyLimits, checkRegulatory likewise ...
//       for i := 0; i < 4; i++ {
//           select {
//           case err := <-validationResults:
//               if err != nil { return err }
//           case <-ctx.Done():
//               return ctx.Err()
//           }
//       }
//       return commitTransaction(tx)
//   }
//
// Throws the first failing check's error, or std::system_error{deadline_exceeded} when the budget
// runs out first; commit is not called in either case. Return as soon as the outcome is known,
// even if a check ignores its context and runs on.
//
// Tests: commits once when all pass; the four checks run at the same time; a failing check's
// error comes out and nothing is committed; deadline_exceeded (50 ms budget) when a check is too
// slow, even one that ignores its context, and no commit; the checks still waiting see their
// context canceled when a check fails (a missing `defer cancel()` leaves them waiting for the
// whole budget); a check that finishes late is not left blocked.
void process_transaction(const transaction& tx, const transaction_checks& checks, go::clock::duration budget,
                         const std::function<void(const transaction&)>& commit);

// ---------------------------------------------------------------------------------------------
// generate_feed (intermediate) - ByteDance's feed from three sources under 500 ms

// video: one candidate for the feed, with the source's own estimate of its relevance.
struct video {
  std::string id;
  double relevance = 0;
  friend bool operator==(const video&, const video&) = default;
};

// video_source: fetches candidates; returns what it has (possibly nothing) when ctx is done.
// Sources do not fail.
using video_source = std::function<std::vector<video>(const go::context&, const std::string& user_id)>;
struct feed_sources {
  video_source following;    // weight 1.0: videos from accounts the user follows
  video_source trending;     // weight 0.8: what everyone watches
  video_source recommended;  // weight 0.9: picked for this user
};

// generate_feed: asks the three sources at the same time, merges their videos, ranks them and
// keeps the best `limit`; throws std::system_error{deadline_exceeded} if the three have not all
// answered within `budget`. The guide's version (budget = 500 ms):
//
//   ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
//   defer cancel()
//   sources := make(chan result, 3)
//   go func() { sources <- result{videos: getFollowingVideos(ctx, userID), score: 1.0} }()
//   go func() { sources <- result{videos: getTrendingVideos(ctx), score: 0.8} }()
//   go func() { sources <- result{videos: getRecommended(ctx, userID), score: 0.9} }()
//   for i := 0; i < 3; i++ {
//       select {
//       case res := <-sources: allVideos = append(allVideos, res.videos...)
//       case <-ctx.Done():     return nil, ctx.Err()
//       }
//   }
//   return rankAndLimit(allVideos, limit), nil
//
// The guide leaves rankAndLimit out; here it is: a video's score is its relevance times its
// source's weight; a video offered by several sources appears once, with its best score; the feed
// is ordered by score, highest first, ties by id (ascending); at most `limit` videos.
//
// Tests: every video of every source is merged (none lost) and ranked as above, whatever order
// the sources answer in; the sources run at the same time; duplicates appear once; `limit` is
// respected; deadline_exceeded when a source is too slow; a source that answers after the
// deadline is not left blocked.
[[nodiscard]] std::vector<video> generate_feed(const std::string& user_id, std::size_t limit,
                                               const feed_sources& sources, go::clock::duration budget);

// ---------------------------------------------------------------------------------------------
// fetch_product_page (intermediate) - Etsy's product page from four calls

struct product {
  std::string id;
  std::string title;
  long price_cents = 0;
  friend bool operator==(const product&, const product&) = default;
};
struct review {
  std::string author;
  int stars = 0;
  friend bool operator==(const review&, const review&) = default;
};
struct inventory {
  int in_stock = 0;
  friend bool operator==(const inventory&, const inventory&) = default;
};
struct product_page {
  product details;
  std::vector<review> reviews;
  std::vector<product> suggestions;
  inventory stock;
};

// product_services: the four backend calls. Each fails by throwing, and gives up (throwing
// std::system_error{ctx.err()}) when ctx is done.
struct product_services {
  std::function<product(const go::context&, const std::string& product_id)> get_product_details;
  std::function<std::vector<review>(const go::context&, const std::string& product_id)> get_reviews;
  std::function<std::vector<product>(const go::context&, const std::string& product_id)> get_similar_products;
  std::function<inventory(const go::context&, const std::string& product_id)> check_inventory;
};

// fetch_product_page: makes the four calls at the same time and assembles the page; if a call
// fails, its error is thrown. The guide's version (four goroutines, each storing its result in a
// variable of its own and sending its error to errChan; then `for i := 0; i < 4; i++ { if err :=
// <-errChan; err != nil { return nil, err } }`).
//
// Unlike the exercises above, the calls write into this call's page, so every call must have
// returned before fetch_product_page does, error or not. go::err_group gives exactly that: the
// first exception wins, the group's context is cancelled at that moment so the other calls stop
// early, and wait() returns once all have returned. Give the calls the group's context.
//
// Tests: the page holds all four results; the calls run at the same time; a failing call's error
// comes out; the other calls see their context canceled; no call is still running when the
// function returns or throws; a caller's cancellation reaches the calls.
[[nodiscard]] product_page fetch_product_page(const go::context& ctx, const std::string& product_id,
                                              const product_services& services);

// ---------------------------------------------------------------------------------------------
// first_response (intermediate) - what happens when cancel is never called

// replica: one copy of a service; answers a query, fails by throwing, and should give up when
// ctx is done.
using replica = std::function<std::string(const go::context&, const std::string& query)>;

// first_response: sends `query` to every replica at the same time and returns the first answer.
// A replica that fails is skipped; if all fail, the first failure is rethrown; if `ctx` ends
// before any answer, throws std::system_error{ctx.err()}. Throws std::invalid_argument when
// there are no replicas.
//
// The replicas that lose the race must be told to stop: ask them with a child context and cancel
// it when you return (go::defer_cancel). This is the guide's interview question 17:
//
//   ctx, _ := context.WithTimeout(context.Background(), 5*time.Second)   // BAD: resource leak
//   ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
//   defer cancel()                                                        // GOOD
//
// Tests: the fastest answer wins; failures are skipped, and the first one comes out when all
// fail; deadline_exceeded when the caller's deadline passes first; the losers, waiting on their
// ctx.done(), are released by the cancel (forget it and go::testing::expect_no_leaks lists them);
// losers that ignore their context and answer late are not left blocked on the send.
[[nodiscard]] std::string first_response(const go::context& ctx, const std::string& query,
                                         std::span<const replica> replicas);

}  // namespace ch05
