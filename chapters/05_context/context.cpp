// context.cpp - your answers to chapter 05's exercises (statements in context.hpp).
//
// Replace each TODO(exercise) body, then run `./workbook check 05`.
#include "context.hpp"

#include <go/go.hpp>

namespace ch05 {

go::context with_request_id(const go::context& /*parent*/, std::string /*request_id*/) {
  // TODO(exercise): go::with_value under a go::context_key<std::string> private to this file.
  throw go::not_implemented{"request_id"};
}

std::optional<std::string> request_id_of(const go::context& /*ctx*/) {
  // TODO(exercise): ctx.value(your key).
  throw go::not_implemented{"request_id"};
}

std::string fetch_data(const go::context& /*parent*/, const std::string& /*user_id*/, go::clock::duration /*timeout*/,
                       const std::function<std::string(const std::string&)>& /*slow_api_call*/) {
  // TODO(exercise): with_timeout + defer_cancel; a fiber calls slow_api_call and sends the data or
  // the error on buffered channels; select on them and on ctx.done().
  throw go::not_implemented{"fetch_data"};
}

std::string call_external_api(const go::context& /*ctx*/, const std::string& /*user_id*/,
                              const http_client& /*client*/) {
  // TODO(exercise): build the GET request, call client(ctx, request), check ctx once more, check
  // the status, return the body.
  throw go::not_implemented{"call_external_api"};
}

void handle_checkout(const go::context& /*ctx*/, const cart& /*shopping_cart*/, const checkout_steps& /*steps*/) {
  // TODO(exercise): a child context cancelled on return; a fiber per step sending its
  // std::exception_ptr on a channel of capacity 3; rethrow the first non-null one.
  throw go::not_implemented{"handle_checkout"};
}

void process_transaction(const transaction& /*tx*/, const transaction_checks& /*checks*/,
                         go::clock::duration /*budget*/, const std::function<void(const transaction&)>& /*commit*/) {
  // TODO(exercise): with_timeout(background, budget); a fiber per check; collect four results
  // with a select that also watches ctx.done(); commit only if all four passed.
  throw go::not_implemented{"process_transaction"};
}

std::vector<video> generate_feed(const std::string& /*user_id*/, std::size_t /*limit*/,
                                 const feed_sources& /*sources*/, go::clock::duration /*budget*/) {
  // TODO(exercise): a fiber per source under a with_timeout context; merge three results (or
  // throw on ctx.done()); then rank and limit.
  throw go::not_implemented{"generate_feed"};
}

product_page fetch_product_page(const go::context& /*ctx*/, const std::string& /*product_id*/,
                                const product_services& /*services*/) {
  // TODO(exercise): a go::err_group on ctx; one task per call, each filling its own field.
  throw go::not_implemented{"fetch_product_page"};
}

std::string first_response(const go::context& /*ctx*/, const std::string& /*query*/,
                           std::span<const replica> /*replicas*/) {
  // TODO(exercise): a child context cancelled on return; a fiber per replica; the first answer
  // wins; a channel with room for every reply.
  throw go::not_implemented{"first_response"};
}

}  // namespace ch05
