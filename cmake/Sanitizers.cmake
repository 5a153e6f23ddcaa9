# WORKBOOK_SANITIZER=thread|address instruments every target (the tsan and asan presets set it).
#
# Debian's Boost.Fiber switches stacks with fcontext, which ThreadSanitizer and AddressSanitizer
# cannot follow: a fiber switch looks to them like a jump into another thread's stack. So the
# sanitizer presets are for code on plain threads (chapter 04's races, the capstone's database
# threads); the toolkit's cross-thread correctness is shown by the stress tests in tests/lib.
set(WORKBOOK_SANITIZER "" CACHE STRING "Sanitizer for every target: thread, address or empty")
if(WORKBOOK_SANITIZER)
  add_compile_options(-fsanitize=${WORKBOOK_SANITIZER} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${WORKBOOK_SANITIZER})
  if(WORKBOOK_SANITIZER STREQUAL "thread")
    # GCC warns that TSan ignores std::atomic_thread_fence (used in Boost and libstdc++ headers);
    # a known limitation of the tool, not a finding, so it must not fail a -Werror build.
    add_compile_options(-Wno-tsan)
  endif()
endif()
