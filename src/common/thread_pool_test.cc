// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "common/thread_pool.h"

#include <atomic>
#include <latch>

#include <gtest/gtest.h>

#include "common/testing.h"

namespace greptime {
namespace {

TEST(ThreadPoolTest, RunsEveryTaskOnWorkerThreads) {
  ThreadPool pool({"test", 2, 0});
  EXPECT_EQ(pool.num_threads(), 2u);
  std::atomic<int> sum{0};
  for (int i = 1; i <= 100; ++i) {
    ASSERT_OK(pool.Submit([&sum, i]() { sum += i; }));
  }
  pool.Stop();
  EXPECT_EQ(sum.load(), 5050);
}

TEST(ThreadPoolTest, AsyncReturnsResult) {
  ThreadPool pool({"test", 1, 0});
  ASSERT_OK_AND_ASSIGN(auto future, pool.Async([]() { return 6 * 7; }));
  EXPECT_EQ(future.get(), 42);
}

TEST(ThreadPoolTest, RejectsWhenQueueIsFull) {
  ThreadPool pool({"test", 1, 1});
  std::latch started(1);
  std::latch release(1);
  ASSERT_OK(pool.Submit([&]() {
    started.count_down();
    release.wait();
  }));
  started.wait();                       // the worker is busy
  ASSERT_OK(pool.Submit([]() {}));      // fills the queue
  ASSERT_STATUS_CODE(pool.Submit([]() {}), StatusCode::kRuntimeResourcesExhausted);
  release.count_down();
  pool.Stop();
}

TEST(ThreadPoolTest, StopDrainsQueueThenRejects) {
  ThreadPool pool({"test", 1, 0});
  std::atomic<int> ran{0};
  for (int i = 0; i < 10; ++i) ASSERT_OK(pool.Submit([&ran]() { ++ran; }));
  pool.Stop();
  EXPECT_EQ(ran.load(), 10);
  ASSERT_STATUS_CODE(pool.Submit([]() {}), StatusCode::kIllegalState);
  pool.Stop();  // idempotent
}

}  // namespace
}  // namespace greptime
