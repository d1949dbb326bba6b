# Turns a text file into a C++ source defining a std::string_view, so the
# binary carries it (the default scenario, the JSON Schema).
#   cmake -DINPUT=in.yaml -DOUTPUT=out.cpp -DSYMBOL=name -P embed.cmake
file(READ "${INPUT}" content)
string(FIND "${content}" ")placesim_embed\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter")
endif()
set(text "// Generated from ${INPUT} by tools/cmake/embed.cmake; do not edit.\n")
string(APPEND text "#include <string_view>\nnamespace placesim::embedded {\n")
string(APPEND text "extern const std::string_view ${SYMBOL};\n")
string(APPEND text "const std::string_view ${SYMBOL} = R\"placesim_embed(${content})placesim_embed\";\n")
string(APPEND text "}  // namespace placesim::embedded\n")
file(WRITE "${OUTPUT}.tmp" "${text}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
