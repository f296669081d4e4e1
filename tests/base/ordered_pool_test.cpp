// run_ordered: parallel work, results consumed in index order, errors surfaced at their index.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "base/ordered_pool.h"

TEST_CASE("Results reach the consumer in index order whatever the number of threads", "[base][pool]") {
  for (int threads : {1, 2, 3, 8}) {
    for (size_t window : {size_t(0), size_t(1), size_t(5)}) {
      std::vector<size_t> seen;
      std::atomic<int> running{0}, most{0};
      kg::OrderedOptions o;
      o.threads = threads;
      o.window = window;
      kg::run_ordered<size_t>(
          200, o,
          [&](size_t i) {
            int now = ++running;
            int prev = most.load();
            while (now > prev && !most.compare_exchange_weak(prev, now)) {}
            if (i % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));  // uneven work
            --running;
            return i * i;
          },
          [&](size_t i, size_t& r) {
            CHECK(r == i * i);
            seen.push_back(i);
          });
      REQUIRE(seen.size() == 200);
      for (size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == i);
      CHECK(most.load() <= std::max(1, threads));
    }
  }
}

TEST_CASE("A failing work item is rethrown after the items before it were consumed", "[base][pool]") {
  for (int threads : {1, 4}) {
    std::vector<size_t> seen;
    kg::OrderedOptions o;
    o.threads = threads;
    try {
      kg::run_ordered<int>(
          50, o,
          [](size_t i) {
            if (i == 17) throw std::runtime_error("item 17");
            return static_cast<int>(i);
          },
          [&](size_t i, int&) { seen.push_back(i); });
      FAIL("no exception");
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()) == "item 17");
    }
    CHECK(seen.size() == 17);
  }
}

TEST_CASE("A failing consumer stops the workers and its exception reaches the caller", "[base][pool]") {
  std::atomic<size_t> done{0};
  kg::OrderedOptions o;
  o.threads = 3;
  o.window = 4;
  CHECK_THROWS_WITH(kg::run_ordered<int>(
                        1000, o,
                        [&](size_t i) {
                          ++done;
                          return static_cast<int>(i);
                        },
                        [](size_t i, int&) {
                          if (i == 10) throw std::runtime_error("disk full");
                        }),
                    "disk full");
  CHECK(done.load() < 1000);  // the window kept workers from running far ahead
}

TEST_CASE("The calling thread works while it waits, so threads counts every thread that runs work", "[base][pool]") {
  std::mutex mu;
  std::set<std::thread::id> ran_on;
  size_t on_caller = 0;
  const auto caller = std::this_thread::get_id();
  kg::OrderedOptions o;
  o.threads = 2;
  std::vector<size_t> seen;
  kg::run_ordered<size_t>(
      60, o,
      [&](size_t i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));  // slower than the consumer
        std::lock_guard lock(mu);
        ran_on.insert(std::this_thread::get_id());
        if (std::this_thread::get_id() == caller) ++on_caller;
        return i;
      },
      [&](size_t i, size_t& r) {
        CHECK(r == i);
        seen.push_back(i);
      });
  REQUIRE(seen.size() == 60);
  for (size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == i);
  CHECK(ran_on.size() <= 2);  // the caller and one worker
  CHECK(on_caller > 0);       // the consumer had to wait for results, so it ran some itself
}
