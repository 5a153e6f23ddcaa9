// throughput.hpp - two exercises read from the timeline: where a pipeline waits, and how many
// fibers a pool really keeps alive.
//
// The tests do not time anything. They record the run's timeline (go::testing::run_traced, the
// trace GO_TRACE writes, kept in memory) and count on it: how many fibers of a stage were live
// at once, whether two stages ran at the same time. So name your fibers: a stage is the fibers
// of one name, given with go::spawn_named("resize", fn).
//
//   ./workbook trace 09                  # your make_thumbnails, traced: its timeline and stages
//   ./build/bin/ch09_show check_links    # your pool, run once
//   ./workbook check 09 make_thumbnails  # the tests
//
// Call them from inside go::run:
//
//   go::run([] {
//     for (const ch09::thumbnail& t : ch09::make_thumbnails({1, 2, 3}, 4)) std::cout << t.pixels << '\n';
//   });
//
// Exercises: make_thumbnails (find the slow stage and fan it out), check_links (a pool that
// never exceeds its bound, proved on the timeline). The dump exercises are in stuck.hpp.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <go/go.hpp>

namespace ch09 {

// photo / thumbnail: what the pipeline below passes from stage to stage.
struct photo {
  int id = 0;
  std::string pixels;
};
struct thumbnail {
  int id = 0;
  std::string pixels;
};

// The pipeline's three steps, given (in throughput.cpp); each is called by the stage of its name.
// fetch_photo: the photo `id` from the photo store.
photo fetch_photo(int id);
// resize_photo: the photo shrunk to a thumbnail, by a call to the image service.
thumbnail resize_photo(const photo& original);
// compress_thumbnail: the thumbnail, compressed.
thumbnail compress_thumbnail(thumbnail resized);

// make_thumbnails: runs every id of `photo_ids` through a pipeline of three stages - "fetch",
// then "resize", then "compress", each a fiber of that name passing values on a channel to the
// next - and returns the compressed thumbnails, in any order.
//
// The stub is that pipeline with one fiber per stage: it is correct, and slow. One of its
// stages is the bottleneck: the other two spend their time waiting for it. Find which from the
// timeline, not from the code - `./workbook trace 09` runs your version with GO_TRACE and
// prints, per stage, the share of its time each fiber spent running, runnable and blocked (and
// draws the timeline as an SVG). A stage upstream of the bottleneck is mostly `chan send` (its
// consumer is busy); one downstream is mostly `chan receive` (nothing arrives).
//
// Then fan the slow stage out to `workers` fibers of the same name that share its input
// channel (chapter 06's fan-out), and fan them back in: the next stage's channel is closed once
// the last of them is done. Leave the other two stages at one fiber each: fanning out a stage
// that waits anyway adds fibers and buys nothing.
//
// Tests: 24 photos, 4 workers, on one thread: the slow stage had 4 fibers live at once and the
// other two one each; 40 photos, 3 workers, on two threads: every photo came out once,
// compressed, and each stage overlapped the next (a pipeline really is one).
std::vector<thumbnail> make_thumbnails(const std::vector<int>& photo_ids, int workers);

// check_links: calls status_of(url) for every url of `urls` and returns the statuses in the
// order of `urls`, from a pool of at most `limit` fibers named "checker", which take the urls
// from a channel. `limit` is at least 1.
//
// The guide's best practice 5, "Limit Goroutine Creation", proved instead of promised: the
// tests count the fibers named "checker" that were live at once - not the calls in progress,
// the fibers. A fiber per url that first waits for a free slot (a semaphore inside the fiber)
// makes at most `limit` calls at once, and still has every fiber - and its 64 KiB stack -
// alive from the start: on the timeline it is as unbounded as no limit at all. A pool starts
// `limit` fibers, and no more.
//
// Tests: 50 urls, limit 5: exactly 5 checkers live at once (fewer would not be a pool of 5),
// each url checked once and its status in its place; also on two threads, limit 3.
std::vector<int> check_links(const std::vector<std::string>& urls, int limit,
                             const std::function<int(const std::string&)>& status_of);

}  // namespace ch09
