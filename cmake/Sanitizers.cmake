# WORKBOOK_SANITIZER=thread|address instruments every target (the tsan and asan presets set it).
#
# Debian's Boost.Fiber switches stacks with fcontext, which has no sanitizer hooks: a fiber switch
# looks like a jump into another thread's stack. With thread, the toolkit tells ThreadSanitizer
# about each switch itself (GO_TSAN_FIBERS, lib/src/tsan_fibers.hpp), so fibers are checked too.
# AddressSanitizer gets no such help: the asan preset is for code on plain threads.
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
