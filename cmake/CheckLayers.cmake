# SPDX-License-Identifier: AGPL-3.0-or-later
# Fails when a file of src/${SUBSYSTEM} includes another subsystem or a
# third-party library that its CMakeLists.txt does not declare.
# Called by sovhub_subsystem() with SUBSYSTEM, ALLOWED_DEPS, ALLOWED_HEADERS, FILES.

cmake_policy(SET CMP0057 NEW)  # if(IN_LIST) in script mode
set(subsystems core letters domain disclosure lp cohort files crypto store journal ingest registry projects releases rights synth producer hub api cli testing)
# Third-party headers that only declared subsystems may include. The standard
# library and gtest/gmock (in _test.cc files) are always allowed, and so is
# nlohmann/ in _test.cc files: data-driven tests read their JSON case files
# with it, which does not make the library under test depend on it.
set(guarded pango/ cairo sqlite3.h libpq-fe.h openssl/ nlohmann/ CLI/ toml++/ fmt/ httplib.h
    sodium.h glpk.h simdjson.h benchmark/)

set(errors "")
foreach(file IN LISTS FILES)
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS lines)
    if(line MATCHES "#[ \t]*include[ \t]*[\"<]([^\">]+)[\">]")
      set(target "${CMAKE_MATCH_1}")
      if(target MATCHES "^([a-z_]+)/")
        set(top "${CMAKE_MATCH_1}")
        if(target MATCHES "^domain/disclosure/")  # a subsystem nested in src/domain
          set(top disclosure)
        endif()
        if(top IN_LIST subsystems AND NOT top STREQUAL SUBSYSTEM
           AND NOT top IN_LIST ALLOWED_DEPS)
          if(NOT (top STREQUAL "testing" AND file MATCHES "_test\\.cc$"))
            list(APPEND errors "${file}: includes ${target}, but src/${SUBSYSTEM} does not depend on ${top}")
          endif()
        endif()
      endif()
      foreach(prefix IN LISTS guarded)
        string(FIND "${target}" "${prefix}" at)
        if(at EQUAL 0)
          set(ok FALSE)
          if(prefix STREQUAL "nlohmann/" AND file MATCHES "_test\\.cc$")
            set(ok TRUE)
          endif()
          foreach(allowed IN LISTS ALLOWED_HEADERS)
            if(allowed STREQUAL prefix)
              set(ok TRUE)
            endif()
          endforeach()
          if(NOT ok)
            list(APPEND errors "${file}: includes <${target}>, which src/${SUBSYSTEM} may not use")
          endif()
        endif()
      endforeach()
    endif()
  endforeach()
endforeach()

if(errors)
  list(JOIN errors "\n  " text)
  message(FATAL_ERROR "layer violation:\n  ${text}")
endif()
