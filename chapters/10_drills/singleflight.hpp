// singleflight.hpp - drill: suppress duplicate calls (Go: golang.org/x/sync/singleflight).
// Statement: hints.md, "singleflight".
//
// When many fibers ask for the same expensive thing at once - the same cache miss, the same
// config file - only one of them should do the work; the others wait for it and share its
// result:
//
//   ch10::singleflight loads;
//   auto [profile, shared] = loads.call("user:42", [] { return load_profile(42); });
//
// Unlike a cache, it forgets the result as soon as the call ends: a later call runs fn again.
// Your work is all in singleflight.cpp, including the members: `state` is yours to define.
//
// Thread safety: any number of fibers call `call` at once.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace ch10 {

class singleflight {
 public:
  // result: the value, and whether it went to more than one caller (Go: the `shared` result).
  struct result {
    std::string value;
    bool shared = false;
  };

  singleflight();
  ~singleflight();
  singleflight(const singleflight&) = delete;
  singleflight& operator=(const singleflight&) = delete;

  // call: runs fn and returns its value - unless a call for the same key is already running;
  // then waits for that one and returns its value instead, without running fn. If fn throws,
  // every caller that waited for it gets the exception.
  result call(const std::string& key, const std::function<std::string()>& fn);

 private:
  struct state;  // defined in singleflight.cpp
  std::unique_ptr<state> state_;
};

}  // namespace ch10
