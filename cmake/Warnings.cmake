# workbook_warnings(target): the warning set every target of ours compiles with.
function(workbook_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
  if(WORKBOOK_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
