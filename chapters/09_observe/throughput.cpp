// throughput.cpp - your answers to chapter 09's timeline exercises (statements in throughput.hpp).
//
// make_thumbnails runs as it is - correctly, and slowly: trace it (`./workbook trace 09`) before
// you change it. Then replace each TODO(exercise) and run `./workbook check 09 make_thumbnails`.
#include "throughput.hpp"

#include <chrono>
#include <utility>

namespace ch09 {

// The pipeline's steps, given: not part of the exercise.
photo fetch_photo(int id) { return {id, "photo-" + std::to_string(id)}; }

thumbnail resize_photo(const photo& original) {
  go::sleep(std::chrono::milliseconds{2});  // the image service's answer takes 2 ms
  return {original.id, "thumb(" + original.pixels + ")"};
}

thumbnail compress_thumbnail(thumbnail resized) {
  resized.pixels = "zip(" + resized.pixels + ")";
  return resized;
}

// [snippet: make_thumbnails]
std::vector<thumbnail> make_thumbnails(const std::vector<int>& photo_ids, int /*workers*/) {
  // TODO(exercise): find the slow stage on the timeline, and fan it out to `workers` fibers.
  auto photos = go::make_chan<photo>();
  auto resized = go::make_chan<thumbnail>();
  auto compressed = go::make_chan<thumbnail>();
  go::spawn_named("fetch", [photo_ids, photos] {
    for (int id : photo_ids) photos.send(fetch_photo(id));
    photos.close();
  });
  go::spawn_named("resize", [photos, resized] {
    for (const photo& original : photos) resized.send(resize_photo(original));
    resized.close();
  });
  go::spawn_named("compress", [resized, compressed] {
    for (thumbnail& small : resized) compressed.send(compress_thumbnail(std::move(small)));
    compressed.close();
  });
  std::vector<thumbnail> done;
  for (thumbnail& finished : compressed) done.push_back(std::move(finished));
  return done;
}
// [end-snippet]

std::vector<int> check_links(const std::vector<std::string>& /*urls*/, int /*limit*/,
                             const std::function<int(const std::string&)>& /*status_of*/) {
  // TODO(exercise): `limit` fibers named "checker" that take urls from a channel.
  throw go::not_implemented{"check_links"};
}

}  // namespace ch09
