# Browser side of the build (included when INSIGHTOS_BUILD_WASM is on):
#  1. wasm/ compiled by Emscripten from the same shared/ sources (ExternalProject, so the
#     Emscripten toolchain never touches this native build);
#  2. web/bundler/build_web.mjs assembles build/web/: the small insightos.js (bundled and
#     minified by esbuild, with the core's limits written in), the content-hashed core
#     module, and the demo site.
# Needs Debian's emscripten and the npm packages of package.json (scripts/setup.sh).
include(ExternalProject)

set(INSIGHTOS_EMSCRIPTEN_TOOLCHAIN /usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake
    CACHE FILEPATH "Emscripten's CMake toolchain file")
find_program(INSIGHTOS_NODE node REQUIRED)
if(NOT EXISTS ${INSIGHTOS_EMSCRIPTEN_TOOLCHAIN})
  message(FATAL_ERROR "Emscripten not found (${INSIGHTOS_EMSCRIPTEN_TOOLCHAIN}); run scripts/setup.sh "
                      "or configure with -DINSIGHTOS_BUILD_WASM=OFF")
endif()
set(INSIGHTOS_NODE_MODULES ${CMAKE_SOURCE_DIR}/node_modules)
if(NOT EXISTS ${INSIGHTOS_NODE_MODULES}/esbuild)
  message(FATAL_ERROR "npm packages missing (${INSIGHTOS_NODE_MODULES}); run scripts/setup.sh (npm ci)")
endif()

# Emscripten's tools need Debian's node modules.
set(emscripten_env ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)
set(wasm_dir ${CMAKE_BINARY_DIR}/wasm)
# Under make, $(MAKE) lets the sub-build share the parent's jobserver, so `-j` reaches it;
# `cmake --build` would run it on one core (make warns "jobserver unavailable"): 40 s
# against 21 s for a clean sub-build on two cores.
if(CMAKE_GENERATOR MATCHES "Makefiles")
  set(wasm_build_command ${emscripten_env} $(MAKE))
else()
  set(wasm_build_command ${emscripten_env} ${CMAKE_COMMAND} --build ${wasm_dir})
endif()

ExternalProject_Add(insightos_wasm
  SOURCE_DIR ${CMAKE_SOURCE_DIR}/wasm
  BINARY_DIR ${wasm_dir}
  CMAKE_COMMAND ${emscripten_env} ${CMAKE_COMMAND}
  CMAKE_ARGS -DCMAKE_TOOLCHAIN_FILE=${INSIGHTOS_EMSCRIPTEN_TOOLCHAIN} -DCMAKE_BUILD_TYPE=MinSizeRel
  CMAKE_CACHE_ARGS
    -DINSIGHTOS_CORE_SOURCES:STRING=${INSIGHTOS_CORE_SOURCES}
    -DINSIGHTOS_CORE_INCLUDE_DIR:PATH=${CMAKE_SOURCE_DIR}/shared/include
  BUILD_COMMAND ${wasm_build_command}
  # The sub-build tracks its own sources (shared/ included); always let it check them.
  BUILD_ALWAYS ON
  INSTALL_COMMAND ""
  BUILD_BYPRODUCTS ${wasm_dir}/insightos-core.wasm
)

file(GLOB_RECURSE web_sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/web/src/*.js ${CMAKE_SOURCE_DIR}/web/demo/*
     ${CMAKE_SOURCE_DIR}/web/bundler/*.mjs)
set(INSIGHTOS_WEB_DIR ${CMAKE_BINARY_DIR}/web)
add_custom_command(
  OUTPUT ${INSIGHTOS_WEB_DIR}/insightos.js ${INSIGHTOS_WEB_DIR}/build-manifest.json
  COMMAND ${INSIGHTOS_NODE} ${CMAKE_SOURCE_DIR}/web/bundler/build_web.mjs
          --core-js ${CMAKE_SOURCE_DIR}/wasm/core_loader.js --core-wasm ${wasm_dir}/insightos-core.wasm
          --out ${INSIGHTOS_WEB_DIR} --version ${PROJECT_VERSION}
  DEPENDS ${web_sources} ${CMAKE_SOURCE_DIR}/wasm/core_loader.js ${wasm_dir}/insightos-core.wasm insightos_wasm
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  COMMENT "Assembling build/web (tracker, core module, demo site)"
  VERBATIM)
add_custom_target(insightos_web ALL DEPENDS ${INSIGHTOS_WEB_DIR}/insightos.js)
