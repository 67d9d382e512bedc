// test_learning.cpp — independent numerical oracles for the learning rules and the
// diagnostics (reference §4, §9 T5–T7, T10, T11): ∂H/∂W against finite differences of
// the converged control, the O(α) angle to −∇H, the damped-GN identity of `ssa`, the
// feedback rule's pairing and scaling, the weak-DFC/GN limit, backprop against finite
// differences, the forward sums against a recorded trajectory, and the feedback rule
// raising the condition ratio.
#include <doctest/doctest.h>

#include "sdfc/trainer.h"
#include "test_numerics_util.h"

using namespace sdfc;
using numt::MatD;
using numt::Net;
using numt::VecD;

namespace {

// H̄ = (1/B) Σ_b ||Q u_b||² of the last simulated point, computed here (not by the engine).
double H_of(const Net& net, const MatD& X, const MatD& T, const SimParams& p) {
  const auto res = numt::simulate(net, X, T, p);
  return (numt::get_Q(net) * res.u).colwise().squaredNorm().mean();
}

// ε-perturbed copy of Jᵀ as Q (reference T5: Q = Jᵀ + N(0, 0.1²)).
void set_Q_JT(Net& net, const MatD& X, double noise_std, uint64_t seed) {
  const auto ff = numt::ff_of(net, X);
  const MatD J = numt::jac_forward(net, ff.vff, 0);
  numt::set_Q(net, J.transpose() + numt::randn(int(J.cols()), int(J.rows()), seed, noise_std));
}

}  // namespace

TEST_CASE("num.T5 H_gradient matches finite differences of the converged H(W)") {
  const double alpha = 0.05, h = 1e-5;
  SUBCASE("logit error, δ = ±0.3") {
    Net net = numt::make_net({4, 4, 3, 3}, Activation::Tanh, 505);
    const MatD X = numt::randn(4, 1, 21);
    set_Q_JT(net, X, 0.1, 22);
    const MatD T = numt::ff_of(net, X).logits() + numt::pm(3, 1, 0.3, 23);
    const SimParams p = numt::quiet(2500, alpha, ErrorForm::Logit);
    const auto res = numt::simulate(net, X, T, p);
    Grads<double> gH;
    H_gradient<double>(net, X, res, ErrorForm::Logit, alpha, gH);
    const auto gfd = numt::fd_grad(net, h, [&](const Net& n) { return H_of(n, X, T, p); });
    const double err = (numt::flat(gH) - numt::flat(gfd)).norm() / numt::flat(gfd).norm();
    MESSAGE("T5 logit: |∇H − ∇H_fd|/|∇H_fd| = " << err << " (|∇H| = " << numt::flat(gfd).norm()
                                                << ")");
    CHECK(err <= 1e-6);
  }
  SUBCASE("softmax error, soft-label target") {
    Net net = numt::make_net({4, 4, 3, 3}, Activation::Tanh, 506);
    const MatD X = numt::randn(4, 1, 24);
    set_Q_JT(net, X, 0.1, 25);
    const int label = 1;
    const MatD T = soft_targets<double>(&label, 1, 3, 0.7);
    const SimParams p = numt::quiet(3000, alpha, ErrorForm::Softmax, 0.05, 0.2, 2.0);
    const auto res = numt::simulate(net, X, T, p);
    Grads<double> gH;
    H_gradient<double>(net, X, res, ErrorForm::Softmax, alpha, gH);
    const auto gfd = numt::fd_grad(net, h, [&](const Net& n) { return H_of(n, X, T, p); });
    const double err = (numt::flat(gH) - numt::flat(gfd)).norm() / numt::flat(gfd).norm();
    // the fixed point really is the softmax one: e = r* − softmax(r_L) = α u
    const double fp = (T - softmax<double>(res.r[2]) - alpha * res.u).cwiseAbs().maxCoeff();
    MESSAGE("T5 softmax: |∇H − ∇H_fd|/|∇H_fd| = " << err << ", fixed-point residual " << fp);
    CHECK(fp <= 1e-12);
    CHECK(err <= 1e-6);
  }
}

