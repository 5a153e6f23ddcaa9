# The reader's sources, listed once for the main build (g++) and the fuzzer's build (clang).
set(CAPSTONE_XLSX_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/cell_text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/error.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/package.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/read_ahead.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/shared_strings.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/sheet_parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/styles.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/xml_parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/zip_archive.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/zip_io.cpp)
