// logs.cpp - your answers to chapter 06's log pipeline exercises (statements in logs.hpp).
//
// Replace each TODO(exercise) body, then run `./workbook check 06 read_logs`.
#include "logs.hpp"

namespace ch06 {

go::recv_chan<std::string> read_logs(done_chan /*done*/, const std::filesystem::path& /*path*/) {
  // TODO(exercise): open the file (go::blocking; throw if it fails), then a fiber that reads a
  // chunk of lines per go::blocking call and sends them (select: send or done); close out.
  throw go::not_implemented{"read_logs"};
}

std::vector<std::string> process_logs(const std::filesystem::path& /*path*/, std::size_t /*limit*/) {
  // TODO(exercise): read_logs -> parse -> filter ERROR -> format, each stage honouring done;
  // collect up to limit lines, then close done.
  throw go::not_implemented{"process_logs"};
}

}  // namespace ch06
