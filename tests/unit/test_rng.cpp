// test_rng.cpp — our generator against known answers and statistics: splitmix64 known
// values, the ziggurat normal's moments, tail mass and CDF (χ² over 100 equiprobable
// bins), uniforms in [0, 1) with 53-bit resolution, below(n) unbiased (χ², and a large n
// where a plain modulo would be visibly biased), reproducible and distinct streams; the
// float32 noise transform against the exact inverse CDF, and default_noise<float>'s statistics;
// default_noise's vectorised lanes against the scalar generator, bit for bit.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "../../engine/src/fast_normal.h"  // header-only, engine-private
#include "sdfc/noise.h"
#include "sdfc/rng.h"

namespace fastmath = sdfc::fastmath;
using sdfc::default_noise;
using sdfc::Mat;
using sdfc::NoiseFn;
using sdfc::Rng;

namespace {
double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
}  // namespace

TEST_CASE("num.rng splitmix64 known answers (seed 0)") {
  uint64_t x = 0;
  CHECK(sdfc::splitmix64(x) == 0xE220A8397B1DCDAFull);
  CHECK(sdfc::splitmix64(x) == 0x6E789E6AA1B965F4ull);
  CHECK(sdfc::splitmix64(x) == 0x06C45D188009454Full);
  CHECK(sdfc::splitmix64(x) == 0xF88BB8A8724C81ECull);
}

TEST_CASE("num.rng ziggurat normal: moments, tails and CDF over 2e6 draws") {
  Rng rng(2024, 5);
  const int n = 2000000, bins = 100;
  double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
  long tail3 = 0, tail_r = 0, tail4 = 0;
  std::vector<long> hist(bins, 0);
  for (int i = 0; i < n; ++i) {
    const double x = rng.normal();
    s1 += x, s2 += x * x, s3 += x * x * x, s4 += x * x * x * x;
    tail3 += std::abs(x) > 3.0;
    tail_r += std::abs(x) > 3.442619855899;  // the ziggurat's tail branch
    tail4 += std::abs(x) > 4.0;              // the shape inside that tail
    int b = int(normal_cdf(x) * bins);
    hist[std::min(bins - 1, std::max(0, b))] += 1;
  }
  const double mean = s1 / n, var = s2 / n - mean * mean;
  const double skew = (s3 / n - 3 * mean * var - mean * mean * mean) / std::pow(var, 1.5);
  const double kurt = s4 / n / (var * var) - 3;  // mean ≈ 0 to 1e-3, its effect is negligible
  const double p3 = 2 * normal_cdf(-3.0), pr = 2 * normal_cdf(-3.442619855899),
               p4 = 2 * normal_cdf(-4.0);
  double chi2 = 0;
  for (long h : hist) chi2 += (h - double(n) / bins) * (h - double(n) / bins) / (double(n) / bins);
  MESSAGE("normal: mean " << mean << ", var " << var << ", skew " << skew << ", excess kurtosis "
                          << kurt << ", P(|x|>3) " << double(tail3) / n << " (want " << p3
                          << "), P(|x|>r) " << double(tail_r) / n << " (want " << pr
                          << "), P(|x|>4) " << double(tail4) / n << " (want " << p4
                          << "), χ²(99 dof) " << chi2);
  // ±5 standard errors (n = 2e6): mean 7e-4, var 1e-3, skew 1.7e-3, kurtosis 3.5e-3
  CHECK(std::abs(mean) < 5e-3);
  CHECK(std::abs(var - 1) < 7e-3);
  CHECK(std::abs(skew) < 1.2e-2);
  CHECK(std::abs(kurt) < 2.5e-2);
  CHECK(std::abs(tail3 - p3 * n) < 5 * std::sqrt(p3 * n));
  CHECK(std::abs(tail_r - pr * n) < 5 * std::sqrt(pr * n));
  CHECK(std::abs(tail4 - p4 * n) < 5 * std::sqrt(p4 * n));
  CHECK(chi2 < 99 + 5 * std::sqrt(2 * 99.0));
}

