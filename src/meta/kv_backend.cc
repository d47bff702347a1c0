// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Parts of KvBackend shared by every implementation: ranges, comparisons, compare-and-put.
#include "meta/kv_backend.h"

namespace greptime::meta {

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    unsigned char last = static_cast<unsigned char>(end.back());
    if (last != 0xff) {
      end.back() = static_cast<char>(last + 1);
      return end;
    }
    end.pop_back();
  }
  return end;
}

RangeRequest RangeRequest::Prefix(std::string_view prefix, size_t limit) {
  return RangeRequest{std::string(prefix), PrefixEnd(prefix), limit};
}

RangeRequest RangeRequest::Between(std::string_view start, std::string_view end, size_t limit) {
  return RangeRequest{std::string(start), std::string(end), limit};
}

bool TxnCompare::Holds(const std::optional<std::string>& current) const {
  // Absent orders before every present value; present values compare bytewise.
  int cmp;
  if (!current.has_value() || !target.has_value()) {
    cmp = static_cast<int>(current.has_value()) - static_cast<int>(target.has_value());
  } else {
    cmp = current->compare(*target);
  }
  switch (op) {
    case CompareOp::kEqual:
      return cmp == 0;
    case CompareOp::kNotEqual:
      return cmp != 0;
    case CompareOp::kLess:
      return cmp < 0;
    case CompareOp::kGreater:
      return cmp > 0;
  }
  return false;
}

Result<bool> KvBackend::CompareAndPut(std::string_view key,
                                      const std::optional<std::string>& expected,
                                      std::string_view value) {
  TxnRequest txn;
  txn.compare.push_back(TxnCompare{std::string(key), CompareOp::kEqual, expected});
  txn.success.push_back(TxnOp::Put(std::string(key), std::string(value)));
  GT_ASSIGN_OR_RETURN(TxnResponse response, Txn(txn));
  return response.succeeded;
}

Result<uint64_t> KvBackend::DeletePrefix(std::string_view prefix) {
  return DeleteRange(RangeRequest::Prefix(prefix));
}

}  // namespace greptime::meta