TEST_CASE("num.T6 linear net, Q = Jᵀ: angle(steady-state update, −∇H) is O(α)") {
  Net net = numt::make_net({5, 4, 4, 3}, Activation::Linear, 606);
  const MatD X = numt::randn(5, 1, 26);
  set_Q_JT(net, X, 0.0, 27);
  const MatD T = numt::ff_of(net, X).logits() + numt::pm(3, 1, 1.0, 28);
  std::vector<double> ang;
  for (double alpha : {0.1, 0.01, 0.001}) {
    const auto res = numt::simulate(net, X, T, numt::quiet(4000, alpha, ErrorForm::Logit));
    std::vector<MatD> dv;
    for (int l = 0; l < net.depth(); ++l) dv.push_back(res.v[l] - res.vff[l]);
    Grads<double> gss, gH;
    forward_grads_last<double>(net, X, res.r, dv, gss);  // −(2/B) Δv r_{l−1}ᵀ
    H_gradient<double>(net, X, res, ErrorForm::Logit, alpha, gH);
    ang.push_back(numt::angle(numt::flat(gss), numt::flat(gH)));
    CHECK(std::abs(angle_deg(gss, gH, -1) - ang.back()) < 1e-6);  // the engine's angle agrees
  }
  MESSAGE("T6 angle(update, −∇H) for α = 0.1, 0.01, 0.001: " << ang[0] << "°, " << ang[1] << "°, "
                                                             << ang[2] << "°");
  CHECK(ang[0] < 10);
  CHECK(ang[0] / ang[1] > 5);
  CHECK(ang[1] / ang[2] > 5);
}

TEST_CASE("num.T7 analytic steady state with Q = Jᵀ is the damped GN target") {
  for (int s = 0; s < 3; ++s) {
    Net net = numt::make_net({5, 4, 4, 3}, Activation::Tanh, 700 + s);
    const MatD X = numt::randn(5, 1, 30 + s);
    const auto ff = numt::ff_of(net, X);
    const MatD J = numt::jac_forward(net, ff.vff, 0);
    numt::set_Q(net, J.transpose());
    const MatD delta = numt::pm(3, 1, 0.5, 40 + s);
    const double alpha = 0.05;
    std::vector<MatD> r_hat, dv;
    MatD u_ss;
    analytic_steady_state<double>(net, X, ff, ff.logits() + delta, alpha, r_hat, dv, u_ss);
    // Δv = Jᵀ (J Jᵀ + α I)⁻¹ δ
    const VecD want =
        J.transpose() *
        (J * J.transpose() + alpha * MatD::Identity(3, 3)).ldlt().solve(VecD(delta.col(0)));
    const double err =
        (numt::stack(dv, 0) - want).cwiseAbs().maxCoeff() / want.cwiseAbs().maxCoeff();
    // r̂ propagated nonlinearly: v̂_l = W_l r̂_{l−1} + b_l + Δv_l
    double err_r = 0;
    VecD rprev = X.col(0);
    for (int l = 0; l < net.depth(); ++l) {
      VecD v = net.W[l] * rprev + net.b[l] + dv[l].col(0);
      for (Eigen::Index i = 0; i < v.size(); ++i) v(i) = numt::phi(net.hidden, l == 2, v(i));
      err_r = std::max(err_r, (r_hat[l].col(0) - v).cwiseAbs().maxCoeff());
      rprev = v;
    }
    MESSAGE("T7 sample " << s << ": rel |Δv − Jᵀ(JJᵀ+αI)⁻¹δ|_∞ = " << err << ", r̂ err " << err_r);
    CHECK(err <= 1e-12);
    CHECK(err_r <= 1e-14);
  }
}

