// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The local WAL: append/replay across reopen, segment rolling, purge, torn tails and corrupt
// records, group commit under concurrency, and surviving kill -9.
#include "storage/wal/wal.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "common/logging.h"
#include "common/testing.h"
#include "storage/wal/wal_segment.h"

namespace greptime::storage {
namespace {

namespace fs = std::filesystem;

const RegionId kRegionA(1024, 0);
const RegionId kRegionB(1024, 1);

// A payload that names its entry, of a length that varies with it.
std::string Payload(RegionId region, uint64_t id) {
  std::string s = fmt::format("r{}-e{}:", region.value(), id);
  s.append(id * 7 % 150, static_cast<char>('a' + id % 26));
  return s;
}

WalEntry Entry(RegionId region, uint64_t id) { return {region, id, Payload(region, id)}; }

std::vector<std::pair<uint64_t, std::string>> ReplayAll(Wal& wal, RegionId region,
                                                        uint64_t after = 0) {
  std::vector<std::pair<uint64_t, std::string>> out;
  Status status = wal.Replay(region, after, [&](const WalEntry& e) {
    EXPECT_EQ(e.region_id, region);
    out.emplace_back(e.entry_id, e.payload);
    return Status::OK();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out;
}

// Expects exactly entries (after, last] of `region` with their payloads, in order.
void ExpectEntries(Wal& wal, RegionId region, uint64_t after, uint64_t last) {
  auto got = ReplayAll(wal, region, after);
  ASSERT_EQ(got.size(), last > after ? last - after : 0) << "region " << region.ToString();
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].first, after + 1 + i);
    ASSERT_EQ(got[i].second, Payload(region, after + 1 + i));
  }
}

std::vector<std::string> SegmentFiles(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (wal_internal::ParseSegmentFileName(name)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

class WalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "wal_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    dir_ = root_ + "/wal";
  }
  void TearDown() override { fs::remove_all(root_); }

  WalOptions Options(uint64_t file_size = 1 << 20, bool sync_write = false) const {
    WalOptions o;
    o.dir = dir_;
    o.file_size = file_size;
    o.sync_write = sync_write;
    o.sync_period = std::chrono::milliseconds(20);
    return o;
  }

  std::unique_ptr<Wal> MustOpen(WalOptions options) {
    auto wal = Wal::Open(std::move(options));
    EXPECT_TRUE(wal.ok()) << wal.status().ToString();
    return wal.ok() ? std::move(*wal) : nullptr;
  }

  std::string LastSegmentPath() const { return dir_ + "/" + SegmentFiles(dir_).back(); }

  std::string root_;
  std::string dir_;
};

TEST_F(WalTest, CreatesFirstSegmentInEmptyDirectory) {
  auto wal = MustOpen(Options());
  ASSERT_NE(wal, nullptr);
  EXPECT_EQ(SegmentFiles(dir_), std::vector<std::string>{"00000000000000000000.wal"});
  WalStats stats = wal->Stats();
  ASSERT_EQ(stats.segments.size(), 1u);
  EXPECT_EQ(stats.segments[0].size_bytes, wal_internal::kSegmentHeaderSize);
  EXPECT_FALSE(wal->LastEntryId(kRegionA).has_value());
}

TEST_F(WalTest, AppendsAndReplaysAcrossReopen) {
  {
    auto wal = MustOpen(Options());
    for (uint64_t id = 1; id <= 20; ++id) {
      ASSERT_OK(wal->Append({Entry(kRegionA, id), Entry(kRegionB, id * 2)}));
    }
    ExpectEntries(*wal, kRegionA, 0, 20);
    EXPECT_EQ(wal->LastEntryId(kRegionB), 40u);
  }
  auto wal = MustOpen(Options());
  ExpectEntries(*wal, kRegionA, 0, 20);
  auto b = ReplayAll(*wal, kRegionB);
  ASSERT_EQ(b.size(), 20u);
  for (size_t i = 0; i < b.size(); ++i) EXPECT_EQ(b[i].first, 2 * (i + 1));
  EXPECT_EQ(wal->LastEntryId(kRegionA), 20u);
  EXPECT_EQ(wal->LastEntryId(kRegionB), 40u);
  EXPECT_EQ(wal->Stats().next_seq, 40u);
  // Appending continues after the recovered state.
  ASSERT_OK(wal->Append({Entry(kRegionA, 21)}));
  ExpectEntries(*wal, kRegionA, 0, 21);
}

TEST_F(WalTest, ReplaysOnlyEntriesAfterTheGivenId) {
  auto wal = MustOpen(Options(4096));
  for (uint64_t id = 1; id <= 100; ++id) ASSERT_OK(wal->Append({Entry(kRegionA, id)}));
  ExpectEntries(*wal, kRegionA, 0, 100);
  ExpectEntries(*wal, kRegionA, 37, 100);
  ExpectEntries(*wal, kRegionA, 99, 100);
  ExpectEntries(*wal, kRegionA, 100, 100);
  ExpectEntries(*wal, kRegionA, 5000, 5000);
  EXPECT_TRUE(ReplayAll(*wal, RegionId(7, 7)).empty());
}

TEST_F(WalTest, RejectsNonIncreasingEntryIds) {
  auto wal = MustOpen(Options());
  ASSERT_OK(wal->Append({Entry(kRegionA, 5)}));
  ASSERT_STATUS_CODE(wal->Append({Entry(kRegionA, 5)}), StatusCode::kIllegalState);
  ASSERT_STATUS_CODE(wal->Append({Entry(kRegionA, 3)}), StatusCode::kIllegalState);
  // All or nothing: the valid entry of a rejected call is not written.
  ASSERT_STATUS_CODE(wal->Append({Entry(kRegionB, 1), Entry(kRegionA, 7), Entry(kRegionA, 6)}),
                     StatusCode::kIllegalState);
  EXPECT_FALSE(wal->LastEntryId(kRegionB).has_value());
  EXPECT_TRUE(ReplayAll(*wal, kRegionB).empty());
  ASSERT_OK(wal->Append({Entry(kRegionA, 6), Entry(kRegionB, 1)}));
  EXPECT_EQ(wal->LastEntryId(kRegionA), 6u);
  EXPECT_OK(wal->Append({}));
}

TEST_F(WalTest, RollsSegmentsAtFileSize) {
  const uint64_t kFileSize = 4096;
  {
    auto wal = MustOpen(Options(kFileSize));
    for (uint64_t id = 1; id <= 200; ++id) {
      ASSERT_OK(wal->Append({Entry(kRegionA, id), Entry(kRegionB, id)}));
    }
    WalStats stats = wal->Stats();
    ASSERT_GT(stats.segments.size(), 5u);
    uint64_t seq = 0;
    for (const WalSegmentStats& s : stats.segments) {
      EXPECT_LE(s.size_bytes, kFileSize) << s.path;
      EXPECT_EQ(s.first_seq, seq) << s.path;
      EXPECT_EQ(fs::path(s.path).filename().string(), fmt::format("{:020}.wal", s.first_seq));
      EXPECT_EQ(fs::file_size(s.path), s.size_bytes);
      seq += s.num_entries;
    }
    EXPECT_EQ(seq, 400u);
  }
  auto wal = MustOpen(Options(kFileSize));
  ExpectEntries(*wal, kRegionA, 0, 200);
  ExpectEntries(*wal, kRegionB, 150, 200);
}

TEST_F(WalTest, WritesAnEntryLargerThanASegment) {
  auto wal = MustOpen(Options(4096));
  ASSERT_OK(wal->Append({Entry(kRegionA, 1)}));
  WalEntry big{kRegionA, 2, std::string(20000, 'z')};
  ASSERT_OK(wal->Append({big}));
  ASSERT_OK(wal->Append({Entry(kRegionA, 3)}));
  wal->Close();
  wal = MustOpen(Options(4096));
  auto got = ReplayAll(*wal, kRegionA);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[1].second, big.payload);
  EXPECT_EQ(wal->Stats().segments.size(), 3u);
}

