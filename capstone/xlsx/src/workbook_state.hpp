// workbook_state - what xlsx::workbook reads once and every sheet_reader shares.
//
// Thread safety: immutable after workbook::open; readers on any thread share it through a
// shared_ptr, which also keeps the shared strings alive as long as any row may point into them.
#pragma once

#include <vector>

#include <xlsx/reader.hpp>

#include "package.hpp"
#include "shared_strings.hpp"
#include "zip_archive.hpp"

namespace xlsx::detail {

struct workbook_state {
  zip_source source;
  limits bounds;  // what this workbook may cost (see xlsx::limits)
  workbook_layout layout;
  shared_strings strings;
  std::vector<bool> date_styles;  // cellXfs index -> the number format is a date or time
};

}  // namespace xlsx::detail
