# Builds report.html's template from web/: `npm ci` when web/node_modules lacks the pinned packages (needs the npm
# registry once; scripts/install-deps.sh does it ahead), then `npm run build`, which bundles web/src with esbuild
# into one self-contained HTML file.
# Usage: cmake -DNPM=<npm> -DNODE=<node> -DWEB_DIR=<web> -DOUTPUT=<report_template.html> -P web_build.cmake
foreach(var NPM NODE WEB_DIR OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "web_build.cmake: ${var} is not set")
  endif()
endforeach()

# npm starts node through `#!/usr/bin/env node`: the node found at configure time comes first.
get_filename_component(node_dir "${NODE}" DIRECTORY)
set(ENV{PATH} "${node_dir}:$ENV{PATH}")

if(NOT EXISTS "${WEB_DIR}/node_modules/esbuild/package.json")
  message(STATUS "web/node_modules is missing: npm ci")
  execute_process(COMMAND "${NPM}" ci --no-audit --no-fund
    WORKING_DIRECTORY "${WEB_DIR}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "npm ci in ${WEB_DIR} failed (it needs the npm registry once: run scripts/install-deps.sh)")
  endif()
endif()

execute_process(COMMAND "${NPM}" run --silent build -- "${OUTPUT}"
  WORKING_DIRECTORY "${WEB_DIR}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "npm run build in ${WEB_DIR} failed")
endif()
