// listings: the word lists and the recipe of a listing.
#include "listings.hpp"

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

namespace importer {
namespace {

struct place {
  const char* city;
  const char* country;
  const char* dial;        // international prefix
  const char* area;        // trunk prefix and area code, with its leading zero where it has one
  const char* postcode;    // printf pattern for a postcode (leading zeros kept: it is text)
  const char* street;
};

constexpr place places[] = {
    {"Dresden", "Germany", "+49", "0351", "01%03u", "Königsbrücker Straße"},
    {"München", "Germany", "+49", "089", "80%03u", "Schwanthalerstraße"},
    {"Zürich", "Switzerland", "+41", "044", "80%02u", "Bahnhofstrasse"},
    {"São Paulo", "Brazil", "+55", "011", "0%04u-000", "Avenida Paulista"},
    {"Kraków", "Poland", "+48", "012", "30-%03u", "ulica Floriańska"},
    {"Boston", "United States", "+1", "617", "02%03u", "Boylston Street"},
    {"London", "United Kingdom", "+44", "020", "EC1A %uBB", "Old Street"},
    {"Reykjavík", "Iceland", "+354", "05", "1%02u", "Laugavegur"},
    {"東京", "Japan", "+81", "03", "100-%04u", "丸の内"},
    {"Αθήνα", "Greece", "+30", "021", "10%03u", "Οδός Ερμού"},
    {"Montréal", "Canada", "+1", "514", "H2X %u", "Rue Saint-Denis"},
    {"Helsinki", "Finland", "+358", "09", "00%03u", "Mannerheimintie"},
};

constexpr const char* first_words[] = {"Blue Harbor", "Café Müller", "Golden Oak", "Nordlicht", "Łódź Print",
                                       "Øresund", "Ñandú", "Sakura 桜", "Red Fox", "Atlas", "Crème de la Crème",
                                       "Maple & Pine", "O'Brien's", "Zeitgeist", "Lumière", "Greenfield"};
constexpr const char* second_words[] = {"Bakery", "Logistics", "Studio", "Consulting", "Tapas Bar", "Hardware",
                                        "Dental Care", "Bookshop", "Florist", "Garage", "Print Shop", "Yoga"};
constexpr const char* suffixes[] = {"", "", "", " GmbH", " Ltd", " & Co.", " S.A.", " AG", " Inc.", " Sp. z o.o."};
constexpr const char* categories[] = {"Restaurant", "Retail", "Health", "Professional Services", "Automotive",
                                      "Education", "Beauty & Wellness", "Construction", "Technology", "Travel"};
constexpr const char* description_openers[] = {
    "Family-run since 1987", "Award-winning", "Independent, friendly", "Open seven days",
    "The \"best in town\", say our customers", "Über 30 Jahre Erfahrung", "Fait maison",
    "Sustainably sourced, locally made"};
constexpr const char* description_closers[] = {
    "free parking on site.", "book online or call us.", "wheelchair accessible; dogs welcome.",
    "ask about our loyalty card!", "English, Deutsch, Español spoken.", "gift cards available."};

// The accented letters of the word lists, spelled in ASCII for web and mail addresses.
constexpr std::pair<std::string_view, std::string_view> ascii_spellings[] = {
    {"è", "e"}, {"é", "e"}, {"ü", "u"}, {"ö", "o"}, {"ä", "a"}, {"ß", "ss"}, {"Ł", "l"}, {"ł", "l"},
    {"ó", "o"}, {"Ñ", "n"}, {"ñ", "n"}, {"ú", "u"}, {"Ø", "o"}, {"ø", "o"}, {"ç", "c"}, {"à", "a"}};

std::string slug_of(const std::string& name) {
  std::string slug;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug += c;
    } else if (c >= 'A' && c <= 'Z') {
      slug += static_cast<char>(c - 'A' + 'a');
    } else if ((c == ' ' || c == '-') && !slug.empty() && slug.back() != '-') {
      slug += '-';
    } else {
      for (const auto& [letter, ascii] : ascii_spellings) {
        if (std::string_view(name).substr(i).starts_with(letter)) {
          slug += ascii;
          i += letter.size() - 1;
          break;
        }
      }
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "shop" : slug;
}

}  // namespace

std::uint64_t listing_generator::random() {
  // splitmix64 (Steele, Lea and Flood, 2014): tiny, fast and the same everywhere.
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

listing listing_generator::next() {
  listing out;
  auto& f = out.fields;
  const place& where = places[below(std::size(places))];
  const std::string name = std::string(pick(first_words)) + " " + pick(second_words) + pick(suffixes);
  const std::string slug = slug_of(name);
  char buffer[160];

  f[0] = name;
  f[1] = pick(categories);
  // Half the numbers are national (trunk zero kept), half international: all of them text.
  if (chance(1, 2)) {
    std::snprintf(buffer, sizeof buffer, "%s %07llu", where.area, static_cast<unsigned long long>(below(10'000'000)));
  } else {
    std::snprintf(buffer, sizeof buffer, "%s %s %06llu", where.dial, where.area[0] == '0' ? where.area + 1 : where.area,
                  static_cast<unsigned long long>(below(1'000'000)));
  }
  f[2] = buffer;
  f[3] = "info@" + slug + ".example";
  std::snprintf(buffer, sizeof buffer, where.postcode, static_cast<unsigned>(below(100)));
  f[4] = std::string(where.street) + " " + std::to_string(1 + below(240)) + ", " + buffer;
  f[5] = where.city;
  f[6] = where.country;
  f[7] = "https://www." + slug + ".example";
  f[8] = std::string(pick(description_openers)) + ", " + pick(description_closers);
  return out;
}

listing listing_generator::next_bad(bad_row kind) {
  listing out = next();
  switch (kind) {
    case bad_row::too_few_columns: out.columns = 5; break;  // the guide's "insufficient columns"
    case bad_row::empty_name: out.fields[0].clear(); break;
  }
  return out;
}

}  // namespace importer
