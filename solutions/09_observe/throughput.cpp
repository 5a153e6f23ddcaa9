// throughput.cpp - reference answers to chapter 09's timeline exercises (statements in throughput.hpp).
#include "throughput.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <utility>

namespace ch09 {

// The pipeline's steps, given: the same as in chapters/09_observe/throughput.cpp.
photo fetch_photo(int id) { return {id, "photo-" + std::to_string(id)}; }

thumbnail resize_photo(const photo& original) {
  go::sleep(std::chrono::milliseconds{2});  // the image service's answer takes 2 ms
  return {original.id, "thumb(" + original.pixels + ")"};
}

thumbnail compress_thumbnail(thumbnail resized) {
  resized.pixels = "zip(" + resized.pixels + ")";
  return resized;
}

std::vector<thumbnail> make_thumbnails(const std::vector<int>& photo_ids, int workers) {
  auto photos = go::make_chan<photo>();
  auto resized = go::make_chan<thumbnail>();
  auto compressed = go::make_chan<thumbnail>();
  go::spawn_named("fetch", [photo_ids, photos] {
    for (int id : photo_ids) photos.send(fetch_photo(id));
    photos.close();
  });
  // The timeline showed "fetch" blocked in chan send and "compress" in chan receive: "resize"
  // is the bottleneck, so it alone fans out. Its fibers share `photos` and `resized`; the last
  // one to finish lets the closer close `resized` (shared: the fibers outlive this scope's end).
  auto resizing = std::make_shared<go::wait_group>();
  resizing->add(workers);
  for (int worker = 0; worker < workers; ++worker) {
    go::spawn_named("resize", [photos, resized, resizing] {
      for (const photo& original : photos) resized.send(resize_photo(original));
      resizing->done();
    });
  }
  go::spawn([resized, resizing] {
    resizing->wait();
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

std::vector<int> check_links(const std::vector<std::string>& urls, int limit,
                             const std::function<int(const std::string&)>& status_of) {
  std::vector<int> statuses(urls.size());  // checker writes only the slots of the indexes it took
  auto indexes = go::make_chan<std::size_t>();
  go::wait_group checking;
  checking.add(limit);
  for (int checker = 0; checker < limit; ++checker) {
    go::spawn_named("checker", [&urls, &status_of, &statuses, &checking, indexes] {
      for (std::size_t i : indexes) statuses[i] = status_of(urls[i]);
      checking.done();
    });
  }
  for (std::size_t i = 0; i < urls.size(); ++i) indexes.send(i);
  indexes.close();
  checking.wait();  // also makes every checker's writes to `statuses` visible here
  return statuses;
}

}  // namespace ch09