TEST_CASE("num.T10 feedback rule: zero without control, κ scaling and clamp, one-step pairing") {
  Net net = numt::make_net({5, 4, 4, 3}, Activation::Tanh, 1010);
  const int B = 3, L = net.depth(), K = 120;
  const MatD X = numt::randn(5, B, 50);
  const auto ff = numt::ff_of(net, X);

  SUBCASE(
      "u ≡ 0 (target = current output, no noise) ⇒ h ≡ 0 ⇒ g_Q = 0, only weight decay moves Q") {
    SimParams p = numt::quiet(K, 0.1, ErrorForm::Logit, 0.01, 0.05, 2.0);
    p.feedback = FeedbackRule::HighPass;
    p.a_u = 0.02;
    const auto res = numt::simulate(net, X, ff.logits(), p);
    CHECK(res.u.isZero(0));
    Grads<double> g;
    feedback_grads<double>(res, K, feedback_kappa(L, 0.1, 0.1, false, 0.05, 0.1), g);
    for (auto& q : g.Q) CHECK(q.isZero(0));
    OptimizerState<double> opt;
    opt.kind = Optimizer::SGD, opt.lr = 0.1, opt.weight_decay = 0.5;
    Net n2 = net;
    std::vector<Eigen::Map<MatD>> P;
    std::vector<Eigen::Map<const MatD>> G;
    for (int l = 0; l < L; ++l) {
      P.emplace_back(n2.Q[l].data(), n2.Q[l].rows(), n2.Q[l].cols());
      G.emplace_back(g.Q[l].data(), g.Q[l].rows(), g.Q[l].cols());
    }
    opt.apply(P, G);
    for (int l = 0; l < L; ++l) CHECK(numt::rel_err(n2.Q[l], 0.95 * net.Q[l]) <= 1e-15);
  }

  SUBCASE("κ = c_l / max(σ, 0.01)²: doubling σ quarters κ; the clamp; layer scaling") {
    const auto k1 = feedback_kappa(L, 0.05, 0.2, false, 0.1, 0.4);
    const auto k2 = feedback_kappa(L, 0.1, 0.4, false, 0.1, 0.4);
    for (int l = 0; l < L; ++l) CHECK(k1[l] / k2[l] == doctest::Approx(4.0).epsilon(1e-14));
    CHECK(k1[0] == doctest::Approx(1 / 0.0025).epsilon(1e-14));
    CHECK(k1[L - 1] == doctest::Approx(1 / 0.04).epsilon(1e-14));
    const auto kc = feedback_kappa(L, 0.001, 0.005, false, 0.1, 0.4);  // both below the clamp
    for (int l = 0; l < L; ++l) CHECK(kc[l] == doctest::Approx(1e4).epsilon(1e-12));
    const auto ks = feedback_kappa(L, 0.05, 0.2, true, 0.1, 0.4);  // c_l = 1.25^{L−i}
    for (int l = 0; l < L; ++l)
      CHECK(ks[l] / k1[l] == doctest::Approx(std::pow(1.25, L - 1 - l)).epsilon(1e-14));
  }

  SUBCASE(
      "Σ_j v_fb[j] h[j]ᵀ pairs v_fb[j] with the high-passed u[j+1] (recomputed from a recording)") {
    std::vector<int> labels = {0, 1, 2};
    const MatD T = soft_targets<double>(labels.data(), B, 3, 0.9);
    for (FeedbackRule rule : {FeedbackRule::HighPass, FeedbackRule::Raw}) {
      SimParams p = numt::quiet(K, 0.01, ErrorForm::Softmax, 0.005, 0.02, 2.0);
      p.noise = NoiseKind::LowPass;
      p.sigma_hidden = 0.05, p.sigma_output = 0.1, p.tau_noise = 0.05;
      p.feedback = rule;
      p.a_u = 0.02;
      p.record = p.record_layers = true;
      const auto res = numt::simulate(net, X, T, p, default_noise<double>(9, 1, B));
      const auto& U = res.rec.u;
      // ū[j] = u[j+1];  a[0] = ū[0], a[j] = a_u ū[j] + (1 − a_u) a[j−1];  h[j] = ū[j] − a[j]
      std::vector<MatD> h(K - 1);
      MatD a = U[1];
      for (int j = 0; j + 1 < K; ++j) {
        if (j > 0) a = p.a_u * U[j + 1] + (1 - p.a_u) * a;
        h[j] = rule == FeedbackRule::HighPass ? MatD(U[j + 1] - a) : U[j + 1];
      }
      double err = 0, diff_same = 1e9;
      for (int l = 0; l < L; ++l) {
        MatD lag = MatD::Zero(net.sizes[l + 1], 3), same = lag;
        for (int j = 0; j + 1 < K; ++j) {
          lag += res.rec.vfb[j][l] * h[j].transpose();       // v_fb[j] with h[j] (u[j+1])
          same += res.rec.vfb[j + 1][l] * h[j].transpose();  // the same-step pairing
        }
        err = std::max(err, numt::rel_err(res.sum_vfb_h[l], lag));
        diff_same = std::min(diff_same, numt::rel_err(res.sum_vfb_h[l], same));
      }
      // feedback_grads scales by κ/((K−1) B)
      const auto kap = feedback_kappa(L, 0.05, 0.1, false, 0.02, 0.05);
      Grads<double> g;
      feedback_grads<double>(res, K, kap, g);
      for (int l = 0; l < L; ++l)
        CHECK(numt::rel_err(g.Q[l], kap[l] / ((K - 1.0) * B) * res.sum_vfb_h[l]) < 1e-15);
      MESSAGE("T10 " << std::string(rule == FeedbackRule::HighPass ? "high-pass" : "raw")
                     << ": rel err vs lag-1 pairing " << err
                     << ", rel distance to same-step pairing " << diff_same);
      CHECK(err <= 1e-12);
      CHECK(diff_same > 1e-3);
    }
  }
}

