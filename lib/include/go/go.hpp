// go/go.hpp - the whole Go-style toolkit in one include.
//
//   #include <go/go.hpp>
//   int main() {
//     go::run([] {
//       auto ch = go::make_chan<int>();
//       go::spawn([ch] { ch.send(42); });
//       std::cout << *ch.recv() << '\n';
//     });
//   }
#pragma once

#include "go/chan.hpp"
#include "go/context.hpp"
#include "go/err_group.hpp"
#include "go/errors.hpp"
#include "go/mutex.hpp"
#include "go/observe.hpp"
#include "go/once.hpp"
#include "go/runtime.hpp"
#include "go/select.hpp"
#include "go/time.hpp"
#include "go/wait_group.hpp"
