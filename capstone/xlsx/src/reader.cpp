// xlsx::workbook and xlsx::sheet_reader: the public face of the reader.
#include <xlsx/reader.hpp>

#include <utility>

#include "package.hpp"
#include "sheet_parser.hpp"
#include "styles.hpp"
#include "workbook_state.hpp"

namespace xlsx {
namespace {

std::shared_ptr<const detail::workbook_state> load(detail::zip_source source, const limits& limits) {
  auto state = std::make_shared<detail::workbook_state>();
  state->source = std::move(source);
  state->bounds = limits;
  detail::zip_archive archive(state->source);
  state->layout = detail::read_workbook(archive, limits);
  if (!state->layout.styles_part.empty()) {
    state->date_styles = detail::read_date_styles(archive, state->layout.styles_part, limits);
  }
  if (!state->layout.shared_strings_part.empty()) {
    state->strings = detail::read_shared_strings(archive, state->layout.shared_strings_part, limits);
  }
  return state;
}

}  // namespace

workbook workbook::open(const std::filesystem::path& path, const limits& limits) {
  return workbook(load({path, {}, path.string()}, limits));
}

workbook workbook::open_memory(std::span<const std::byte> bytes, std::string name, const limits& limits) {
  if (bytes.empty()) throw error(error_kind::not_a_zip, "empty file: not an xlsx workbook", name);
  return workbook(load({{}, bytes, std::move(name)}, limits));
}

workbook::workbook(std::shared_ptr<const detail::workbook_state> state) : state_(std::move(state)) {}
workbook::workbook(workbook&&) noexcept = default;
workbook& workbook::operator=(workbook&&) noexcept = default;
workbook::~workbook() = default;

const std::vector<sheet_info>& workbook::sheets() const { return state_->layout.sheets; }
bool workbook::date1904() const { return state_->layout.date1904; }
std::size_t workbook::shared_string_count() const { return state_->strings.size(); }

sheet_reader workbook::open_sheet(std::string_view name, inflate_mode mode) const {
  const auto& file = state_->source.name;
  const auto& book_part = state_->layout.workbook_part;
  const sheet_info* chosen = nullptr;
  for (const auto& sheet : state_->layout.sheets) {
    if (name.empty() ? sheet.is_worksheet : sheet.name == name) {
      chosen = &sheet;
      break;
    }
  }
  if (chosen == nullptr && name.empty()) {
    throw error(error_kind::missing_part, "the workbook has no worksheet", file, book_part);
  }
  if (chosen == nullptr) {
    std::string names;  // the first ten, each cut short: the message stays one readable line
    const auto& sheets = state_->layout.sheets;
    for (std::size_t i = 0; i < sheets.size() && i < 10; ++i) {
      names += (i == 0 ? "'" : ", '") + sheets[i].name.substr(0, 40) + "'";
    }
    if (sheets.size() > 10) names += ", ...";
    throw error(error_kind::missing_part, "no sheet named '" + std::string(name) + "' (the workbook has " + names + ")",
                file, book_part);
  }
  if (!chosen->is_worksheet) {
    throw error(error_kind::unsupported, "sheet '" + chosen->name + "' is a chart or dialog sheet, not a worksheet",
                file, chosen->part);
  }
  return sheet_reader(std::make_unique<detail::sheet_parser>(state_, *chosen, mode));
}

sheet_reader::sheet_reader(std::unique_ptr<detail::sheet_parser> parser) : parser_(std::move(parser)) {}
sheet_reader::sheet_reader(sheet_reader&&) noexcept = default;
sheet_reader& sheet_reader::operator=(sheet_reader&&) noexcept = default;
sheet_reader::~sheet_reader() = default;

bool sheet_reader::next_row(row& out) { return parser_->next_row(out); }
const std::string& sheet_reader::name() const { return parser_->name(); }
const std::string& sheet_reader::part() const { return parser_->part(); }
std::uint64_t sheet_reader::bytes_parsed() const { return parser_->bytes_parsed(); }

}  // namespace xlsx