TEST_CASE("num.forward sums equal Σ_k s_l(k) r_{l−1}(k)ᵀ of the recorded trajectory") {
  Net net = numt::make_net({5, 4, 4, 3}, Activation::Tanh, 1313);
  const int B = 4, L = net.depth(), K = 80;
  const MatD X = numt::randn(5, B, 60);
  std::vector<int> labels = {0, 1, 2, 0};
  const MatD T = soft_targets<double>(labels.data(), B, 3, 0.99);
  SimParams p = numt::quiet(K, 1e-3, ErrorForm::Softmax, 0.005, 0.02, 2.0);
  p.noise = NoiseKind::LowPass;
  p.sigma_hidden = 0.05, p.sigma_output = 0.1, p.tau_noise = 0.05;
  p.forward_sums = true;
  p.record = p.record_layers = true;
  const auto res = numt::simulate(net, X, T, p, default_noise<double>(3, 2, B));
  Grads<double> g;
  forward_grads_continuous<double>(res, K, g);
  double err = 0;
  for (int l = 0; l < L; ++l) {
    MatD sr = MatD::Zero(net.W[l].rows(), net.W[l].cols());
    VecD ss = VecD::Zero(net.b[l].size());
    for (int k = 0; k < K; ++k) {
      // s_l[k] = φ(v_l[k]) − φ(W_l r_{l−1}[k] + b_l),   r_0 = x
      MatD rprev = X;
      if (l > 0) rprev = res.rec.v[k][l - 1].array().tanh().matrix();
      MatD vff = net.W[l] * rprev;
      vff.colwise() += net.b[l];
      MatD s = res.rec.v[k][l] - vff;
      if (l < L - 1) s = res.rec.v[k][l].array().tanh().matrix() - vff.array().tanh().matrix();
      sr += s * rprev.transpose();
      ss += s.rowwise().sum();
    }
    err = std::max(err, numt::rel_err(g.W[l], (-2.0 / (K * B)) * sr));
    err = std::max(err, numt::rel_err(g.b[l], (-2.0 / (K * B)) * ss));
  }
  MESSAGE("continuous forward rule vs recomputed trajectory sum: rel err " << err);
  CHECK(err <= 1e-12);
}

