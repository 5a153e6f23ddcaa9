#include "go/time.hpp"

#include "go/detail/fiber_record.hpp"
#include "observe/counters.hpp"

namespace go {

void sleep(clock::duration duration) { sleep_until(clock::now() + duration); }

void sleep_until(clock::time_point when) {
  // A timed park is not counted as blocked: a sleeping fiber is never part of a deadlock.
  detail::fiber_record& self = detail::current_fiber();
  self.park.prepare();
  self.waiting_on = "sleep";
  detail::count_block(self, "sleep");
  const detail::park_result result = self.park.park(when);
  self.waiting_on = nullptr;
  if (result == detail::park_result::aborted) detail::unwind_fiber(self);
}

timer::timer(clock::duration duration) : timer{duration, clock::duration::zero()} {}

timer::timer(clock::duration first, clock::duration period) : service_{detail::timer_service::for_current()} {
  start(first, period);
}

timer::~timer() { stop(); }

void timer::start(clock::duration duration, clock::duration period) {
  // The callback holds the channel, not the timer: a fire after the timer is gone is harmless.
  id_ = service_->add(clock::now() + duration, period,
                      [channel = channel_] { channel.try_send(clock::now()); });
}

bool timer::stop() { return service_->cancel(id_); }

bool timer::reset(clock::duration duration) {
  const bool was_pending = stop();
  start(duration, clock::duration::zero());
  return was_pending;
}

ticker::ticker(clock::duration period) : timer_{period, period} {}

void ticker::reset(clock::duration period) {
  timer_.stop();
  timer_.start(period, period);
}

recv_chan<clock::time_point> after(clock::duration duration) {
  auto channel = make_chan<clock::time_point>(1);
  detail::timer_service::for_current()->add(clock::now() + duration, clock::duration::zero(),
                                            [channel] { channel.try_send(clock::now()); });
  return channel;
}

}  // namespace go