TEST_CASE("num.rng uniform in 0 ≤ x < 1 with 53-bit resolution, flat (χ²)") {
  Rng rng(7);
  const int n = 400000, bins = 100;
  std::vector<long> hist(bins, 0);
  double mn = 1, mx = 0, s1 = 0, s2 = 0;
  bool grid = true;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    mn = std::min(mn, u), mx = std::max(mx, u);
    s1 += u, s2 += u * u;
    const double scaled = u * 9007199254740992.0;  // 2^53
    grid = grid && scaled == std::floor(scaled);
    hist[int(u * bins)] += 1;
  }
  double chi2 = 0;
  for (long h : hist) chi2 += (h - double(n) / bins) * (h - double(n) / bins) / (double(n) / bins);
  const double mean = s1 / n, var = s2 / n - mean * mean;
  MESSAGE("uniform: min " << mn << ", max " << mx << ", mean " << mean << ", var " << var
                          << " (want 1/12 = " << 1.0 / 12 << "), χ²(99) " << chi2);
  CHECK(mn >= 0);
  CHECK(mx < 1);
  CHECK(grid);
  CHECK(std::abs(mean - 0.5) < 5 * std::sqrt(1.0 / 12 / n));
  CHECK(std::abs(var - 1.0 / 12) < 2e-3);
  CHECK(chi2 < 99 + 5 * std::sqrt(2 * 99.0));
}

TEST_CASE("num.rng below(n) is unbiased") {
  Rng rng(11, 3);
  CHECK(rng.below(1) == 0);
  for (uint64_t k : {2ull, 7ull, 10ull}) {
    const int n = 70000;
    std::vector<long> hist(k, 0);
    long out_of_range = 0;
    for (int i = 0; i < n; ++i) {
      const uint64_t v = rng.below(k);
      if (v < k)
        hist[v] += 1;
      else
        ++out_of_range;
    }
    CHECK(out_of_range == 0);
    double chi2 = 0;
    for (long h : hist) chi2 += (h - double(n) / k) * (h - double(n) / k) / (double(n) / k);
    const double dof = double(k - 1);
    CAPTURE(k);
    CHECK(chi2 < dof + 6 * std::sqrt(2 * dof) + 4);
  }
  // n = ⌊2^64·2/3⌋: a plain modulo would return a value below n/2 with probability 2/3
  const uint64_t big = ~uint64_t(0) / 3 * 2;
  int low = 0;
  const int m = 60000;
  for (int i = 0; i < m; ++i) low += rng.below(big) < big / 2;
  MESSAGE("below(2^64·2/3): fraction in the lower half " << double(low) / m << " (unbiased 0.5)");
  CHECK(std::abs(double(low) / m - 0.5) < 5 * 0.5 / std::sqrt(double(m)));
}

TEST_CASE("num.rng streams: same seed ⇒ same stream, different seed or stream ⇒ different") {
  Rng a(42, 9), b(42, 9), c(42, 10), d(43, 9);
  bool same = true;
  int eq_c = 0, eq_d = 0;
  double sxy = 0, sxx = 0, syy = 0;
  for (int i = 0; i < 20000; ++i) {
    const uint64_t x = a.next_u64(), y = b.next_u64(), z = c.next_u64(), w = d.next_u64();
    same = same && x == y;
    eq_c += x == z;
    eq_d += x == w;
  }
  CHECK(same);
  CHECK(eq_c == 0);
  CHECK(eq_d == 0);
  // normals of neighbouring streams are uncorrelated
  Rng p(5, 0), q(5, 1);
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const double x = p.normal(), y = q.normal();
    sxy += x * y, sxx += x * x, syy += y * y;
  }
  const double corr = sxy / std::sqrt(sxx * syy);
  MESSAGE("correlation of streams 0 and 1: " << corr);
  CHECK(std::abs(corr) < 5 / std::sqrt(double(n)));
  // re-seeding restarts the stream
  Rng r(99);
  const uint64_t first = r.next_u64();
  r.next_u64();
  r.seed(99);
  CHECK(r.next_u64() == first);
}

