# Third-party libraries, all from Debian 12 packages (scripts/install-deps.sh installs them).
# Only what the code uses today is looked up; see ../shared/deps.md for how to find the others.
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(Boost 1.81 CONFIG REQUIRED)
find_package(fmt CONFIG REQUIRED)
find_package(spdlog CONFIG REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(tomlplusplus CONFIG REQUIRED)
find_package(nlohmann_json 3.11 CONFIG REQUIRED)

# cctz ships neither a CMake config nor a pkg-config file.
find_path(CCTZ_INCLUDE_DIR cctz/time_zone.h REQUIRED)
find_library(CCTZ_LIBRARY cctz REQUIRED)
add_library(cctz::cctz UNKNOWN IMPORTED)
set_target_properties(cctz::cctz PROPERTIES IMPORTED_LOCATION "${CCTZ_LIBRARY}"
                      INTERFACE_INCLUDE_DIRECTORIES "${CCTZ_INCLUDE_DIR}")

if(GREPTIME_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)
  include(GoogleTest)
  find_program(PYTHON3_DEBIAN /usr/bin/python3 REQUIRED)
endif()

# RE2 (regular expressions of SQL functions and PromQL matchers) via pkg-config.
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)

# zlib: gzip request bodies of the ingestion endpoints.
find_package(ZLIB REQUIRED)
# snappy: Prometheus remote write bodies.
find_package(Snappy CONFIG REQUIRED)
find_package(zstd CONFIG REQUIRED)
find_package(OpenSSL REQUIRED)  # libssl-dev: digests for authentication, TLS
