// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// A fixed-size pool of worker threads with a bounded FIFO queue, for CPU work (queries, flushes,
// compactions) that must never run on network I/O threads.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "common/status.h"

namespace greptime {

class ThreadPool {
 public:
  struct Options {
    std::string name = "pool";
    size_t num_threads = 0;      // 0: std::thread::hardware_concurrency()
    size_t max_queue_size = 0;   // 0: unbounded
  };

  explicit ThreadPool(Options options);
  ~ThreadPool();  // Stop()
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Queues `task`. Fails with kRuntimeResourcesExhausted when the queue is full and with
  // kIllegalState after Stop(). Tasks must not throw; an escaping exception aborts.
  Status Submit(std::function<void()> task);

  // Queues `fn` and returns a future of its result (same errors as Submit).
  template <typename F, typename R = std::invoke_result_t<F>>
  Result<std::future<R>> Async(F fn) {
    auto task = std::make_shared<std::packaged_task<R()>>(std::move(fn));
    std::future<R> future = task->get_future();
    GT_RETURN_IF_ERROR(Submit([task]() { (*task)(); }));
    return future;
  }

  // Stops accepting tasks, runs every queued task, joins the threads. Idempotent.
  void Stop();

  size_t num_threads() const { return threads_.size(); }
  size_t queue_size() const;

 private:
  void WorkerLoop();

  Options options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace greptime
