// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "common/thread_pool.h"

#include <pthread.h>

namespace greptime {

ThreadPool::ThreadPool(Options options) : options_(std::move(options)) {
  size_t n = options_.num_threads;
  if (n == 0) n = std::max<size_t>(1, std::thread::hardware_concurrency());
  threads_.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    threads_.emplace_back([this, i]() {
      std::string name = options_.name.substr(0, 11) + "-" + std::to_string(i);
      pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
      WorkerLoop();
    });
  }
}

ThreadPool::~ThreadPool() { Stop(); }

Status ThreadPool::Submit(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return Status::IllegalState("thread pool {} is stopped", options_.name);
    if (options_.max_queue_size != 0 && queue_.size() >= options_.max_queue_size) {
      return Status::RuntimeResourcesExhausted("thread pool {} queue is full ({} tasks)",
                                               options_.name, queue_.size());
    }
    queue_.push_back(std::move(task));
  }
  cv_.notify_one();
  return Status::OK();
}

void ThreadPool::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  }
  threads_.clear();
}

size_t ThreadPool::queue_size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

void ThreadPool::WorkerLoop() {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this]() { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

}  // namespace greptime
