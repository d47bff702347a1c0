# The SST file format (writer, reader, encodings) and the primary-key codec; included by
# src/storage/CMakeLists.txt. Links: libzstd (<zstd.h>), liblz4 (<lz4.h>), libxxhash (<xxhash.h>).
set(STORAGE_SST_SOURCES
    pk_codec.cc
    sst/bit_packing.cc
    sst/column_codec.cc
    sst/compression.cc
    sst/float_encoding.cc
    sst/int_encoding.cc
    sst/sst_batch_reader.cc
    sst/sst_format.cc
    sst/sst_reader.cc
    sst/sst_writer.cc
    sst/value_codecs.cc)
set(STORAGE_SST_TESTS
    pk_codec_test.cc
    sst/encoding_test.cc
    sst/sst_test.cc)
