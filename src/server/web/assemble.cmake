# cmake -DTEMPLATE=page.html -DOUTPUT=dashboard.html -P assemble.cmake
#
# Writes the one self-contained page: every `/*@include NAME*/` marker of TEMPLATE is replaced by
# the file NAME beside it (the stylesheet and the scripts). Nothing else is touched.
if(NOT TEMPLATE OR NOT OUTPUT)
  message(FATAL_ERROR "usage: cmake -DTEMPLATE=page.html -DOUTPUT=out.html -P assemble.cmake")
endif()
cmake_path(GET TEMPLATE PARENT_PATH dir)
file(READ "${TEMPLATE}" text)
string(REGEX MATCHALL "/\\*@include [A-Za-z0-9_.]+\\*/" markers "${text}")
foreach(marker IN LISTS markers)
  string(REGEX REPLACE "^/\\*@include ([A-Za-z0-9_.]+)\\*/$" "\\1" name "${marker}")
  if(NOT EXISTS "${dir}/${name}")
    message(FATAL_ERROR "assemble.cmake: ${TEMPLATE} includes ${name}, which does not exist")
  endif()
  file(READ "${dir}/${name}" part)
  # Inside an inline script these would end it early or change how the HTML parser reads it.
  foreach(bad "</script" "<script" "<!--")
    string(FIND "${part}" "${bad}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "assemble.cmake: ${name} contains '${bad}', which an inline script may not")
    endif()
  endforeach()
  string(REPLACE "${marker}" "${part}" text "${text}")
endforeach()
file(WRITE "${OUTPUT}.tmp" "${text}")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
