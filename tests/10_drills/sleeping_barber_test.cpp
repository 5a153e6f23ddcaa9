// sleeping_barber_test.cpp - the drill sleeping_barber: full waiting room means leave at once,
// haircuts in arrival order, close lets the waiting finish and sends the barber home.
#include "sleeping_barber.hpp"

#include <array>
#include <atomic>
#include <string>
#include <vector>

#include <go/go.hpp>
#include <gtest/gtest.h>

#include "drill_support.hpp"

namespace {

using drill_test::schedule;
using drill_test::transcript;

// settle: on one worker thread, lets every other fiber run until it blocks or ends.
void settle() {
  for (int round = 0; round < 100; ++round) go::yield();
}

// visit_result: what a customer's visit returned; `pending` while it has not returned.
enum class visit_result { pending, served, left };

}  // namespace

TEST(SleepingBarberTest, CustomersWhoFindEveryChairTakenLeaveAtOnce) {
  // Customer 0 is in the barber chair until the test opens `gate`; 1 and 2 take the two
  // waiting chairs; 3 and 4 find none free.
  auto gate = go::make_chan<go::empty>();
  std::vector<int> cut_order;
  ch10::sleeping_barber shop{2, [&](int customer) {
                               if (customer == 0) gate.recv();
                               cut_order.push_back(customer);
                             }};
  std::array<std::atomic<visit_result>, 5> result{};
  std::array<visit_result, 5> while_busy{};
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        go::spawn([&] { shop.run_barber(); });
        auto arrive = [&](int customer) {
          go::spawn([&, customer] {
            result[customer] = shop.visit(customer) ? visit_result::served : visit_result::left;
          });
          settle();
        };
        for (int customer = 0; customer < 5; ++customer) arrive(customer);
        for (int customer = 0; customer < 5; ++customer) while_busy[customer] = result[customer];
        gate.close();
        settle();
        shop.close();
      },
      "the barber or a customer waited forever: a customer who finds no free chair must leave "
      "at once, and the barber must go home once the shop is closed and nobody waits",
      1));
  EXPECT_EQ(while_busy[1], visit_result::pending) << "customer 1 found a free chair: it must wait for its haircut";
  EXPECT_EQ(while_busy[2], visit_result::pending) << "customer 2 found a free chair: it must wait for its haircut";
  EXPECT_EQ(while_busy[3], visit_result::left) << "customer 3 found both chairs taken: visit must return false at once";
  EXPECT_EQ(while_busy[4], visit_result::left) << "customer 4 found both chairs taken: visit must return false at once";
  EXPECT_EQ(cut_order, (std::vector<int>{0, 1, 2})) << "haircuts in the order the customers sat down";
  for (int customer = 0; customer < 3; ++customer) EXPECT_EQ(result[customer], visit_result::served);
}

TEST(SleepingBarberTest, TheBarberWakesForACustomerAfterSleeping) {
  std::vector<int> cut_order;
  ch10::sleeping_barber shop{1, [&](int customer) { cut_order.push_back(customer); }};
  bool served = false;
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        go::spawn([&] { shop.run_barber(); });
        settle();  // nobody there: the barber falls asleep
        served = shop.visit(7);
        shop.close();
      },
      "the customer waited forever: the sleeping barber must wake when someone sits down", 1));
  EXPECT_TRUE(served);
  EXPECT_EQ(cut_order, std::vector<int>{7});
}

TEST(SleepingBarberTest, CloseServesTheWaitingTurnsAwayLateComersAndSendsTheBarberHome) {
  auto gate = go::make_chan<go::empty>();
  std::vector<int> cut_order;
  ch10::sleeping_barber shop{3, [&](int customer) {
                               if (customer == 0) gate.recv();
                               cut_order.push_back(customer);
                             }};
  std::atomic<int> served{0};
  bool late_comer_served = true;
  bool barber_went_home = false;
  ASSERT_TRUE(drill_test::run_round(
      [&] {
        go::spawn([&] {
          shop.run_barber();
          barber_went_home = true;
        });
        for (int customer = 0; customer < 3; ++customer) {
          go::spawn([&, customer] { served += shop.visit(customer) ? 1 : 0; });
          settle();
        }
        shop.close();
        late_comer_served = shop.visit(99);
        shop.close();  // twice does no harm
        gate.close();
      },
      "the barber or a customer waited forever after close(): the waiting customers must still "
      "be served, and run_barber must return once the waiting room is empty",
      1));
  EXPECT_EQ(served, 3) << "customers already waiting when the shop closed must get their haircut";
  EXPECT_FALSE(late_comer_served) << "visit after close() must return false";
  EXPECT_EQ(cut_order, (std::vector<int>{0, 1, 2}));
  EXPECT_TRUE(barber_went_home);
}

TEST(SleepingBarberTest, EveryVisitEndsAndEverySeatedCustomerIsCutOnceOnTwoThreads) {
  constexpr int customers = 100;
  for (int round = 0; round < drill_test::rounds / 20; ++round) {
    schedule random{round};
    std::array<std::atomic<int>, customers> cuts_of{};
    std::atomic<int> served{0};
    std::atomic<int> cuts{0};
    ch10::sleeping_barber shop{3, [&](int customer) {
                                 ++cuts_of[customer];
                                 ++cuts;
                                 random.jitter();
                               }};
    ASSERT_TRUE(drill_test::run_round(
        [&] {
          go::spawn([&] { shop.run_barber(); });
          go::wait_group visits;
          visits.add(customers);
          for (int customer : random.shuffled(customers)) {
            go::spawn([&, customer] {
              random.jitter();
              served += shop.visit(customer) ? 1 : 0;
              visits.done();
            });
          }
          for (int i = 0; i < customers / 2; ++i) random.jitter();
          shop.close();  // while customers are still arriving
          visits.wait();
        },
        "a visit or the barber never ended: visits must return - served or turned away - and the "
        "barber must go home after close()"));
    ASSERT_EQ(served, cuts) << "round " << round << ": every customer served was cut, and only those";
    for (int customer = 0; customer < customers; ++customer) {
      ASSERT_LE(cuts_of[customer], 1) << "round " << round << ": customer " << customer << " was cut twice";
    }
  }
}
