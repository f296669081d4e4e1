// kg::run_ordered: runs work(i) for i = 0..n-1 on `threads` threads and hands each result to consume(i, result) on
// the calling thread in index order — parallel work, one ordered consumer (e.g. many extractors, one database
// writer), so the output does not depend on the number of threads. At most `window` results wait at a time.
// The calling thread is one of the `threads`: it consumes, and while the next result is not ready it runs the next
// unclaimed work item itself. So `threads` threads run at once, one per core, and the consumer is never left
// waiting for a core behind the workers.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace kg {

struct OrderedOptions {
  int threads = 1;       // default 1: everything runs on the calling thread, in order; n: the caller and n - 1 workers
  size_t window = 0;     // default 0: 4 × threads results may wait for the consumer
};

// An exception thrown by work(i) is rethrown from the consumer's side at index i (after results 0..i-1 were
// consumed); an exception thrown by consume stops the workers and is rethrown. Either way all threads are joined.
template <class R, class Work, class Consume>
void run_ordered(size_t n, const OrderedOptions& options, Work&& work, Consume&& consume) {
  if (options.threads <= 1 || n <= 1) {
    for (size_t i = 0; i < n; ++i) {
      R r = work(i);
      consume(i, r);
    }
    return;
  }
  const size_t threads = static_cast<size_t>(options.threads) < n ? static_cast<size_t>(options.threads) : n;
  const size_t window = options.window ? options.window : 4 * threads;
  struct Slot {
    std::optional<R> result;
    std::exception_ptr error;
    bool ready = false;
  };
  std::vector<Slot> ring(window);
  std::mutex mu;
  std::condition_variable cv_work, cv_done;
  size_t next = 0, consumed = 0;
  bool stop = false;

  auto worker = [&] {
    for (;;) {
      size_t i;
      {
        std::unique_lock lock(mu);
        cv_work.wait(lock, [&] { return stop || next >= n || next < consumed + window; });
        if (stop || next >= n) return;
        i = next++;
      }
      Slot s;
      try {
        s.result.emplace(work(i));
      } catch (...) {
        s.error = std::current_exception();
      }
      s.ready = true;
      {
        std::lock_guard lock(mu);
        ring[i % window] = std::move(s);
      }
      cv_done.notify_all();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (size_t t = 0; t + 1 < threads; ++t) pool.emplace_back(worker);
  auto finish = [&] {
    {
      std::lock_guard lock(mu);
      stop = true;
    }
    cv_work.notify_all();
    for (auto& t : pool) t.join();
  };
  try {
    for (size_t i = 0; i < n; ++i) {
      Slot s;
      {
        std::unique_lock lock(mu);
        // Not ready: help with the next unclaimed item (the lock is released while it runs), else wait.
        while (!ring[i % window].ready) {
          if (next < n && next < consumed + window) {
            const size_t j = next++;
            lock.unlock();
            Slot h;
            try {
              h.result.emplace(work(j));
            } catch (...) {
              h.error = std::current_exception();
            }
            h.ready = true;
            lock.lock();
            ring[j % window] = std::move(h);
          } else {
            cv_done.wait(lock);
          }
        }
        s = std::move(ring[i % window]);
        ring[i % window] = Slot();
        consumed = i + 1;
      }
      cv_work.notify_all();
      if (s.error) std::rethrow_exception(s.error);
      consume(i, *s.result);
    }
  } catch (...) {
    finish();
    throw;
  }
  finish();
}

}  // namespace kg
