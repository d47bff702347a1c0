# Helpers for our own targets: warnings as errors, the src/ include root, one test binary per
# component.

# greptime_library(<name> SOURCES ... DEPS ...): library greptime_<name>.
function(greptime_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(greptime_${name} STATIC ${ARG_SOURCES})
  target_include_directories(greptime_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(greptime_${name} PRIVATE -Wall -Wextra -Werror)
  target_link_libraries(greptime_${name} PUBLIC ${ARG_DEPS})
endfunction()

# greptime_test(<name> SOURCES ... DEPS ...): GoogleTest binary <name>, registered with ctest.
function(greptime_test name)
  if(NOT GREPTIME_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE -Wall -Wextra -Werror)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
                       PROPERTIES ENVIRONMENT "TZDIR=/usr/share/zoneinfo" LABELS unit)
endfunction()