TEST_CASE("num.T11 weak DFC, Q = Jᵀ, α → 0: the update approaches GN as λ → 0") {
  Net net = numt::make_net({5, 4, 4, 3}, Activation::Tanh, 1111);
  const MatD X = numt::randn(5, 1, 70);
  const auto ff = numt::ff_of(net, X);
  const MatD J = numt::jac_forward(net, ff.vff, 0);
  numt::set_Q(net, J.transpose());
  const int label = 2;
  const MatD t = soft_targets<double>(&label, 1, 3, 1.0);
  const MatD grad = softmax<double>(ff.logits()) - t;  // ∂ℓ/∂r_L
  const int L = net.depth();
  std::vector<double> ang;
  for (double lambda : {1.0, 0.1, 0.01}) {
    const MatD delta = -lambda * grad;
    SimParams p = numt::quiet(4000, 1e-5, ErrorForm::Logit, 0.02, 0.2, 2.0);
    p.forward_sums = true;
    const auto res = numt::simulate(net, X, ff.logits() + delta, p);
    Grads<double> gc, ggn;
    forward_grads_continuous<double>(res, p.K, gc);
    // GN: Δv = Jᵀ(JJᵀ)⁻¹δ; update direction Δv_l r_{l−1}ᵀ in the rule's own (nonlinear
    // difference) form, i.e. s_l = φ(v_ff + Δv_l) − φ(v_ff) with presynaptic rates r_ff.
    const VecD dv = J.transpose() * (J * J.transpose()).ldlt().solve(VecD(delta.col(0)));
    ggn.W.resize(L), ggn.b.resize(L);
    for (int l = 0, o = 0; l < L; o += net.sizes[l + 1], ++l) {
      VecD s(net.sizes[l + 1]);
      for (int i = 0; i < s.size(); ++i) {
        const double v = ff.vff[l](i, 0);
        s(i) =
            numt::phi(net.hidden, l == L - 1, v + dv(o + i)) - numt::phi(net.hidden, l == L - 1, v);
      }
      const VecD rprev = l == 0 ? VecD(X.col(0)) : VecD(ff.rff[l - 1].col(0));
      ggn.W[l] = -s * rprev.transpose();
      ggn.b[l] = -s;
    }
    ang.push_back(numt::angle(numt::flat(gc), numt::flat(ggn)));
  }
  MESSAGE("T11 angle(continuous update, GN) for λ = 1, 0.1, 0.01: " << ang[0] << "°, " << ang[1]
                                                                    << "°, " << ang[2] << "°");
  CHECK(ang[1] < ang[0]);
  CHECK(ang[2] <= ang[1] * 1.01);
  CHECK(ang[2] < 1.0);
}

TEST_CASE("num.backprop gradients match finite differences of the cross-entropy") {
  for (Activation act : {Activation::Tanh, Activation::ReLU, Activation::Linear}) {
    Net net = numt::make_net({5, 4, 4, 3}, act, 1414);
    for (auto& b : net.b) b = numt::randn(int(b.size()), 1, 80, 0.2);
    const MatD X = numt::randn(5, 4, 81);
    std::vector<int> labels = {0, 2, 1, 2};
    const MatD T = soft_targets<double>(labels.data(), 4, 3, 0.8);
    Grads<double> g;
    const double loss = backprop_grads<double>(net, X, numt::ff_of(net, X), T, g);
    const auto gfd = numt::fd_grad(net, 1e-6, [&](const Net& n) {
      return cross_entropy<double>(numt::ff_of(n, X).logits(), T);
    });
    // the loss itself: −(1/B) Σ t log softmax, computed here
    const MatD P = softmax<double>(numt::ff_of(net, X).logits());
    double want = 0;
    for (Eigen::Index i = 0; i < P.size(); ++i) want -= T(i) * std::log(P(i)) / 4;
    CHECK(loss == doctest::Approx(want).epsilon(1e-13));
    const double err = (numt::flat(g) - numt::flat(gfd)).norm() / numt::flat(gfd).norm();
    MESSAGE("backprop " << std::string(to_string(act)) << ": rel err vs FD " << err);
    CHECK(err <= 1e-6);
  }
}

