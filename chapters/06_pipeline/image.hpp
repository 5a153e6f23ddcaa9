// image.hpp - small in-memory images and the operations image_processor runs (given, not an
// exercise: the work is real, so a pool of workers has something to chew on).
//
//   ch06::image photo = ch06::image::filled(640, 480, 3, 128);   // a grey RGB picture
//   ch06::image thumb = ch06::half_size(ch06::to_grayscale(photo));
//
// The guide's image service reads and writes files ("resize", "compress", "convert"); here the
// pixels stay in memory so tests can compare them, and the operations are "grayscale", "blur"
// and "resize".
//
// Thread safety: the functions are pure; an image is a value, safe to read from several fibers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace ch06 {

// image: width x height pixels of `channels` bytes each (1: grey, 3: RGB), row by row.
struct image {
  int width = 0;
  int height = 0;
  int channels = 1;
  std::vector<std::uint8_t> pixels;

  // filled: an image whose every byte is `value`.
  static image filled(int width, int height, int channels, std::uint8_t value) {
    return {width, height, channels,
            std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * channels, value)};
  }
  // at: the byte of channel `c` of pixel (x, y).
  [[nodiscard]] std::uint8_t& at(int x, int y, int c = 0) {
    return pixels[(static_cast<std::size_t>(y) * width + x) * channels + c];
  }
  [[nodiscard]] std::uint8_t at(int x, int y, int c = 0) const {
    return pixels[(static_cast<std::size_t>(y) * width + x) * channels + c];
  }
  friend bool operator==(const image&, const image&) = default;
};

// to_grayscale: an RGB image as grey levels (ITU-R BT.601 luma, in integers). Throws
// std::invalid_argument for an image that is not RGB.
inline image to_grayscale(const image& rgb) {
  if (rgb.channels != 3) throw std::invalid_argument{"grayscale needs an RGB image"};
  image grey = image::filled(rgb.width, rgb.height, 1, 0);
  for (int y = 0; y < rgb.height; ++y) {
    for (int x = 0; x < rgb.width; ++x) {
      const int luma = 299 * rgb.at(x, y, 0) + 587 * rgb.at(x, y, 1) + 114 * rgb.at(x, y, 2);
      grey.at(x, y) = static_cast<std::uint8_t>((luma + 500) / 1000);
    }
  }
  return grey;
}

// box_blur: each byte becomes the mean of its 3x3 neighbourhood; the border is clamped
// (pixels outside the image repeat the nearest edge pixel).
inline image box_blur(const image& in) {
  image out = in;
  auto clamp = [](int v, int size) { return v < 0 ? 0 : v >= size ? size - 1 : v; };
  for (int y = 0; y < in.height; ++y) {
    for (int x = 0; x < in.width; ++x) {
      for (int c = 0; c < in.channels; ++c) {
        int sum = 0;
        for (int dy = -1; dy <= 1; ++dy) {
          for (int dx = -1; dx <= 1; ++dx) sum += in.at(clamp(x + dx, in.width), clamp(y + dy, in.height), c);
        }
        out.at(x, y, c) = static_cast<std::uint8_t>((sum + 4) / 9);
      }
    }
  }
  return out;
}

// half_size: the image at half its width and height, each pixel the mean of a 2x2 block (the
// guide's "resize"). An odd last row or column is dropped.
inline image half_size(const image& in) {
  image out = image::filled(in.width / 2, in.height / 2, in.channels, 0);
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      for (int c = 0; c < in.channels; ++c) {
        const int sum = in.at(2 * x, 2 * y, c) + in.at(2 * x + 1, 2 * y, c) + in.at(2 * x, 2 * y + 1, c) +
                        in.at(2 * x + 1, 2 * y + 1, c);
        out.at(x, y, c) = static_cast<std::uint8_t>((sum + 2) / 4);
      }
    }
  }
  return out;
}

}  // namespace ch06
