# rocky_library(NAME DEPS <public libs> PRIVATE_DEPS <private libs> TEST_DEPS <extra test libs>)
#
# One static library per folder: every *.cc except *_test.cc. Every *_test.cc of the folder goes
# into one GoogleTest binary `<NAME>_test`, registered with CTest. A library may only use what it
# links, so layering mistakes are link errors (and tests/check_layers.py checks the includes).
# The sources of a GoogleTest binary compile with -Og in Release: their code is assertions and
# fixtures (the code under test is the library's, at -O2), and -Og compiles them ~40 % faster.
function(rocky_test_sources_fast target)
  target_compile_options(${target} PRIVATE $<$<CONFIG:Release>:-Og>)
endfunction()

function(rocky_library name)
  cmake_parse_arguments(ARG "" "" "DEPS;PRIVATE_DEPS;TEST_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  set(tests ${sources})
  list(FILTER sources EXCLUDE REGEX "(_test\\.cc|/main\\.cc)$")
  list(FILTER tests INCLUDE REGEX "_test\\.cc$")
  add_library(rocky_${name} STATIC ${sources})
  target_include_directories(rocky_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(rocky_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  if(tests)
    add_executable(${name}_test ${tests})
    rocky_test_sources_fast(${name}_test)
    target_link_libraries(${name}_test PRIVATE rocky_${name} ${ARG_PRIVATE_DEPS} ${ARG_TEST_DEPS}
                          GTest::gtest GTest::gmock GTest::gtest_main)
    add_test(NAME ${name}_test COMMAND ${name}_test --gtest_brief=1
             WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  endif()
endfunction()