TEST_F(WalTest, PurgesSegmentsOnceEveryRegionMarkedThemObsolete) {
  auto wal = MustOpen(Options(4096));
  for (uint64_t id = 1; id <= 150; ++id) {
    ASSERT_OK(wal->Append({Entry(kRegionA, id), Entry(kRegionB, id)}));
  }
  size_t before = SegmentFiles(dir_).size();
  ASSERT_GT(before, 5u);
  // Region B still needs every segment.
  ASSERT_OK(wal->MarkObsolete(kRegionA, 150));
  EXPECT_EQ(SegmentFiles(dir_).size(), before);
  // Half of B flushed: the segments holding only entries <= 75 of both go.
  ASSERT_OK(wal->MarkObsolete(kRegionB, 75));
  WalStats stats = wal->Stats();
  EXPECT_LT(stats.segments.size(), before);
  EXPECT_GT(stats.purged_segments, 0u);
  EXPECT_EQ(SegmentFiles(dir_).size(), stats.segments.size());
  EXPECT_EQ(stats.regions.at(kRegionB).obsolete_entry_id, 75u);
  ExpectEntries(*wal, kRegionB, 75, 150);
  // The mark never goes back.
  ASSERT_OK(wal->MarkObsolete(kRegionB, 10));
  EXPECT_EQ(wal->Stats().regions.at(kRegionB).obsolete_entry_id, 75u);
  // Everything flushed: only the active segment stays.
  ASSERT_OK(wal->MarkObsolete(kRegionB, 150));
  EXPECT_EQ(SegmentFiles(dir_).size(), 1u);
  EXPECT_EQ(SegmentFiles(dir_).back(), fs::path(wal->Stats().segments.back().path).filename());
  // The WAL keeps working and reopens with what is left.
  ASSERT_OK(wal->Append({Entry(kRegionA, 151)}));
  wal->Close();
  wal = MustOpen(Options(4096));
  ExpectEntries(*wal, kRegionA, 150, 151);
}

