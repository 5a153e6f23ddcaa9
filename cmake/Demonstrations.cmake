# workbook_demonstrations(): a chapter of demonstrations instead of exercises (chapter 08, the
# guide's interview questions). Nothing in it is for the learner to write, so it has no stubs and
# none of the exercise/solution/stubcheck variants of workbook_chapter (cmake/Exercise.cmake):
# one library of demonstration functions, the tests that prove what they claim, and demo
# programs that call the same functions and print what happened.
#
#   workbook_demonstrations(NUMBER 08 TOPIC interview
#                           SOURCES q01_concurrency_vs_parallelism.cpp ...   # in chapters/08_interview
#                           TESTS fundamentals_test.cpp ...                  # in tests/08_interview
#                           TSAN_TESTS race_test.cpp race_tsan_test.cpp      # the tsan build's tests
#                           DEMOS interview.cpp)
#
# Targets: chNN_TOPIC_demos (the library), chNN_TOPIC_test, and chNN_<demo> per demo program.
# Every GoogleTest case is a ctest test named chNN.TOPIC.<Suite>.<Case>, labelled chNN and TOPIC.
#
# A tsan build compiles only TSAN_TESTS, the tests written to be checked by ThreadSanitizer
# (the others would only take build time: ./workbook test runs these).
function(workbook_demonstrations)
  cmake_parse_arguments(ARG "" "NUMBER;TOPIC" "SOURCES;TESTS;TSAN_TESTS;DEMOS" ${ARGN})
  set_property(DIRECTORY APPEND PROPERTY LABELS ch${ARG_NUMBER})  # see workbook_chapter
  set(chapter_dir ${CMAKE_SOURCE_DIR}/chapters/${ARG_NUMBER}_${ARG_TOPIC})
  set(tests_dir ${CMAKE_SOURCE_DIR}/tests/${ARG_NUMBER}_${ARG_TOPIC})
  set(prefix ch${ARG_NUMBER}_${ARG_TOPIC})

  list(TRANSFORM ARG_SOURCES PREPEND ${chapter_dir}/ OUTPUT_VARIABLE sources)
  add_library(${prefix}_demos STATIC ${sources})
  target_include_directories(${prefix}_demos PUBLIC ${chapter_dir})
  target_link_libraries(${prefix}_demos PUBLIC go::toolkit)
  target_compile_features(${prefix}_demos PUBLIC cxx_std_20)
  workbook_warnings(${prefix}_demos)

  set(test_sources ${ARG_TESTS})
  if(WORKBOOK_SANITIZER STREQUAL "thread")
    set(test_sources ${ARG_TSAN_TESTS})
  endif()
  if(test_sources)
    list(TRANSFORM test_sources PREPEND ${tests_dir}/)
    add_executable(${prefix}_test ${test_sources})
    target_link_libraries(${prefix}_test PRIVATE ${prefix}_demos go::testing GTest::gtest_main)
    workbook_warnings(${prefix}_test)
    gtest_discover_tests(${prefix}_test
      TEST_PREFIX "ch${ARG_NUMBER}.${ARG_TOPIC}."
      PROPERTIES LABELS ${ARG_TOPIC} TIMEOUT ${WORKBOOK_TEST_TIMEOUT}
      DISCOVERY_TIMEOUT 30)
  endif()

  foreach(demo IN LISTS ARG_DEMOS)
    get_filename_component(name ${demo} NAME_WE)
    add_executable(ch${ARG_NUMBER}_${name} ${chapter_dir}/${demo})
    target_link_libraries(ch${ARG_NUMBER}_${name} PRIVATE ${prefix}_demos)
    workbook_warnings(ch${ARG_NUMBER}_${name})
    set_property(GLOBAL APPEND PROPERTY WORKBOOK_DEMOS ch${ARG_NUMBER}_${name})  # for chapters.demo_traces
  endforeach()
endfunction()
