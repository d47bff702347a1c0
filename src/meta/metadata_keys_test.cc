// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "meta/metadata_keys.h"

#include <gtest/gtest.h>

namespace greptime::meta {
namespace {

TEST(MetadataKeysTest, SpellKeysAsGreptimeDb) {
  EXPECT_EQ(CatalogNameKey("greptime"), "__catalog_name/greptime");
  EXPECT_EQ(SchemaNameKey("greptime", "public"), "__schema_name/greptime/public");
  EXPECT_EQ(TableNameKey("greptime", "public", "cpu"), "__table_name/greptime/public/cpu");
  EXPECT_EQ(TableNameRangePrefix("greptime", "public"), "__table_name/greptime/public/");
  EXPECT_EQ(TableInfoKey(1024), "__table_info/1024");
  EXPECT_EQ(TableRouteKey(1024), "__table_route/1024");
  EXPECT_EQ(DatanodeTableKey(0, 1024), "__dn_table/0/1024");
  EXPECT_EQ(SchemaNameRangePrefix("greptime"), "__schema_name/greptime/");
}

TEST(MetadataKeysTest, KeySuffixStripsOnlyAMatchingPrefix) {
  EXPECT_EQ(KeySuffix("__table_name/greptime/public/cpu", "__table_name/greptime/public/"), "cpu");
  EXPECT_EQ(KeySuffix("__table_info/1", "__table_name/"), "");
}

}  // namespace
}  // namespace greptime::meta
