# git_sha.cmake — run by the build (cmake -P) before the trainer's objects compile, so run.json's
# build.git_sha names the sources the binary was built from, not those of the last configure:
#   cmake -DSRC=<repository> -DOUT=<header> -P git_sha.cmake
# writes  #define SDFC_GIT_SHA "<12-digit revision>[-dirty]"  ("-dirty": the trainer's tracked
# sources — engine/, native/, cmake/, CMakeLists.txt — differ from that revision; "unknown"
# outside a git checkout).
# The header is rewritten only when its text changes, so an unchanged tree recompiles nothing.
execute_process(COMMAND git -C "${SRC}" rev-parse --short=12 HEAD
                OUTPUT_VARIABLE sha OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR sha STREQUAL "")
  set(sha "unknown")
else()
  # only what is compiled into the trainer: records and docs change without changing the binary
  execute_process(COMMAND git -C "${SRC}" diff --quiet HEAD -- engine native cmake CMakeLists.txt
                  RESULT_VARIABLE dirty ERROR_QUIET)
  if(NOT dirty EQUAL 0)
    string(APPEND sha "-dirty")
  endif()
endif()
set(text "#define SDFC_GIT_SHA \"${sha}\"\n")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