TEST_F(WalTest, ForgetRegionMakesItsEntriesObsolete) {
  auto wal = MustOpen(Options(4096));
  for (uint64_t id = 1; id <= 100; ++id) {
    ASSERT_OK(wal->Append({Entry(kRegionA, id), Entry(kRegionB, id)}));
  }
  ASSERT_OK(wal->MarkObsolete(kRegionA, 100));
  ASSERT_GT(SegmentFiles(dir_).size(), 2u);
  wal->ForgetRegion(kRegionB);
  EXPECT_EQ(SegmentFiles(dir_).size(), 1u);
  EXPECT_FALSE(wal->LastEntryId(kRegionB).has_value());
  EXPECT_TRUE(ReplayAll(*wal, kRegionB).empty());
  EXPECT_EQ(wal->Stats().regions.count(kRegionB), 0u);
}

// Builds a WAL with one entry per Append and returns the end offset of every record in the
// last segment (the first value is the segment header's end).
std::vector<uint64_t> AppendAndTrackOffsets(Wal& wal, RegionId region, uint64_t count) {
  std::vector<uint64_t> ends = {wal.Stats().segments.back().size_bytes};
  for (uint64_t id = 1; id <= count; ++id) {
    EXPECT_OK(wal.Append({Entry(region, id)}));
    ends.push_back(wal.Stats().segments.back().size_bytes);
  }
  return ends;
}

TEST_F(WalTest, TruncatesTornTailAtRandomOffsets) {
  std::vector<uint64_t> ends;
  {
    auto wal = MustOpen(Options());
    ends = AppendAndTrackOffsets(*wal, kRegionA, 40);
  }
  std::string original = dir_ + "_orig";
  fs::rename(dir_, original);
  std::mt19937_64 rng(99);
  std::vector<uint64_t> cuts = {0, 5, ends[0], ends[0] + 1, ends[1] - 1, ends[1], ends.back() - 1};
  for (int i = 0; i < 25; ++i) cuts.push_back(rng() % ends.back());
  for (uint64_t cut : cuts) {
    SCOPED_TRACE(testing::Message() << "cut at " << cut);
    fs::remove_all(dir_);
    fs::copy(original, dir_);
    std::string path = LastSegmentPath();
    fs::resize_file(path, cut);
    // Complete records before the tear survive, nothing after it does.
    uint64_t complete = 0;
    while (complete + 1 < ends.size() && ends[complete + 1] <= cut) ++complete;
    auto wal = MustOpen(Options());
    ASSERT_NE(wal, nullptr);
    ExpectEntries(*wal, kRegionA, 0, complete);
    uint64_t valid_size = std::max<uint64_t>(ends[complete], wal_internal::kSegmentHeaderSize);
    EXPECT_EQ(fs::file_size(path), valid_size);
    // The log goes on from there, and a second reopen finds no corruption.
    ASSERT_OK(wal->Append({Entry(kRegionA, complete + 1)}));
    wal->Close();
    wal = MustOpen(Options());
    ASSERT_NE(wal, nullptr);
    ExpectEntries(*wal, kRegionA, 0, complete + 1);
  }
}

