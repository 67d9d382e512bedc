// build_info.cpp — compile-time facts about this binary (macros set by native/CMakeLists.txt).
#include "build_info.h"

#include <thread>

#include "mpi_world.h"
#include "sdfc/eigen.h"    // Eigen's version macros
#include "sdfc_git_sha.h"  // SDFC_GIT_SHA, written by cmake/git_sha.cmake at every build

#ifndef SDFC_MARCH
#define SDFC_MARCH "unknown"
#endif
#ifndef SDFC_BUILD_TYPE
#define SDFC_BUILD_TYPE "unknown"
#endif
#ifndef SDFC_VERSION
#define SDFC_VERSION "0"
#endif
#ifndef SDFC_CXX_COMPILER
#define SDFC_CXX_COMPILER "unknown"
#endif

namespace sdfc::cli {

nlohmann::json build_info() {
  nlohmann::json simd = nlohmann::json::array();
#ifdef __SSE4_2__
  simd.push_back("SSE4.2");
#endif
#ifdef __AVX__
  simd.push_back("AVX");
#endif
#ifdef __AVX2__
  simd.push_back("AVX2");
#endif
#ifdef __FMA__
  simd.push_back("FMA");
#endif
#ifdef __AVX512F__
  simd.push_back("AVX512F");
#endif
#ifdef __AVX512VL__
  simd.push_back("AVX512VL");
#endif
#ifdef __ARM_NEON
  simd.push_back("NEON");
#endif
  nlohmann::json eigen_vec = nlohmann::json::array();
#ifdef EIGEN_VECTORIZE
  eigen_vec.push_back("EIGEN_VECTORIZE");
#endif
#ifdef EIGEN_VECTORIZE_SSE4_2
  eigen_vec.push_back("EIGEN_VECTORIZE_SSE4_2");
#endif
#ifdef EIGEN_VECTORIZE_AVX
  eigen_vec.push_back("EIGEN_VECTORIZE_AVX");
#endif
#ifdef EIGEN_VECTORIZE_AVX2
  eigen_vec.push_back("EIGEN_VECTORIZE_AVX2");
#endif
#ifdef EIGEN_VECTORIZE_FMA
  eigen_vec.push_back("EIGEN_VECTORIZE_FMA");
#endif
#ifdef EIGEN_VECTORIZE_AVX512
  eigen_vec.push_back("EIGEN_VECTORIZE_AVX512");
#endif
  return {
      {"version", SDFC_VERSION},
      {"git_sha", SDFC_GIT_SHA},
      {"build_type", SDFC_BUILD_TYPE},
      {"compiler", SDFC_CXX_COMPILER},
      {"compiler_version_string", __VERSION__},
      {"march", SDFC_MARCH},
      {"simd_macros", simd},
      {"eigen_version", std::to_string(EIGEN_WORLD_VERSION) + "." +
                            std::to_string(EIGEN_MAJOR_VERSION) + "." +
                            std::to_string(EIGEN_MINOR_VERSION)},
      {"eigen_vectorize", eigen_vec},
      {"eigen_simd", Eigen::SimdInstructionSetsInUse()},
      {"mpi", mpi_enabled()},
      {"hardware_threads", std::thread::hardware_concurrency()},
  };
}

std::string build_summary() {
  auto b = build_info();
  return "sdfc " + b["version"].get<std::string>() + " (git " + b["git_sha"].get<std::string>() +
         ", " + b["build_type"].get<std::string>() + ", " + b["compiler"].get<std::string>() +
         ", -march=" + b["march"].get<std::string>() + ", Eigen " +
         b["eigen_version"].get<std::string>() + " SIMD: " + b["eigen_simd"].get<std::string>() +
         ")";
}

}  // namespace sdfc::cli