// The loss floor the results figures subtract (H = 0 ⇔ L at its minimum): closed forms, and
// the value of the mean cross-entropy where its gradient softmax(z) − t vanishes (z = log t;
// the cross-entropy is convex in z, so that is its minimum), computed by the engine's
// cross_entropy (checked against a hand sum above), not by the formula under test.
TEST_CASE("num.soft_target_entropy is the minimum of the cross-entropy against soft targets") {
  CHECK(soft_target_entropy(10, 1.0) == 0.0);  // hard labels
  CHECK(soft_target_entropy(10, 0.1) == doctest::Approx(std::log(10.0)).epsilon(1e-14));
  CHECK(soft_target_entropy(2, 0.5) == doctest::Approx(std::log(2.0)).epsilon(1e-14));
  for (double c : {0.9, 0.99, 0.999}) {
    const std::vector<int> labels = {3, 0, 9};
    const MatD T = soft_targets<double>(labels.data(), 3, 10, c);
    const MatD z = T.array().log().matrix();
    CHECK((softmax<double>(z) - T).cwiseAbs().maxCoeff() < 1e-15);  // the gradient vanishes
    const double floor = cross_entropy<double>(z, T);
    MESSAGE("c = " << c << ": min CE " << floor << ", H(t) " << soft_target_entropy(10, c));
    CHECK(soft_target_entropy(10, c) == doctest::Approx(floor).epsilon(1e-13));
    CHECK(cross_entropy<double>(numt::randn(10, 3, 8, 1.0), T) > soft_target_entropy(10, c));
  }
}

// Q = (batch-mean J)ᵀ + N(0, 0.1²): a feedback matrix that (nearly) meets the paper's
// condition col(Q) = row(J), as the feedback rule is meant to produce (condition ratio ≈ 0.97).
namespace {
void set_Q_aligned(Net& net, const MatD& X) {
  const auto ff = numt::ff_of(net, X);
  MatD Jm = MatD::Zero(net.n_out(), net.n_stacked());
  for (int b = 0; b < X.cols(); ++b) Jm += numt::jac_forward(net, ff.vff, b) / double(X.cols());
  numt::set_Q(net, Jm.transpose() + numt::randn(int(Jm.cols()), int(Jm.rows()), 5, 0.1));
}
}  // namespace

