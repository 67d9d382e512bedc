// packed_gemm.h — C += A·B for an A that stays constant over many products (W_l and Q_l over
// the K − 1 Euler steps of a simulation), with A packed once instead of at every product.
//
// Eigen's `C.noalias() += A * B` packs A into its micro-kernel's panel layout on every call;
// for the simulation's shapes (256×256 · 256×nc, nc = 16 … 64) that repacking was ~11 % of a
// double-precision step. PackedLhs runs the same sequential algorithm as Eigen 3.4's
// general_matrix_matrix_product — the same blocking sizes (computeProductBlockingSizes for
// this m, k, n), the same pack_lhs / pack_rhs / gebp_kernel calls in the same order — with
// A's blocks packed up front. Every product is therefore bit-identical to Eigen's (unit test
// num.packed_gemm), only cheaper. Shapes Eigen does not send to its GEMM (a single row or
// column: GEMV; tiny products: lazy coefficient loops) fall back to the plain Eigen product.
#pragma once
#include <algorithm>
#include <vector>

#include "sdfc/types.h"  // Eigen (sdfc/eigen.h)

namespace sdfc {

template <class S>
class PackedLhs {
  using Index = Eigen::Index;
  using Traits = Eigen::internal::gebp_traits<S, S>;
  using LhsMapper = Eigen::internal::const_blas_data_mapper<S, Index, Eigen::ColMajor>;
  using RhsMapper = Eigen::internal::const_blas_data_mapper<S, Index, Eigen::ColMajor>;
  using ResMapper =
      Eigen::internal::blas_data_mapper<S, Index, Eigen::ColMajor, Eigen::Unaligned, 1>;

 public:
  // aligned storage for packed blocks; the products' scratch for B's packed block can be one
  // Workspace shared by many PackedLhs (it grows to the largest kc × nc on first use)
  using Workspace = std::vector<S, Eigen::aligned_allocator<S>>;

  // Pack A (m × k) for products with B of n columns (the blocking depends on n). A must
  // outlive the products (the fallback shapes read it directly).
  void pack(const Mat<S>& A, Index n) {
    a_ = &A, m_ = A.rows(), k_ = A.cols(), n_ = n;
    gemm_ = m_ > 1 && n_ > 1 && k_ > 0 && (k_ + m_ + n_) >= EIGEN_GEMM_TO_COEFFBASED_THRESHOLD;
    if (!gemm_) return;
    // Eigen's gemm_blocking_space(rows, cols, depth, 1 thread, l3 blocking)
    kc_ = k_, mc_ = m_, nc_ = n_;
    Eigen::internal::computeProductBlockingSizes<S, S, 1>(kc_, mc_, nc_, Index(1));
    mc_ = std::min(m_, mc_), nc_ = std::min(n_, nc_);
    Eigen::internal::gemm_pack_lhs<S, Index, LhsMapper, Traits::mr, Traits::LhsProgress,
                                   typename Traits::LhsPacket4Packing, Eigen::ColMajor>
        pack_lhs;
    const LhsMapper lhs(A.data(), A.outerStride());
    blocks_.resize(size_t(m_ * k_));
    offsets_.clear();
    Index off = 0;
    for (Index i2 = 0; i2 < m_; i2 += mc_)  // the (i2, k2) order of the product loop below
      for (Index k2 = 0; k2 < k_; k2 += kc_) {
        const Index amc = std::min(i2 + mc_, m_) - i2, akc = std::min(k2 + kc_, k_) - k2;
        pack_lhs(blocks_.data() + off, lhs.getSubMapper(i2, k2), akc, amc);
        offsets_.push_back(off);
        off += amc * akc;
      }
  }

  Index n_cols() const { return n_; }

  // C (m × n) = A · B (k × n), as Eigen's `C.noalias() = A * B` (zero-fill, then add).
  void set_product(const Mat<S>& B, Mat<S>& C, Workspace& ws) const {
    if (!gemm_) {
      C.noalias() = (*a_) * B;
      return;
    }
    C.setZero();
    add_product(B, C, ws);
  }

  // C (m × n) += A · B (k × n).
  void add_product(const Mat<S>& B, Mat<S>& C, Workspace& ws) const {
    if (!gemm_) {
      C.noalias() += (*a_) * B;
      return;
    }
    Eigen::internal::gemm_pack_rhs<S, Index, RhsMapper, Traits::nr, Eigen::ColMajor> pack_rhs;
    Eigen::internal::gebp_kernel<S, S, Index, ResMapper, Traits::mr, Traits::nr, false, false> gebp;
    if (Index(ws.size()) < kc_ * nc_) ws.resize(size_t(kc_ * nc_));
    S* blockB = ws.data();
    const RhsMapper rhs(B.data(), B.outerStride());
    ResMapper res(C.data(), C.outerStride(), 1);
    const bool pack_rhs_once = mc_ != m_ && kc_ == k_ && nc_ == n_;
    size_t blk = 0;
    for (Index i2 = 0; i2 < m_; i2 += mc_) {
      const Index amc = std::min(i2 + mc_, m_) - i2;
      for (Index k2 = 0; k2 < k_; k2 += kc_, ++blk) {
        const Index akc = std::min(k2 + kc_, k_) - k2;
        const S* blockA = blocks_.data() + offsets_[blk];
        for (Index j2 = 0; j2 < n_; j2 += nc_) {
          const Index anc = std::min(j2 + nc_, n_) - j2;
          if (!pack_rhs_once || i2 == 0) pack_rhs(blockB, rhs.getSubMapper(k2, j2), akc, anc);
          gebp(res.getSubMapper(i2, j2), blockA, blockB, amc, akc, anc, S(1));
        }
      }
    }
  }

 private:
  const Mat<S>* a_ = nullptr;
  Index m_ = 0, k_ = 0, n_ = 0, kc_ = 0, mc_ = 0, nc_ = 0;
  bool gemm_ = false;
  Workspace blocks_;  // A's packed (i2, k2) blocks
  std::vector<Index> offsets_;
};

}  // namespace sdfc
