// locks.cpp - reference solutions to chapter 04's fiber lock exercises (statements in locks.hpp).
#include "locks.hpp"

#include <mutex>
#include <shared_mutex>

namespace ch04 {

std::optional<std::string> cache::get(const std::string& key) const {
  std::shared_lock lock{mutex_};  // c.mu.RLock(); defer c.mu.RUnlock()
  std::optional<std::string> value;
  if (const auto found = data_.find(key); found != data_.end()) value = found->second;
  if (inside_lock_) inside_lock_(cache_access::read);
  return value;
}

void cache::set(const std::string& key, std::string value) {
  std::lock_guard lock{mutex_};  // c.mu.Lock(); defer c.mu.Unlock()
  data_[key] = std::move(value);
  if (inside_lock_) inside_lock_(cache_access::write);
}

void cancel_signal::cancel(const std::string& reason) {
  // One call does both: a fiber that finds the once done can rely on the reason being stored
  // and done_ being closed.
  cancel_once_.call([&] {
    reason_ = reason;
    done_.close();
  });
}

go::recv_chan<go::empty> cancel_signal::done() const { return done_; }

std::string cancel_signal::reason() const { return reason_; }

bool transfer(account& from, account& to, long amount) {
  // One global order - the lower id first - whatever the direction of the transfer: two
  // transfers between the same accounts then wait for the same first lock, never for each other.
  account& first = from.id < to.id ? from : to;
  account& second = from.id < to.id ? to : from;
  std::lock_guard first_lock{first.mutex};
  std::lock_guard second_lock{second.mutex};
  if (from.balance < amount) return false;  // checked under both locks: nobody can spend it meanwhile
  from.balance -= amount;
  to.balance += amount;
  return true;
}

}  // namespace ch04