// --- float32 noise (fast_normal.h, default_noise<float>) ---------------------------------
namespace {
// The exact inverse normal CDF, by Newton's method on Φ (independent of fast_normal.h).
double inverse_cdf(double u) {
  double z = 0;
  for (int i = 0; i < 200; ++i) {
    const double step = (normal_cdf(z) - u) / (std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI));
    z -= step;
    if (std::abs(step) < 1e-15 * std::max(1.0, std::abs(z))) break;
  }
  return z;
}
}  // namespace

TEST_CASE("num.rng float noise transform: z = Φ⁻¹((2k + 1)/2^24) to float accuracy") {
  double worst = 0;
  for (uint64_t k = 0; k < (1u << 23); k += 61) {
    const float z = fastmath::normal_from_bits(uint32_t(k << 9) | 0x1ffu);  // low bits unused
    const double zr = inverse_cdf((2.0 * double(k) + 1) / 16777216.0);
    worst = std::max(worst, std::abs(z - zr) / std::max(1.0, std::abs(zr)));
  }
  // the extremes: u = 2^-24 and 1 − 2^-24, and the centre
  const double edge = inverse_cdf(1.0 / 16777216.0);
  CHECK(fastmath::normal_from_bits(0) == doctest::Approx(edge).epsilon(1e-6));
  CHECK(fastmath::normal_from_bits(0xffffffffu) == doctest::Approx(-edge).epsilon(1e-6));
  CHECK(std::abs(fastmath::normal_from_bits(0x80000000u)) < 1e-6f);
  MESSAGE("float normal transform: max |z − Φ⁻¹(u)| / max(1, |z|) = " << worst);
  CHECK(worst < 1e-6);  // float has 6e-8 resolution; Giles' erfinv + logf ≈ 3e-7
}

TEST_CASE("num.rng float default_noise: moments, CDF, neighbours, and independent of chunking") {
  const int rows = 778, B = 16, steps = 170;  // ≈ 2.1e6 draws
  const NoiseFn<float> whole = default_noise<float>(7, 3, B),
                       halves = default_noise<float>(7, 3, B);
  Mat<float> a(rows, B), b(rows, B);
  double s1 = 0, s2 = 0, s3 = 0, s4 = 0, lag = 0;
  long n = 0, tail3 = 0;
  const int bins = 100;
  std::vector<long> hist(bins, 0);
  bool same = true;
  for (int k = 0; k < steps; ++k) {
    whole(k, 0, 0, a);
    halves(k, 0, 0, b.leftCols(B / 2));  // two threads' chunks, in the other order
    Mat<float> right(rows, B / 2);
    halves(k, 0, B / 2, right);
    b.rightCols(B / 2) = right;
    same = same && a == b;
    for (int j = 0; j < B; ++j)
      for (int i = 0; i < rows; ++i) {
        const double x = a(i, j);
        s1 += x, s2 += x * x, s3 += x * x * x, s4 += x * x * x * x, ++n;
        tail3 += std::abs(x) > 3.0;
        hist[std::min(bins - 1, std::max(0, int(normal_cdf(x) * bins)))] += 1;
        if (i > 0) lag += x * a(i - 1, j);  // rows i−1, i often share one 64-bit draw
      }
  }
  CHECK(same);
  const double mean = s1 / n, var = s2 / n - mean * mean;
  const double skew = s3 / n / std::pow(var, 1.5), kurt = s4 / n / (var * var) - 3;
  const double corr = lag / (double(n) - double(steps) * B) / var;
  const double p3 = 2 * normal_cdf(-3.0);
  double chi2 = 0;
  for (long h : hist) chi2 += (h - double(n) / bins) * (h - double(n) / bins) / (double(n) / bins);
  MESSAGE("float noise: mean " << mean << ", var " << var << ", skew " << skew << ", kurtosis "
                               << kurt << ", lag-1 corr " << corr << ", P(|x|>3) "
                               << double(tail3) / n << " (want " << p3 << "), χ² " << chi2);
  CHECK(std::abs(mean) < 5e-3);
  CHECK(std::abs(var - 1) < 7e-3);
  CHECK(std::abs(skew) < 1.2e-2);
  CHECK(std::abs(kurt) < 2.5e-2);
  CHECK(std::abs(corr) < 5e-3);
  CHECK(std::abs(tail3 - p3 * n) < 5 * std::sqrt(p3 * n));
  CHECK(chi2 < 99 + 5 * std::sqrt(2 * 99.0));
}

