# Benchmark targets (included OPTIONALly by the top-level CMakeLists.txt).
#   native:  examrule_bench          (er::k = Eigen native; plus plain Eigen)
#   wasm:    examrule_bench.cjs      (Node; er::k = hand-written SIMD; plus Eigen with -msimd128)
#            examrule_bench_scalar.cjs (Node; no SIMD anywhere: Eigen compiled without -msimd128)
#            examrule_bench_web.mjs  (ES module for the Chromium bench page: er_bench_gemm with the
#                                     SIMD kernels and er_bench_eigen_gemm with -msimd128)
#            examrule_bench_tiles.mjs (the register-tile experiment, tiles.cpp)
# All are EXCLUDE_FROM_ALL: tools/bench.sh builds them by name, the normal builds never wait on them.
set(ER_BENCH_DIR ${CMAKE_CURRENT_LIST_DIR})

if(EMSCRIPTEN)
  foreach(variant simd scalar)
    add_library(er_bench_eigen_${variant} OBJECT EXCLUDE_FROM_ALL ${ER_BENCH_DIR}/eigen_gemm.cpp)
    target_include_directories(er_bench_eigen_${variant} PRIVATE ${ER_BENCH_DIR})
    target_link_libraries(er_bench_eigen_${variant} PUBLIC er_engine)
  endforeach()
  target_compile_options(er_bench_eigen_simd PRIVATE -msimd128)

  set(ER_BENCH_NODE_LINK -sENVIRONMENT=node -sSINGLE_FILE=1 -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1)
  add_executable(examrule_bench EXCLUDE_FROM_ALL ${ER_BENCH_DIR}/bench_main.cpp)
  target_include_directories(examrule_bench PRIVATE ${ER_BENCH_DIR})
  target_link_libraries(examrule_bench PRIVATE er_bench_eigen_simd er_kernels_simd)
  target_link_options(examrule_bench PRIVATE ${ER_BENCH_NODE_LINK})
  set_target_properties(examrule_bench PROPERTIES SUFFIX ".cjs")

  add_executable(examrule_bench_scalar EXCLUDE_FROM_ALL ${ER_BENCH_DIR}/bench_main.cpp)
  target_include_directories(examrule_bench_scalar PRIVATE ${ER_BENCH_DIR})
  target_link_libraries(examrule_bench_scalar PRIVATE er_bench_eigen_scalar er_kernels_scalar)
  target_link_options(examrule_bench_scalar PRIVATE ${ER_BENCH_NODE_LINK})
  set_target_properties(examrule_bench_scalar PROPERTIES SUFFIX ".cjs")

  add_executable(examrule_bench_web EXCLUDE_FROM_ALL ${ER_BENCH_DIR}/bench_web.cpp)
  target_include_directories(examrule_bench_web PRIVATE ${ER_BENCH_DIR})
  target_link_libraries(examrule_bench_web PRIVATE -Wl,--whole-archive er_engine -Wl,--no-whole-archive
    er_bench_eigen_simd er_kernels_simd)
  target_link_options(examrule_bench_web PRIVATE -sMODULARIZE=1 -sEXPORT_ES6=1
    -sENVIRONMENT=web,worker -sSINGLE_FILE=1 -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=0
    -sEXPORTED_FUNCTIONS=_malloc,_free -sEXPORTED_RUNTIME_METHODS=UTF8ToString
    -sEXPORT_NAME=createBench)
  set_target_properties(examrule_bench_web PROPERTIES SUFFIX ".mjs")

  add_executable(examrule_bench_tiles EXCLUDE_FROM_ALL ${ER_BENCH_DIR}/tiles.cpp)
  target_compile_options(examrule_bench_tiles PRIVATE -msimd128)
  target_link_options(examrule_bench_tiles PRIVATE -sMODULARIZE=1 -sEXPORT_ES6=1
    -sENVIRONMENT=web,worker -sSINGLE_FILE=1 -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=0
    -sEXPORTED_RUNTIME_METHODS=UTF8ToString -sEXPORT_NAME=createTiles)
  set_target_properties(examrule_bench_tiles PROPERTIES SUFFIX ".mjs")
else()
  add_executable(examrule_bench EXCLUDE_FROM_ALL ${ER_BENCH_DIR}/bench_main.cpp
    ${ER_BENCH_DIR}/eigen_gemm.cpp)
  target_include_directories(examrule_bench PRIVATE ${ER_BENCH_DIR})
  target_link_libraries(examrule_bench PRIVATE ${ER_KERNELS})
endif()
