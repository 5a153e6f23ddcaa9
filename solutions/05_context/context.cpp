// context.cpp - reference solutions to chapter 05's exercises (statements in context.hpp).
#include "context.hpp"

#include <algorithm>
#include <exception>
#include <set>
#include <system_error>
#include <utility>

#include <go/go.hpp>

namespace ch05 {

namespace {

// The key is private to this file, like Go's unexported `type requestIDKey struct{}`: no other
// code can read or overwrite the value by picking the same name.
const go::context_key<std::string> request_id_key{"request_id"};

}  // namespace

// ---------------------------------------------------------------------------------------------
// request_id

go::context with_request_id(const go::context& parent, std::string request_id) {
  return go::with_value(parent, request_id_key, std::move(request_id));
}

std::optional<std::string> request_id_of(const go::context& ctx) { return ctx.value(request_id_key); }

// ---------------------------------------------------------------------------------------------
// fetch_data

std::string fetch_data(const go::context& parent, const std::string& user_id, go::clock::duration timeout,
                       const std::function<std::string(const std::string&)>& slow_api_call) {
  auto [ctx, cancel] = go::with_timeout(parent, timeout);
  go::defer_cancel cancel_on_return{cancel};

  // Capacity 1: when we stop waiting, the fiber can still deliver its late answer and end.
  auto results = go::make_chan<std::string>(1);
  auto errors = go::make_chan<std::exception_ptr>(1);
  // Copies, not references: after a timeout the fiber outlives this call.
  go::spawn([slow_api_call, user_id, results, errors] {
    std::string data;
    if (std::exception_ptr error = go::recover([&] { data = slow_api_call(user_id); })) {
      errors.send(error);
      return;
    }
    results.send(std::move(data));
  });

  std::string data;
  // A handler may throw: it runs once the select has completed.
  go::select(go::recv(results, [&](std::optional<std::string>&& received) { data = std::move(*received); }),
             go::recv(errors, [](const std::optional<std::exception_ptr>& error) { std::rethrow_exception(*error); }),
             go::recv(ctx.done(), [&] { throw std::system_error{ctx.err()}; }));
  return data;
}

// ---------------------------------------------------------------------------------------------
// call_external_api

std::string call_external_api(const go::context& ctx, const std::string& user_id, const http_client& client) {
  const http_request request{
      .method = "GET",
      .url = "https://api.example.com/users/" + user_id,
      .headers = {{"Authorization", "Bearer token"}, {"Content-Type", "application/json"}},
  };
  const http_response response = client(ctx, request);  // the client gives up when ctx is done

  // The response may have arrived just as the deadline passed. Go's `select { case <-ctx.Done():
  // return nil, ctx.Err(); default: }` is this test: err() is set exactly when done() is closed.
  if (const std::error_code late = ctx.err()) throw std::system_error{late};
  if (response.status != 200) throw api_error{response.status};
  return response.body;
}

// ---------------------------------------------------------------------------------------------
// handle_checkout

void handle_checkout(const go::context& ctx, const cart& shopping_cart, const checkout_steps& steps) {
  auto [checkout_ctx, cancel] = go::with_cancel(ctx);
  go::defer_cancel stop_the_others{cancel};  // on the first error, the steps still running give up

  // Room for all three answers: a step that finishes after we returned never blocks.
  auto errors = go::make_chan<std::exception_ptr>(3);
  for (const checkout_step& step : {steps.validate_inventory, steps.calculate_shipping, steps.process_payment}) {
    // Copies: a step may still run after we have returned with another step's error.
    go::spawn([step, shopping_cart, step_ctx = checkout_ctx, errors] {
      errors.send(go::recover([&] { step(step_ctx, shopping_cart); }));
    });
  }
  for (int answers = 0; answers < 3; ++answers) {
    if (std::exception_ptr error = *errors.recv()) std::rethrow_exception(error);
  }
}

// ---------------------------------------------------------------------------------------------
// process_transaction

void process_transaction(const transaction& tx, const transaction_checks& checks, go::clock::duration budget,
                         const std::function<void(const transaction&)>& commit) {
  auto [ctx, cancel] = go::with_timeout(go::background(), budget);
  go::defer_cancel stop_the_others{cancel};  // a failed check stops the checks still running

  auto results = go::make_chan<std::exception_ptr>(4);  // room for every late answer
  for (const transaction_check& check :
       {checks.validate_balance, checks.check_fraud, checks.verify_limits, checks.check_regulatory}) {
    go::spawn([check, tx, check_ctx = ctx, results] {
      results.send(go::recover([&] { check(check_ctx, tx); }));
    });
  }
  for (int answers = 0; answers < 4; ++answers) {
    go::select(go::recv(results,
                        [](const std::optional<std::exception_ptr>& error) {
                          if (*error) std::rethrow_exception(*error);
                        }),
               go::recv(ctx.done(), [&] { throw std::system_error{ctx.err()}; }));
  }
  commit(tx);
}

// ---------------------------------------------------------------------------------------------
// generate_feed

namespace {

// scored_video: a candidate and its score, relevance times its source's weight.
struct scored_video {
  video candidate;
  double score;
};

// rank_and_limit: the best `limit` videos by score, each id once (see generate_feed).
std::vector<video> rank_and_limit(std::vector<scored_video> all, std::size_t limit) {
  auto best_first = [](const scored_video& a, const scored_video& b) {
    return a.score != b.score ? a.score > b.score : a.candidate.id < b.candidate.id;
  };
  std::sort(all.begin(), all.end(), best_first);
  std::vector<video> feed;
  std::set<std::string> seen;
  for (scored_video& each : all) {
    if (feed.size() == limit) break;
    // Sorted best first, so the first copy of an id is its best one.
    if (seen.insert(each.candidate.id).second) feed.push_back(std::move(each.candidate));
  }
  return feed;
}

}  // namespace

std::vector<video> generate_feed(const std::string& user_id, std::size_t limit, const feed_sources& sources,
                                 go::clock::duration budget) {
  auto [ctx, cancel] = go::with_timeout(go::background(), budget);
  go::defer_cancel cancel_on_return{cancel};

  struct result {
    std::vector<video> videos;
    double weight;  // the guide's `score`
  };
  auto results = go::make_chan<result>(3);  // a source that answers after the deadline never blocks
  const std::pair<const video_source&, double> weighted[] = {
      {sources.following, 1.0}, {sources.trending, 0.8}, {sources.recommended, 0.9}};
  for (const auto& [source, weight] : weighted) {
    go::spawn([fetch = source, weight, user_id, source_ctx = ctx, results] {
      results.send({fetch(source_ctx, user_id), weight});
    });
  }

  std::vector<scored_video> all;
  for (int answers = 0; answers < 3; ++answers) {
    go::select(go::recv(results,
                        [&](std::optional<result>&& answer) {
                          for (video& each : answer->videos) {
                            const double score = each.relevance * answer->weight;
                            all.push_back({std::move(each), score});
                          }
                        }),
               go::recv(ctx.done(), [&] { throw std::system_error{ctx.err()}; }));
  }
  return rank_and_limit(std::move(all), limit);
}

// ---------------------------------------------------------------------------------------------
// fetch_product_page

product_page fetch_product_page(const go::context& ctx, const std::string& product_id,
                                const product_services& services) {
  product_page page;
  go::err_group group{ctx};
  // Each task writes its own field of `page`: no two fibers touch the same memory, and wait()
  // makes every write happen before we read the page.
  group.go([&] { page.details = services.get_product_details(group.ctx(), product_id); });
  group.go([&] { page.reviews = services.get_reviews(group.ctx(), product_id); });
  group.go([&] { page.suggestions = services.get_similar_products(group.ctx(), product_id); });
  group.go([&] { page.stock = services.check_inventory(group.ctx(), product_id); });
  group.wait();  // every call has returned; rethrows the first failure
  return page;
}

// ---------------------------------------------------------------------------------------------
// first_response

std::string first_response(const go::context& ctx, const std::string& query, std::span<const replica> replicas) {
  if (replicas.empty()) throw std::invalid_argument{"first_response: no replicas to ask"};
  auto [race_ctx, cancel] = go::with_cancel(ctx);
  go::defer_cancel stop_the_losers{cancel};  // forget this and every slower replica waits forever

  struct reply {
    std::string answer;
    std::exception_ptr error;
  };
  auto replies = go::make_chan<reply>(replicas.size());  // the losers' replies never block
  for (const replica& ask : replicas) {
    go::spawn([ask, query, replica_ctx = race_ctx, replies] {
      reply answered;
      answered.error = go::recover([&] { answered.answer = ask(replica_ctx, query); });
      replies.send(std::move(answered));
    });
  }

  std::exception_ptr first_failure;
  for (std::size_t answers = 0; answers < replicas.size(); ++answers) {
    std::optional<reply> answered;
    go::select(go::recv(replies, [&](std::optional<reply>&& received) { answered = std::move(received); }),
               go::recv(ctx.done(), [&] { throw std::system_error{ctx.err()}; }));
    if (!answered->error) return std::move(answered->answer);
    if (!first_failure) first_failure = answered->error;
  }
  std::rethrow_exception(first_failure);
}

}  // namespace ch05