TEST_F(WalTest, TruncatesGarbageAppendedToTheLastSegment) {
  std::vector<uint64_t> ends;
  {
    auto wal = MustOpen(Options());
    ends = AppendAndTrackOffsets(*wal, kRegionA, 10);
  }
  std::mt19937 rng(5);
  for (int round = 0; round < 6; ++round) {
    std::string garbage(1 + rng() % 5000, '\0');
    if (round % 2 == 1) {
      for (char& c : garbage) c = static_cast<char>(rng());
    }
    if (round == 4) {
      // A plausible header: right magic, a length inside the file, wrong checksum.
      std::string record;
      wal_internal::AppendEntryRecord(record, kRegionA, 11, "tail");
      record[0] ^= 1;
      garbage = record + garbage;
    }
    std::ofstream(LastSegmentPath(), std::ios::app | std::ios::binary) << garbage;
    auto wal = MustOpen(Options());
    ASSERT_NE(wal, nullptr);
    ExpectEntries(*wal, kRegionA, 0, 10);
    EXPECT_EQ(fs::file_size(LastSegmentPath()), ends.back()) << "round " << round;
  }
}

TEST_F(WalTest, LogsTheTruncatedFileAndOffset) {
  std::vector<uint64_t> ends;
  {
    auto wal = MustOpen(Options());
    ends = AppendAndTrackOffsets(*wal, kRegionA, 3);
  }
  fs::resize_file(LastSegmentPath(), ends.back() - 3);
  testing::internal::CaptureStdout();
  auto wal = MustOpen(Options());
  FlushLogs();
  std::string log = testing::internal::GetCapturedStdout();
  EXPECT_NE(log.find("torn tail of " + LastSegmentPath() + " at offset " +
                     std::to_string(ends[2])),
            std::string::npos)
      << log;
}

TEST_F(WalTest, RewritesATornSegmentHeader) {
  {
    auto wal = MustOpen(Options(4096));
    for (uint64_t id = 1; id <= 60; ++id) ASSERT_OK(wal->Append({Entry(kRegionA, id)}));
  }
  // A crash right after creating the next segment: only part of its header made it.
  std::string path = dir_ + "/" + wal_internal::SegmentFileName(60);
  std::string header;
  wal_internal::AppendSegmentHeader(header, 60);
  std::ofstream(path, std::ios::binary) << header.substr(0, 11);
  auto wal = MustOpen(Options(4096));
  ASSERT_NE(wal, nullptr);
  EXPECT_EQ(fs::file_size(path), wal_internal::kSegmentHeaderSize);
  ExpectEntries(*wal, kRegionA, 0, 60);
  ASSERT_OK(wal->Append({Entry(kRegionA, 61)}));
  EXPECT_EQ(wal->Stats().segments.back().path, path);
}

TEST_F(WalTest, CorruptRecordFollowedByDataIsAnErrorNamingTheFile) {
  std::vector<uint64_t> ends;
  {
    auto wal = MustOpen(Options());
    ends = AppendAndTrackOffsets(*wal, kRegionA, 5);
  }
  std::string path = LastSegmentPath();
  for (uint64_t at : {ends[1] + 20, ends[1] + 8, ends[1]}) {  // body, length, checksum
    SCOPED_TRACE(at);
    {
      std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(static_cast<std::streamoff>(at));
      f.put('\x7f');
    }
    auto wal = Wal::Open(Options());
    ASSERT_FALSE(wal.ok());
    EXPECT_EQ(wal.status().code(), StatusCode::kStorageUnavailable);
    EXPECT_NE(wal.status().message().find(path), std::string::npos) << wal.status().ToString();
    EXPECT_NE(wal.status().message().find("offset " + std::to_string(ends[1])),
              std::string::npos)
        << wal.status().ToString();
    // The file was left alone.
    EXPECT_EQ(fs::file_size(path), ends.back());
  }
}

TEST_F(WalTest, DamageInAnOlderSegmentIsAnError) {
  {
    auto wal = MustOpen(Options(4096));
    for (uint64_t id = 1; id <= 150; ++id) ASSERT_OK(wal->Append({Entry(kRegionA, id)}));
  }
  std::vector<std::string> files = SegmentFiles(dir_);
  ASSERT_GT(files.size(), 2u);
  // Even a torn end is corruption when a later segment exists.
  std::string first = dir_ + "/" + files[0];
  fs::resize_file(first, fs::file_size(first) - 3);
  auto wal = Wal::Open(Options(4096));
  ASSERT_STATUS_CODE(wal, StatusCode::kStorageUnavailable);
  EXPECT_NE(wal.status().message().find(first), std::string::npos) << wal.status().ToString();
}

