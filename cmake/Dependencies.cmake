# Every third-party dependency, found the CMake way. A missing one stops configure with the
# Debian package that provides it (`./workbook setup` installs them all).

function(workbook_require found package_name debian_package)
  if(NOT ${found})
    message(FATAL_ERROR "${package_name} not found: install the Debian package '${debian_package}' "
                        "(or run ./workbook setup)")
  endif()
endfunction()

# Boost.Fiber and Boost.Context as Debian's shared libraries. Linked statically (the -dev
# packages ship the .a files), every read of Boost's thread-local active context would be one
# %fs-relative load instead of a call to __tls_get_addr (a ping-pong round trip: 10% fewer
# instructions). Not yet: that build first exposed a use after return in chapter 06's
# blocking_reads demo (fixed), then failed the importer's timing-dependent
# ImportMethodTest.AStopLeavesExactlyTheCountedRowsAndNoHalfBatch/pipeline once (a stop that
# came after every row was read still reported the import as interrupted); that edge case
# comes first (docs/performance.md, "The current record").
find_package(Boost 1.81 QUIET COMPONENTS fiber context)
workbook_require(Boost_FOUND "Boost 1.81 (fiber, context)"
                 "libboost-fiber1.81-dev libboost-context1.81-dev")

find_package(GTest QUIET)
workbook_require(GTest_FOUND "GoogleTest" "libgtest-dev libgmock-dev")

find_package(fmt QUIET)
workbook_require(fmt_FOUND "fmt" "libfmt-dev")

find_package(Threads REQUIRED)

# The capstone: minizip and expat for the streaming xlsx reader, libxlsxwriter for the sample
# generator, CLI11 for the importer's command line.
find_package(PkgConfig QUIET)
workbook_require(PKG_CONFIG_FOUND "pkg-config" "pkg-config")
pkg_check_modules(MINIZIP QUIET IMPORTED_TARGET minizip)
workbook_require(MINIZIP_FOUND "minizip" "libminizip-dev")
find_package(ZLIB QUIET)
workbook_require(ZLIB_FOUND "zlib" "zlib1g-dev")
pkg_check_modules(EXPAT QUIET IMPORTED_TARGET expat>=2.4)
workbook_require(EXPAT_FOUND "expat 2.4 or newer" "libexpat1-dev")
pkg_check_modules(XLSXWRITER QUIET IMPORTED_TARGET xlsxwriter)
workbook_require(XLSXWRITER_FOUND "libxlsxwriter" "libxlsxwriter-dev")
find_package(CLI11 QUIET CONFIG)
workbook_require(CLI11_FOUND "CLI11" "libcli11-dev")

# The importer's database side: libpqxx 6.4 over libpq, nlohmann/json for --json and HTTP.
pkg_check_modules(LIBPQXX QUIET IMPORTED_TARGET libpqxx)
workbook_require(LIBPQXX_FOUND "libpqxx" "libpqxx-dev")
pkg_check_modules(LIBPQ QUIET IMPORTED_TARGET libpq)
workbook_require(LIBPQ_FOUND "libpq" "libpq-dev")
find_package(nlohmann_json 3 QUIET)
workbook_require(nlohmann_json_FOUND "nlohmann/json" "nlohmann-json3-dev")
# `importer serve`: cpp-httplib, which Debian builds as a shared library and describes in a .pc.
pkg_check_modules(HTTPLIB QUIET IMPORTED_TARGET cpp-httplib)
workbook_require(HTTPLIB_FOUND "cpp-httplib" "libcpp-httplib-dev")
