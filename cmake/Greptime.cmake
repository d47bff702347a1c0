# Helpers for our own targets: warnings as errors, the src/ include root, one test binary per
# component.

# g++ 12 reports false -Wrestrict positives inside libstdc++'s std::string at -O2/-O3
# (GCC bug 105329); it stays a warning, not an error.
set(GREPTIME_WARNINGS -Wall -Wextra -Werror)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  list(APPEND GREPTIME_WARNINGS -Wno-error=restrict)
endif()

# greptime_library(<name> SOURCES ... DEPS ...): library greptime_<name>.
function(greptime_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(greptime_${name} STATIC ${ARG_SOURCES})
  target_include_directories(greptime_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(greptime_${name} PRIVATE ${GREPTIME_WARNINGS})
  target_link_libraries(greptime_${name} PUBLIC ${ARG_DEPS})
endfunction()

# greptime_test(<name> SOURCES ... DEPS ...): GoogleTest binary <name>, registered with ctest.
function(greptime_test name)
  if(NOT GREPTIME_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${GREPTIME_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
                       PROPERTIES ENVIRONMENT "TZDIR=/usr/share/zoneinfo" LABELS unit)
endfunction()