TEST_F(WalTest, ReplayDetectsCorruptionAfterOpen) {
  auto wal = MustOpen(Options());
  std::vector<uint64_t> ends = AppendAndTrackOffsets(*wal, kRegionA, 4);
  {
    std::fstream f(LastSegmentPath(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(ends[2] + 30));
    f.put('!');
  }
  Status status = wal->Replay(kRegionA, 0, [](const WalEntry&) { return Status::OK(); });
  ASSERT_EQ(status.code(), StatusCode::kStorageUnavailable);
  EXPECT_NE(status.message().find(LastSegmentPath()), std::string::npos) << status.ToString();
}

TEST_F(WalTest, ReplayStopsAtTheCallbacksError) {
  auto wal = MustOpen(Options());
  for (uint64_t id = 1; id <= 5; ++id) ASSERT_OK(wal->Append({Entry(kRegionA, id)}));
  int calls = 0;
  Status status = wal->Replay(kRegionA, 0, [&](const WalEntry& e) {
    ++calls;
    return e.entry_id == 3 ? Status::Cancelled("stop at {}", e.entry_id) : Status::OK();
  });
  EXPECT_EQ(status.code(), StatusCode::kCancelled);
  EXPECT_EQ(calls, 3);
}

class WalConcurrencyTest : public WalTest, public ::testing::WithParamInterface<bool> {};

TEST_P(WalConcurrencyTest, ConcurrentAppendsKeepEveryEntryInRegionOrder) {
  const bool sync_write = GetParam();
  const int kThreads = 8;
  const uint64_t kAppends = sync_write ? 60 : 250;
  {
    auto wal = MustOpen(Options(64 << 10, sync_write));
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        RegionId mine(2000, t);
        RegionId second(3000, t);
        for (uint64_t id = 1; id <= kAppends; ++id) {
          std::vector<WalEntry> entries = {Entry(mine, id)};
          if (id % 3 == 0) entries.push_back(Entry(second, id / 3));
          if (!wal->Append(std::move(entries)).ok()) ++failures;
        }
      });
    }
    for (auto& th : threads) th.join();
    ASSERT_EQ(failures.load(), 0);
    WalStats stats = wal->Stats();
    EXPECT_EQ(stats.appends, kThreads * kAppends);
    EXPECT_LE(stats.group_commits, stats.appends);
    for (int t = 0; t < kThreads; ++t) ExpectEntries(*wal, RegionId(2000, t), 0, kAppends);
  }
  auto wal = MustOpen(Options(64 << 10, sync_write));
  for (int t = 0; t < kThreads; ++t) {
    ExpectEntries(*wal, RegionId(2000, t), 0, kAppends);
    ExpectEntries(*wal, RegionId(3000, t), 0, kAppends / 3);
  }
}

INSTANTIATE_TEST_SUITE_P(SyncWrite, WalConcurrencyTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "On" : "Off"; });

TEST_F(WalTest, GroupCommitWritesQueuedAppendsTogether) {
  const int kThreads = 8;
  std::unique_ptr<Wal> wal;
  std::atomic<bool> first{true};
  WalOptions options = Options(1 << 20, /*sync_write=*/true);
  // The first leader holds its write until every other caller has queued behind it.
  options.before_group_write = [&] {
    if (!first.exchange(false)) return;
    while (wal->Stats().queued_appends < kThreads) std::this_thread::yield();
  };
  wal = MustOpen(options);
  std::vector<std::thread> threads;
  threads.emplace_back([&] { EXPECT_OK(wal->Append({Entry(RegionId(1, 0), 1)})); });
  while (wal->Stats().queued_appends < 1) std::this_thread::yield();
  for (int t = 1; t < kThreads; ++t) {
    threads.emplace_back([&, t] { EXPECT_OK(wal->Append({Entry(RegionId(1, t), 1)})); });
  }
  for (auto& th : threads) th.join();
  WalStats stats = wal->Stats();
  EXPECT_EQ(stats.appends, 8u);
  EXPECT_EQ(stats.group_commits, 2u);  // the first leader alone, then the 7 queued together
  for (int t = 0; t < kThreads; ++t) ExpectEntries(*wal, RegionId(1, t), 0, 1);
}