TEST_CASE("num.update direction vs −dH/dW (FD) for Strong-DFC and vs BP for weak DFC") {
  const int B = 4;
  const MatD X = numt::randn(4, B, 90);
  std::vector<int> labels = {0, 1, 2, 1};
  // Strong-DFC: continuous update vs −∇H, H = mean ||Q u(T)||² at the end of the same
  // finite noiseless simulation, by central finite differences over every W, b entry.
  auto strong = [&](const Net& net, double& a_fd, double& a_formula) {
    const MatD T = soft_targets<double>(labels.data(), B, 3, 0.99);
    // the paper's regime: strong target, softmax error, k_p = 2, tiny α, 0.5 time units
    SimParams p = numt::quiet(500, 7.6e-6, ErrorForm::Softmax, 0.001, 0.0093, 2.0);
    p.forward_sums = true;
    const auto res = numt::simulate(net, X, T, p);
    Grads<double> gc;
    forward_grads_continuous<double>(res, p.K, gc);
    p.forward_sums = false;
    const auto gfd = numt::fd_grad(net, 1e-5, [&](const Net& n) { return H_of(n, X, T, p); });
    Grads<double> gH;
    H_gradient<double>(net, X, res, ErrorForm::Softmax, p.alpha, gH);
    a_fd = numt::angle(numt::flat(gc), numt::flat(gfd));
    a_formula = numt::angle(numt::flat(gc), numt::flat(gH));
    return condition_ratio<double>(net, numt::ff_of(net, X).vff);
  };
  // weak DFC: continuous update with a small nudge vs the BP gradient of the batch loss
  auto weak = [&](const Net& net) {
    const auto ff = numt::ff_of(net, X);
    const MatD t = soft_targets<double>(labels.data(), B, 3, 1.0);
    const MatD T = ff.logits() - 0.01 * (softmax<double>(ff.logits()) - t);  // λ = 0.01
    SimParams p = numt::quiet(500, 1.8e-3, ErrorForm::Logit, 0.02, 0.2, 2.0);
    p.forward_sums = true;
    const auto res = numt::simulate(net, X, T, p);
    Grads<double> gc, gbp;
    forward_grads_continuous<double>(res, p.K, gc);
    backprop_grads<double>(net, X, ff, t, gbp);
    return numt::angle(numt::flat(gc), numt::flat(gbp));
  };
  Net net = numt::make_net({4, 5, 3}, Activation::Tanh, 1515);
  double a0_fd, a0_formula, a1_fd, a1_formula;
  const double c0 = strong(net, a0_fd, a0_formula);
  const double w0 = weak(net);
  set_Q_aligned(net, X);
  const double c1 = strong(net, a1_fd, a1_formula);
  const double w1 = weak(net);
  MESSAGE("Strong-DFC, Q at init (condition " << c0 << "): angle(update, −dH/dW by FD) = " << a0_fd
                                              << "°, vs the fixed-point ∇H formula " << a0_formula
                                              << "°");
  MESSAGE("Strong-DFC, aligned Q (condition " << c1 << "): angle(update, −dH/dW by FD) = " << a1_fd
                                              << "°, vs the fixed-point ∇H formula " << a1_formula
                                              << "°");
  MESSAGE("weak DFC (λ = 0.01): angle(update, −∇L of BP) = " << w0 << "° with Q at init, " << w1
                                                             << "° with aligned Q");
  CHECK(a1_fd < 60);
  CHECK(w1 < 30);
  // the alignment of Q is what makes the update a descent direction of H
  CHECK(a1_fd < a0_fd);
}

TEST_CASE("num.feedback learning raises the condition ratio ||P_J Q||/||Q||") {
  Config c;
  c.sizes = {6, 8, 4};
  c.method = "dfc";
  c.single_phase = false;
  c.input_norm = InputNorm::None;
  c.random_seed = 3;
  c.batch_size = 16;
  c.lr_fb_init = 2e-3, c.opt_fb.weight_decay = 0;
  c.forward.dt_di = 0.02, c.forward.tmax_di = 50, c.forward.time_constant_ratio = 0.2;
  c.feedback.dt_di = 0.005, c.feedback.tmax_di = 200, c.feedback.alpha_di = 0.5,
  c.feedback.k_p = 0.5;
  c.feedback.time_constant_ratio = 0.01, c.feedback.apical_time_constant = 0.05;
  c.forward.sigma = 0.1;
  Trainer<double> tr(c);
  const int B = 16;
  const MatD X = numt::randn(6, B, 95);
  std::vector<int> labels(B);
  for (int j = 0; j < B; ++j) labels[j] = j % 4;
  const double before = condition_ratio<double>(tr.net(), numt::ff_of(tr.net(), X).vff);
  for (int i = 0; i < 150; ++i) tr.feedback_step(X, labels.data(), true);
  const double after = condition_ratio<double>(tr.net(), numt::ff_of(tr.net(), X).vff);
  MESSAGE("condition ratio: " << before << " → " << after);
  CHECK(after > before + 0.5 * (1 - before));
}
