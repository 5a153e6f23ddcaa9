// record - one validated sheet row on its way to the database, and the batches they travel in.
//
// Thread safety: plain values; a batch belongs to one fiber or thread at a time.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace capstone::detail {

struct record {
  std::uint32_t row = 0;             // the sheet row it came from
  std::array<std::string, 9> fields; // in db::business_columns order
};

using batch = std::vector<record>;

}  // namespace capstone::detail