// --- default_noise against the scalar generator --------------------------------------------
namespace {
// Column j's stream as default_noise seeds it (noise.h): Rng(splitmix64(seed ^ stream·φ), j + 1).
std::vector<Rng> column_streams(uint64_t seed, uint64_t stream, int B) {
  uint64_t x = seed ^ (stream * 0x9E3779B97F4A7C15ull);
  const uint64_t base = sdfc::splitmix64(x);
  std::vector<Rng> g;
  for (int j = 0; j < B; ++j) g.emplace_back(base, uint64_t(j) + 1);
  return g;
}
}  // namespace

TEST_CASE("num.rng double default_noise: the 8-lane generator is Rng::normal() bit for bit") {
  // Every column's draws must be its own stream's Rng::normal() sequence, whichever of the
  // vector lanes (noise.cpp) or the scalar loop drew them; 20000 rows reach the ziggurat's
  // tail and wedge branches (finished per lane) hundreds of times.
  const int rows = 20000, B = 37;
  const NoiseFn<double> noise = default_noise<double>(12345, 7, B);
  std::vector<Rng> want = column_streams(12345, 7, B);
  Mat<double> big(rows + 3, B);  // xi as a block of a taller matrix: leading dimension ≠ rows
  long wrong = 0, tails = 0;
  for (int k = 0; k < 2; ++k) {
    // calls of 8 columns (one lane group), 5 (the scalar loop), 16 (two groups) and 8
    int col0 = 0;
    for (const int w : {8, 5, 16, 8}) {
      noise(k, 0, col0, big.block(0, col0, rows, w));
      col0 += w;
    }
    REQUIRE(col0 == B);
    for (int j = 0; j < B; ++j)
      for (int i = 0; i < rows; ++i) {
        const double x = want[size_t(j)].normal();
        wrong += big(i, j) != x;
        tails += std::abs(x) > 3.442619855899;
      }
  }
  MESSAGE("double noise: " << 2L * rows * B << " draws, " << tails << " in the ziggurat's tail");
  CHECK(tails > 100);
  CHECK(wrong == 0);
}

TEST_CASE("num.rng float default_noise: each column is Φ⁻¹ of its stream's 32-bit halves") {
  // per block of 256 rows: draw r = next_u64(); rows i, i+1 ← normal_from_bits(r >> 32, low 32)
  for (const int rows : {778, 7}) {
    CAPTURE(rows);
    const int B = 29;
    const NoiseFn<float> noise = default_noise<float>(3, 1, B);
    std::vector<Rng> want = column_streams(3, 1, B);
    Mat<float> big(rows + 3, B);  // leading dimension ≠ rows
    auto xi = big.topRows(rows);
    long wrong = 0;
    for (int k = 0; k < 2; ++k) {
      // calls of 8, 5 and 16 columns, at their offsets in the batch
      noise(k, 0, 0, xi.leftCols(8));
      noise(k, 0, 8, xi.middleCols(8, 5));
      noise(k, 0, 13, xi.rightCols(B - 13));
      for (int j = 0; j < B; ++j)
        for (int i0 = 0; i0 < rows; i0 += 256)
          for (int i = 0, n = std::min(256, rows - i0); i < n; i += 2) {
            const uint64_t r = want[size_t(j)].next_u64();
            wrong += xi(i0 + i, j) != fastmath::normal_from_bits(uint32_t(r >> 32));
            if (i + 1 < n) wrong += xi(i0 + i + 1, j) != fastmath::normal_from_bits(uint32_t(r));
          }
    }
    CHECK(wrong == 0);
  }
}
