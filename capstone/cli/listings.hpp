// listings - realistic, reproducible business listings: the guide's sample_data.xlsx.
//
//   listing_generator make(seed);
//   auto row = make.next();            // Name, Category, Phone, Email, Address, City, Country,
//                                      // Website, Description
//   auto bad = make.next_bad(kind);    // a row an importer must reject
//
// The text is what real directories hold: accents and other scripts (Müller, São Paulo,
// 東京), phone numbers and postcodes with leading zeros (which must stay text), descriptions
// with commas and quotes. The same seed always gives the same rows, on every platform: the
// random numbers come from splitmix64 here, not from <random>'s distributions, whose output
// the standard leaves to each library.
//
// Thread safety: none; one generator per thread.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace importer {

inline constexpr std::array<const char*, 9> listing_columns = {
    "Name", "Category", "Phone", "Email", "Address", "City", "Country", "Website", "Description"};

// bad_row: the ways a generated row can be wrong, as the guide's import finds 13 in 10,000.
enum class bad_row { too_few_columns, empty_name };

struct listing {
  std::array<std::string, 9> fields;
  std::size_t columns = 9;  // how many of fields are written (fewer in a too_few_columns row)
};

class listing_generator {
 public:
  explicit listing_generator(std::uint64_t seed) : state_(seed) {}

  listing next();
  listing next_bad(bad_row kind);
  // chance: true with probability numerator / denominator.
  bool chance(std::uint64_t numerator, std::uint64_t denominator) { return below(denominator) < numerator; }

 private:
  std::uint64_t random();
  std::uint64_t below(std::uint64_t bound) { return random() % bound; }  // bias < 2^-40 here
  template <typename List>
  const char* pick(const List& list) {
    return list[below(std::size(list))];
  }
  std::uint64_t state_;
};

}  // namespace importer
