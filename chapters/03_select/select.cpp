// select.cpp - your answers to chapter 03's exercises (statements in select.hpp).
//
// Replace each TODO(exercise) body, then run `./workbook check 03`.
#include "select.hpp"

#include <go/go.hpp>

namespace ch03 {

op_status receive_within(go::recv_chan<std::string> /*in*/, go::clock::duration /*timeout*/, std::string& /*out*/) {
  // TODO(exercise): a go::select between go::recv(in, ...) and a timer's channel.
  throw go::not_implemented{"receive_within"};
}

op_status receive_within(const go::context& /*ctx*/, go::recv_chan<std::string> /*in*/, std::string& /*out*/) {
  // TODO(exercise): a go::select between go::recv(in, ...) and go::recv(ctx.done(), ...).
  throw go::not_implemented{"receive_within"};
}

op_status try_receive(go::recv_chan<std::string> /*in*/, std::string& /*out*/) {
  // TODO(exercise): a go::select between go::recv(in, ...) and go::otherwise(...).
  throw go::not_implemented{"try_receive"};
}

void publish_latest(const go::chan<std::string>& /*box*/, std::string /*value*/) {
  // TODO(exercise): loop: try a non-blocking send; if the box is full, drop its oldest value
  // with a non-blocking receive.
  throw go::not_implemented{"publish_latest"};
}

message receive_prioritized(go::recv_chan<std::string> /*urgent*/, go::recv_chan<std::string> /*normal*/) {
  // TODO(exercise): first a select on urgent alone with a default; only then one on both.
  throw go::not_implemented{"receive_prioritized"};
}

void collect_metrics(go::recv_chan<go::empty> /*done*/, go::clock::duration /*period*/,
                     const system_probe& /*probe*/, const monitoring_sink& /*send*/, const log_sink& /*log*/) {
  // TODO(exercise): a go::ticker, and a for-select loop on done and the ticker's channel.
  throw go::not_implemented{"collect_metrics"};
}

stop_reason monitor(go::recv_chan<std::string> /*data*/, go::recv_chan<std::string> /*errors*/,
                    go::recv_chan<go::empty> /*done*/, const monitor_handlers& /*handlers*/) {
  // TODO(exercise): a for-select loop on data, errors and done; set a closed input to nil.
  throw go::not_implemented{"monitor"};
}

worker_channels work_with_heartbeat(go::recv_chan<go::empty> /*done*/, go::recv_chan<int> /*jobs*/,
                                    go::clock::duration /*pulse_interval*/, std::function<int(int)> /*work*/) {
  // TODO(exercise): make both channels, spawn the worker (a ticker and two for-select loops),
  // return the channels.
  throw go::not_implemented{"work_with_heartbeat"};
}

std::string hedged_request(const go::context& /*ctx*/, const std::string& /*query*/,
                           std::span<const replica> /*replicas*/, go::clock::duration /*hedge_after*/) {
  // TODO(exercise): ask replicas[0]; a for-select on the replies, a hedge timer and ctx.done().
  throw go::not_implemented{"hedged_request"};
}

selected select2(cv_chan& /*a*/, cv_chan& /*b*/, go::clock::time_point /*deadline*/) {
  // TODO(exercise): subscribe a waker to both, poll in random order, wait on the waker, repeat.
  throw go::not_implemented{"select2"};
}

}  // namespace ch03
