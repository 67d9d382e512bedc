// eigen.h — the one place the engine includes Eigen (a SYSTEM include, see CMakeLists.txt).
//
// GCC 12 reports false '(may be) used uninitialized' inside its own avx512fintrin.h when Eigen's
// AVX-512 kernels are inlined into our functions (GCC bug 105593; -Wuninitialized at -O1, as in
// the sanitizer build): the -isystem rule does not catch warnings of inlined code. The two
// warnings are off for the text of these headers only (first included here, between push and
// pop); our own code is still checked for them. Include this, never <Eigen/…> directly.
#pragma once
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <Eigen/Dense>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
