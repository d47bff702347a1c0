# Memtables and the readers over Batches (merge, dedup, filter, Batch -> RecordBatch).
# Paths are relative to src/storage; included by src/storage/CMakeLists.txt.
set(STORAGE_MEMTABLE_SOURCES
  batch.cc
  memtable/append_memtable.cc
  memtable/row_key_encoder.cc
  memtable/time_series_memtable.cc
  read/batch_to_record_batch.cc
  read/column_ops.cc
  read/dedup_reader.cc
  read/filter_reader.cc
  read/merge_reader.cc
)

set(STORAGE_MEMTABLE_TESTS
  memtable/memtable_test.cc
  memtable/time_series_memtable_test.cc
  read/batch_to_record_batch_test.cc
  read/column_buffer_test.cc
  read/dedup_reader_test.cc
  read/merge_reader_test.cc
)
