# The exercise/solution mechanism: one call per chapter builds its tests three times.
#
#   workbook_chapter(NUMBER 01 TOPIC goroutines
#                    SOURCES goroutines.cpp          # in chapters/01_goroutines and solutions/01_goroutines
#                    TESTS goroutines_test.cpp       # in tests/01_goroutines
#                    DEMOS spawn_memory.cpp)         # chapter demo programs, one idea each
#
# Variants and their ctest labels (every GoogleTest case is its own ctest test):
#   exercise  - tests against chapters/NN_topic, the learner's working copy   (chNN;exercise)
#   solution  - tests against solutions/NN_topic, the reference              (chNN;solution)
#   stubcheck - tests against the committed, untouched stubs: each must fail  (chNN;stubcheck)
# The stub variant reads WORKBOOK_PRISTINE_DIR (the committed chapters/, exported by
# ./workbook), so a learner's edits never change what the stub check sees. A checkout without
# solutions/ (a student copy) simply builds no solution variant.

set(WORKBOOK_PRISTINE_DIR "" CACHE PATH "Committed copy of chapters/ for the stub check")
set(WORKBOOK_TEST_TIMEOUT 30 CACHE STRING "Seconds before ctest kills one test")

function(_workbook_variant chapter variant source_dir header_dir)
  set(lib ch${chapter}_${variant})
  list(TRANSFORM ARG_SOURCES PREPEND ${source_dir}/ OUTPUT_VARIABLE sources)
  add_library(${lib} STATIC ${sources})
  target_include_directories(${lib} PUBLIC ${header_dir})
  target_link_libraries(${lib} PUBLIC go::toolkit)
  target_compile_features(${lib} PUBLIC cxx_std_20)
  workbook_warnings(${lib})

  set(test ${lib}_test)
  list(TRANSFORM ARG_TESTS PREPEND ${CMAKE_SOURCE_DIR}/tests/${ARG_DIR}/ OUTPUT_VARIABLE tests)
  add_executable(${test} ${tests})
  target_link_libraries(${test} PRIVATE ${lib} go::testing GTest::gtest_main)
  workbook_warnings(${test})
  gtest_discover_tests(${test}
    TEST_PREFIX "ch${chapter}.${variant}."
    PROPERTIES LABELS ${variant} TIMEOUT ${WORKBOOK_TEST_TIMEOUT}
    DISCOVERY_TIMEOUT 30)
endfunction()

function(workbook_chapter)
  cmake_parse_arguments(ARG "" "NUMBER;TOPIC" "SOURCES;TESTS;DEMOS" ${ARGN})
  # The chapter label comes from the directory: gtest_discover_tests (CMake 3.25) splits every
  # ';' in its PROPERTIES, so a test gets only one label (its variant) that way.
  set_property(DIRECTORY APPEND PROPERTY LABELS ch${ARG_NUMBER})
  set(ARG_DIR ${ARG_NUMBER}_${ARG_TOPIC})
  set(chapter_dir ${CMAKE_SOURCE_DIR}/chapters/${ARG_DIR})
  set(solution_dir ${CMAKE_SOURCE_DIR}/solutions/${ARG_DIR})

  _workbook_variant(${ARG_NUMBER} exercise ${chapter_dir} ${chapter_dir})
  if(EXISTS ${solution_dir})
    _workbook_variant(${ARG_NUMBER} solution ${solution_dir} ${chapter_dir})
  endif()
  if(WORKBOOK_PRISTINE_DIR AND EXISTS ${WORKBOOK_PRISTINE_DIR}/${ARG_DIR})
    set(pristine ${WORKBOOK_PRISTINE_DIR}/${ARG_DIR})
    _workbook_variant(${ARG_NUMBER} stubcheck ${pristine} ${pristine})
  endif()

  foreach(demo IN LISTS ARG_DEMOS)
    get_filename_component(name ${demo} NAME_WE)
    set(target ch${ARG_NUMBER}_${name})
    add_executable(${target} ${chapter_dir}/${demo})
    target_link_libraries(${target} PRIVATE go::toolkit)
    workbook_warnings(${target})
    set_property(GLOBAL APPEND PROPERTY WORKBOOK_DEMOS ${target})  # for chapters.demo_traces
  endforeach()
endfunction()
