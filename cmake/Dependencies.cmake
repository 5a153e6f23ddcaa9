# Every third-party dependency, found the CMake way. A missing one stops configure with the
# Debian package that provides it (`./workbook setup` installs them all).

function(workbook_require found package_name debian_package)
  if(NOT ${found})
    message(FATAL_ERROR "${package_name} not found: install the Debian package '${debian_package}' "
                        "(or run ./workbook setup)")
  endif()
endfunction()

find_package(Boost 1.81 QUIET COMPONENTS fiber context)
workbook_require(Boost_FOUND "Boost 1.81 (fiber, context)"
                 "libboost-fiber1.81-dev libboost-context1.81-dev")

find_package(GTest QUIET)
workbook_require(GTest_FOUND "GoogleTest" "libgtest-dev libgmock-dev")

find_package(fmt QUIET)
workbook_require(fmt_FOUND "fmt" "libfmt-dev")

find_package(Threads REQUIRED)
