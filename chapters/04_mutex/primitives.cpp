// primitives.cpp - your answers to chapter 04's advanced exercises (statements in
// primitives.hpp).
//
// Replace each TODO(exercise) body, then run `./workbook check 04 wait_group`.
#include "primitives.hpp"

namespace ch04 {

void wait_group::add(long /*delta*/) {
  // TODO(exercise): under mutex_: reject a negative result; open a fresh zero_ when the count
  // leaves zero, close it when the count comes back to zero.
  throw go::not_implemented{"wait_group"};
}

void wait_group::done() {
  // TODO(exercise): add(-1).
  throw go::not_implemented{"wait_group"};
}

void wait_group::wait() {
  // TODO(exercise): return on a zero count; else take zero_, unlock, and receive from it.
  throw go::not_implemented{"wait_group"};
}

void rw_mutex::lock() {
  // TODO(exercise): count yourself as a waiting writer; wait while a writer or readers hold it.
  throw go::not_implemented{"rw_mutex"};
}

void rw_mutex::unlock() {
  // TODO(exercise): throw std::logic_error if no writer holds it; release; wake the waiters.
  throw go::not_implemented{"rw_mutex"};
}

void rw_mutex::lock_shared() {
  // TODO(exercise): wait while a writer holds it or writers wait (writer preference).
  throw go::not_implemented{"rw_mutex"};
}

void rw_mutex::unlock_shared() {
  // TODO(exercise): throw if no reader holds it; the last reader out wakes the waiters.
  throw go::not_implemented{"rw_mutex"};
}

}  // namespace ch04
