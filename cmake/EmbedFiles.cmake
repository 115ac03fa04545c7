# Build-time script: compiles files into a C++ table (the dashboard's page, script and styles),
# so the insightos binary carries them. Inputs: FILES (';'-separated paths), NAMES (the name
# of each in the table), OUTPUT, HEADER (the header declaring the table), NAMESPACE, FUNCTION.
set(body "")
set(arrays "")
list(LENGTH FILES count)
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  list(GET FILES ${i} file)
  list(GET NAMES ${i} name)
  file(READ ${file} hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  string(APPEND arrays "const char kFile${i}[] = {${bytes}'\\0'};\n")
  string(APPEND body "    {\"${name}\", std::string_view(kFile${i}, ${size})},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp "// Generated at build time by cmake/EmbedFiles.cmake; do not edit.
#include \"${HEADER}\"

namespace ${NAMESPACE} {

namespace {
${arrays}}  // namespace

std::span<const DashboardAsset> ${FUNCTION}() {
  static const DashboardAsset kAssets[] = {
${body}  };
  return kAssets;
}

}  // namespace ${NAMESPACE}
")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUTPUT}.tmp ${OUTPUT})
