// bounded.hpp - chapter 06's bounded parallelism: a fiber per item, but at most N at once.
//
// Two exercises: bounded_for_each (a counting semaphore made of a buffered channel) and
// fetch_all (go::err_group: a limit, and the first error cancels the rest). Write the bodies in
// bounded.cpp, then run `./workbook check 06 bounded_for_each`.
//
//   go::run([] {
//     ch06::bounded_for_each(urls.size(), 8, [&](std::size_t i) { download(urls[i]); });
//     auto pages = ch06::fetch_all(go::background(), urls, 8, http_get);   // throws the first error
//   });
//
// A worker pool keeps N fibers and feeds them through a channel; bounded parallelism starts a
// fiber per item and makes the N+1st wait for a slot. Both cap the work in flight; the second
// needs no channel of jobs and suits a loop over items you already hold.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <go/go.hpp>

namespace ch06 {

// bounded_for_each: calls fn(i) for each i in [0, count), each call in a fiber of its own, with
// at most `limit` calls running at any moment, and returns when every call has finished. Take a
// slot *before* spawning (send a token on a channel of capacity `limit`), give it back when the
// call ends (receive one): the (limit+1)st send blocks until a call finishes.
//
//   sem := make(chan struct{}, limit)
//   for i := range items {
//       sem <- struct{}{}                  // acquire, before `go`
//       wg.Add(1)
//       go func(i int) { defer wg.Done(); defer func() { <-sem }(); fn(i) }(i)
//   }
//   wg.Wait()
//
// Tests: exactly `limit` calls run at once - not more (unbounded spawn), not fewer (one at a
// time); the fibers alive never exceed limit + 1 (a fiber per item that waits for its slot
// *after* starting keeps all 1,000 alive); each i is passed once, on two threads; every call has
// finished when it returns.
void bounded_for_each(std::size_t count, std::size_t limit, const std::function<void(std::size_t)>& fn);

// fetch_all: fetches every url with at most `limit` fetches at once and returns the pages in the
// order of `urls`. Use a go::err_group whose context is a child of `parent`, with set_limit:
// each task calls fetch(group.ctx(), url) and stores the page at its url's index (re-sequencing
// by index, so no channel and no sort is needed). If a fetch throws, the group's context is
// cancelled at once - the other fetches see ctx.done() and give up - tasks that have not called
// fetch yet skip it, and fetch_all rethrows that first exception.
//
//   g, ctx := errgroup.WithContext(parent)
//   g.SetLimit(limit)
//   for i, url := range urls {
//       g.Go(func() error { page, err := fetch(ctx, url); pages[i] = page; return err })
//   }
//   if err := g.Wait(); err != nil { return nil, err }
//
// Tests: pages in url order although the fetches finish last-first; at most `limit` fetches at
// once, and that many; the first exception is rethrown; fetches still running when it is thrown
// are cancelled (they wait for their context: handed `parent` instead, they wait until its
// deadline); with limit 1, no url after the failing one is fetched.
std::vector<std::string> fetch_all(const go::context& parent, std::span<const std::string> urls, std::size_t limit,
                                   const std::function<std::string(const go::context&, const std::string&)>& fetch);

}  // namespace ch06
