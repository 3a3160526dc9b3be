# SPDX-License-Identifier: AGPL-3.0-or-later
#
# sovhub_subsystem(<name>
#   SOURCES <.cc files>        the library's sources
#   DEPS    <subsystems>       other src/ folders it may include and link
#   LIBS    <targets>          third-party targets it links
#   HEADERS <prefixes>         third-party header prefixes it may include
#   TESTS   <_test.cc files>)  unit tests beside the code (GoogleTest)
#
# Makes the static library sovhub_<name> and a build step that fails when a
# file of the folder includes a subsystem or a third-party header it has not
# declared: dependencies point inward, and the build says so.
function(sovhub_subsystem name)
  cmake_parse_arguments(S "" "" "SOURCES;DEPS;LIBS;HEADERS;TESTS" ${ARGN})
  if(S_SOURCES)
    add_library(sovhub_${name} STATIC ${S_SOURCES})
    set(scope PUBLIC)
  else()
    add_library(sovhub_${name} INTERFACE)
    set(scope INTERFACE)
  endif()
  target_include_directories(sovhub_${name} ${scope} ${SOVHUB_SOURCE_DIR}/src)
  foreach(dep IN LISTS S_DEPS)
    target_link_libraries(sovhub_${name} ${scope} sovhub_${dep})
  endforeach()
  if(S_LIBS)
    target_link_libraries(sovhub_${name} ${scope} ${S_LIBS})
  endif()

  file(GLOB checked CONFIGURE_DEPENDS
       ${CMAKE_CURRENT_SOURCE_DIR}/*.h ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${name}.layers.stamp)
  add_custom_command(
    OUTPUT ${stamp}
    COMMAND ${CMAKE_COMMAND} "-DSUBSYSTEM=${name}" "-DALLOWED_DEPS=${S_DEPS}"
            "-DALLOWED_HEADERS=${S_HEADERS}" "-DFILES=${checked}"
            -P ${SOVHUB_SOURCE_DIR}/cmake/CheckLayers.cmake
    COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
    DEPENDS ${checked} ${SOVHUB_SOURCE_DIR}/cmake/CheckLayers.cmake
    COMMENT "Checking the includes of src/${name}"
    VERBATIM)
  add_custom_target(sovhub_${name}_layers DEPENDS ${stamp})
  add_dependencies(sovhub_${name} sovhub_${name}_layers)

  if(S_TESTS AND SOVHUB_TESTS)
    add_executable(sovhub_${name}_test ${S_TESTS})
    target_link_libraries(sovhub_${name}_test PRIVATE sovhub_${name}
                          sovhub_testing GTest::gtest GTest::gmock GTest::gtest_main)
    gtest_discover_tests(sovhub_${name}_test
      DISCOVERY_MODE PRE_TEST
      TEST_PREFIX "${name}."
      PROPERTIES ENVIRONMENT "SOVHUB_SHARED_DATA=${SOVHUB_SHARED_DATA}"
                 LABELS "unit")
  endif()
endfunction()