TEST_F(WalTest, AcknowledgedAppendsSurviveKill9) {
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // Child: no sync_write and a long sync period, so nothing is fsynced before the kill.
    WalOptions options = Options();
    options.sync_period = std::chrono::hours(1);
    auto wal = Wal::Open(options);
    if (!wal.ok()) ::_exit(2);
    for (uint64_t id = 1; id <= 50; ++id) {
      if (!(*wal)->Append({Entry(kRegionA, id)}).ok()) ::_exit(3);
    }
    ::kill(::getpid(), SIGKILL);
    ::_exit(4);
  }
  int wstatus = 0;
  ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL) << wstatus;
  auto wal = MustOpen(Options());
  ASSERT_NE(wal, nullptr);
  ExpectEntries(*wal, kRegionA, 0, 50);
}

TEST_F(WalTest, SyncsInTheBackgroundWithoutSyncWrite) {
  auto wal = MustOpen(Options());  // sync_period 20ms
  EXPECT_EQ(wal->Stats().syncs, 0u);
  ASSERT_OK(wal->Append({Entry(kRegionA, 1)}));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (wal->Stats().syncs == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(wal->Stats().syncs, 1u);
  ASSERT_OK(wal->Sync());
  EXPECT_EQ(wal->Stats().syncs, 2u);
}

TEST_F(WalTest, SyncsEveryGroupWithSyncWrite) {
  auto wal = MustOpen(Options(1 << 20, /*sync_write=*/true));
  for (uint64_t id = 1; id <= 5; ++id) ASSERT_OK(wal->Append({Entry(kRegionA, id)}));
  EXPECT_EQ(wal->Stats().syncs, 5u);
  wal->Close();
  wal = MustOpen(Options(1 << 20, true));
  ExpectEntries(*wal, kRegionA, 0, 5);
}

TEST_F(WalTest, LocksTheDirectory) {
  auto wal = MustOpen(Options());
  ASSERT_STATUS_CODE(Wal::Open(Options()), StatusCode::kIllegalState);
  wal->Close();
  wal->Close();  // idempotent
  ASSERT_STATUS_CODE(wal->Append({Entry(kRegionA, 1)}), StatusCode::kIllegalState);
  ASSERT_STATUS_CODE(wal->Sync(), StatusCode::kIllegalState);
  auto again = MustOpen(Options());
  EXPECT_NE(again, nullptr);
}

TEST_F(WalTest, RejectsBadOptions) {
  WalOptions no_dir;
  ASSERT_STATUS_CODE(Wal::Open(no_dir), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(Wal::Open(Options(100)), StatusCode::kInvalidArguments);
  WalOptions no_period = Options();
  no_period.sync_period = std::chrono::nanoseconds(0);
  ASSERT_STATUS_CODE(Wal::Open(no_period), StatusCode::kInvalidArguments);
}

TEST_F(WalTest, IgnoresForeignFilesAndRejectsForeignSegments) {
  fs::create_directories(dir_);
  std::ofstream(dir_ + "/README") << "not a segment";
  std::ofstream(dir_ + "/12.wal") << "short name, ignored";
  {
    auto wal = MustOpen(Options());
    ASSERT_OK(wal->Append({Entry(kRegionA, 1)}));
  }
  auto wal = MustOpen(Options());
  ExpectEntries(*wal, kRegionA, 0, 1);
  wal->Close();
  // A file with a segment name but another's header is not silently reused.
  std::ofstream(dir_ + "/" + wal_internal::SegmentFileName(0), std::ios::binary)
      << std::string(64, 'x');
  ASSERT_STATUS_CODE(Wal::Open(Options()), StatusCode::kStorageUnavailable);
}

TEST(WalSegmentTest, ParsesSegmentFileNames) {
  EXPECT_EQ(wal_internal::SegmentFileName(42), "00000000000000000042.wal");
  EXPECT_EQ(wal_internal::ParseSegmentFileName("00000000000000000042.wal"), 42u);
  EXPECT_EQ(wal_internal::ParseSegmentFileName("18446744073709551615.wal"), UINT64_MAX);
  EXPECT_FALSE(wal_internal::ParseSegmentFileName("99999999999999999999.wal"));
  EXPECT_FALSE(wal_internal::ParseSegmentFileName("0000000000000000004x.wal"));
  EXPECT_FALSE(wal_internal::ParseSegmentFileName("00000000000000000042.log"));
  EXPECT_FALSE(wal_internal::ParseSegmentFileName("42.wal"));
}

}  // namespace
}  // namespace greptime::storage
