# The write-ahead log of the storage engine; included by src/storage/CMakeLists.txt.
# Links: libxxhash (pkg-config `libxxhash`, header <xxhash.h>) besides greptime_types.
set(STORAGE_WAL_SOURCES wal/mutation_codec.cc wal/wal_segment.cc wal/wal.cc)
set(STORAGE_WAL_TESTS wal/mutation_codec_test.cc wal/wal_test.cc)
