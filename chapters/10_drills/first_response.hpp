// first_response.hpp - drill: ask every replica, keep the first answer, cancel the rest (the
// "replicated search" of Go Concurrency Patterns). Statement: hints.md, "first_response".
//
// The same query goes to several replicas at once; the first successful answer wins, and the
// replicas still working are told to stop - through the context they were given - so that no
// fiber is left behind:
//
//   std::vector<ch10::replica> replicas{ask_eu, ask_us, ask_asia};
//   auto [ctx, cancel] = go::with_timeout(go::background(), 80ms);
//   go::defer_cancel guard{cancel};
//   std::string answer = ch10::first_response(ctx, replicas);
//
// Your work is all in first_response.cpp.
//
// Thread safety: first_response may be called from any fiber; it calls each replica from a
// fiber of its own.
#pragma once

#include <functional>
#include <span>
#include <string>

#include <go/context.hpp>

namespace ch10 {

// replica: answers the query, or throws. It stops early - throwing std::system_error{ctx.err()}
// - once `ctx` is done.
using replica = std::function<std::string(const go::context& ctx)>;

// first_response: calls every replica at once and returns the first answer; before returning,
// cancels the context of the replicas still running (a child of `ctx`). If every replica
// throws, rethrows the exception of the last one to fail. `replicas` is not empty.
std::string first_response(const go::context& ctx, std::span<const replica> replicas);

}  // namespace ch10
