// app.cpp — training runs, the mini-batch stream, traces, canvas and gallery
// predictions: every call into the engine made by the demo lives here.
#include "app.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "sdfc/io/asset.h"
#include "sdfc/io/npy.h"
#include "sdfc/presets.h"
#include "theme.h"

namespace demo {

namespace {

double clock_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

sdfc::Method method_of(const std::string& algo) {
  if (algo == "bp") return sdfc::Method::BP;
  if (algo == "dfc") return sdfc::Method::DFC;
  return sdfc::Method::StrongDFC;
}

// Bilinear resample of a square image (side a) to side b.
std::vector<float> resample(const float* src, int a, int b) {
  std::vector<float> out(size_t(b * b));
  if (a == b) {
    std::copy(src, src + a * a, out.begin());
    return out;
  }
  float f = float(a) / float(b);
  for (int y = 0; y < b; ++y)
    for (int x = 0; x < b; ++x) {  // box average over the source footprint
      float x0 = x * f, y0 = y * f, acc = 0, w = 0;
      for (int sy = int(y0); sy < std::min(a, int(std::ceil(y0 + f))); ++sy)
        for (int sx = int(x0); sx < std::min(a, int(std::ceil(x0 + f))); ++sx) {
          acc += src[sy * a + sx];
          w += 1;
        }
      out[size_t(y * b + x)] = w > 0 ? acc / w : 0;
    }
  return out;
}

bool weights_finite(const Trainer& tr) {
  const auto& net = tr.net();
  for (size_t l = 0; l < net.W.size(); ++l)
    if (!net.W[l].allFinite() || !net.b[l].allFinite() || !net.Q[l].allFinite()) return false;
  return true;
}

}  // namespace

const char* algo_name(const std::string& algo) {
  if (algo == "bp") return "Backprop";
  if (algo == "dfc") return "DFC (weak)";
  return "Strong-DFC";
}

ImU32 algo_colour(const std::string& algo) {
  if (algo == "bp") return col::kBP;
  if (algo == "dfc") return col::rgb(240, 98, 146);  // pink: weak feedback
  return col::kFeedback;
}

std::vector<float> softmax(const float* z, int n) {
  std::vector<float> p(size_t(std::max(n, 0)));
  if (n <= 0) return p;
  float m = *std::max_element(z, z + n), sum = 0;
  for (int i = 0; i < n; ++i) sum += p[size_t(i)] = std::exp(z[i] - m);
  for (float& v : p) v /= sum;
  return p;
}

// --- configuration ---------------------------------------------------------------

std::vector<int> App::sizes() const {
  sdfc::Config base = sdfc::preset("web-small");
  int n0 = base.sizes.front(), nL = base.sizes.back();
  if (s.net == "tiny") return {n0, 32, nL};
  if (s.net == "wide") return {n0, 128, nL};
  if (s.net == "deep") return {n0, 64, 64, nL};
  return base.sizes;
}

int App::input_side() const {
  int n0 = sizes().front();
  return int(std::lround(std::sqrt(double(n0))));
}

sdfc::Config App::make_config(const std::string& algo) const {
  const sdfc::Config web = sdfc::preset("web-small");
  // The method's own dynamics and optimiser constants, adapted to the browser's size
  // and time scale like web-small adapts mnist-strong-dfc.
  std::string name = algo == "bp"    ? "mnist-bp"
                     : algo == "dfc" ? (s.noise ? "mnist-dfc" : "mnist-dfc-nonoise")
                                     : (s.noise ? "web-small" : "mnist-strong-dfc-nonoise");
  sdfc::Config c = sdfc::preset(name);
  c.sizes = sizes();
  c.double_precision = false;
  c.init_fb_epochs = web.init_fb_epochs;
  c.dt_di = web.dt_di, c.time_constant_ratio = web.time_constant_ratio;
  c.dt_di_fb = web.dt_di_fb, c.time_constant_ratio_fb = web.time_constant_ratio_fb;
  c.tmax_di = s.steps;
  c.tmax_di_fb = s.steps;
  c.batch_size = s.batch;
  c.random_seed = s.seed;
  c.lr = s.lr;
  c.lr_fb = s.lr_fb;
  c.method = method_of(algo);
  if (algo != "bp") {
    c.single_phase = s.noise;
    c.noisy_dynamics = s.noise;
    if (s.noise) {
      // σ_output keeps web-small's ratio to σ (the paper's output noise is larger).
      double ratio = web.sigma > 0 && web.sigma_output > 0 ? web.sigma_output / web.sigma : 1.0;
      c.sigma = s.sigma;
      c.sigma_output = s.sigma * ratio;
    }
    if (algo == "dfc") c.target_stepsize = s.lambda;
  }
  c.resolve_and_validate();
  return c;
}

bool App::pretrained_fits() const {
  if (pretrained.empty()) return false;
  std::vector<int> sz = sizes();
  for (const sdfc::Tensor& t : pretrained)
    if (t.name == "W1")
      return t.shape.size() == 2 && t.shape[0] == sz[1] && t.shape[1] == sz[0] && sz.size() == 3;
  return false;
}

bool App::diverged() const {
  for (const Run& r : runs)
    if (!r.failure.empty()) return true;
  return false;
}

// --- data ----------------------------------------------------------------------------

void App::load_data(const std::vector<uint8_t>& asset, const std::vector<uint8_t>& weights_npz) {
  try {
    if (asset.empty())
      throw sdfc::Error(
          "the digit asset is missing (build it with sdfc_make_asset; see docs/demo.md)");
    sdfc::io::decode_digit_asset(asset.data(), asset.size(), train28, test28, "demo digits");
  } catch (const std::exception& e) {
    fatal = e.what();
    return;
  }
  if (!weights_npz.empty()) {
    try {
      pretrained = sdfc::io::parse_npz(weights_npz.data(), weights_npz.size(), "pretrained.npz");
      for (const sdfc::Tensor& t : pretrained)
        if (t.name == "meta_test_acc" && !t.data.empty()) {
          char b[96];
          std::snprintf(b, sizeof b, "%.1f %% test accuracy", t.data[0] * 100.0);
          pretrained_info = b;
        }
      pretrained.erase(
          std::remove_if(pretrained.begin(), pretrained.end(),
                         [](const sdfc::Tensor& t) { return t.name.rfind("meta_", 0) == 0; }),
          pretrained.end());
    } catch (const std::exception& e) {
      pretrained.clear();
      warnings.push_back(std::string("pretrained weights unusable: ") + e.what());
    }
  }
  resample_data();
}

void App::resample_data() {
  int side = input_side();
  auto conv = [&](const sdfc::Dataset& d) {
    if (side == 28) return d;
    sdfc::Dataset o = d;
    o.dim = side * side;
    o.x.assign(size_t(o.n) * size_t(o.dim), 0.0f);
    for (int i = 0; i < d.n; ++i) {
      std::vector<float> r = resample(&d.x[size_t(i) * 784], 28, side);
      std::copy(r.begin(), r.end(), o.x.begin() + size_t(i) * size_t(o.dim));
    }
    return o;
  };
  train = conv(train28);
  test = conv(test28);
  gallery.clear();
  for (int i = 0; i < std::min(test.n, 60); ++i) gallery.push_back(i);
}

MatF App::normalise(const std::vector<float>& pixels, int B) const {
  int n0 = sizes().front();
  sdfc::Dataset d;
  d.n = B;
  d.dim = n0;
  d.x = pixels;
  d.y.assign(size_t(B), 0);
  std::vector<int> idx(static_cast<size_t>(B)), lab(static_cast<size_t>(B));
  std::iota(idx.begin(), idx.end(), 0);
  MatF X(n0, B);
  const sdfc::Config& c = runs.empty() ? make_config(s.algo) : runs[0].tr->config();
  sdfc::gather_batch<float>(d, idx.data(), B, c.input_norm, X, lab.data());
  return X;
}

// --- runs ----------------------------------------------------------------------------

void App::rebuild() {
  last_error.clear();
  if (!fatal.empty()) return;
  if (train.dim != sizes().front()) resample_data();
  runs.clear();
  events.clear();
  std::vector<std::string> algos = s.compare ? std::vector<std::string>{"strong-dfc", "dfc", "bp"}
                                             : std::vector<std::string>{s.algo};
  try {
    for (const std::string& a : algos) {
      Run r;
      r.algo = a;
      r.name = algo_name(a);
      r.colour = algo_colour(a);
      r.tr = std::make_unique<Trainer>(make_config(a));
      if (s.start == "trained" && pretrained_fits()) r.tr->load_weights(pretrained);
      const sdfc::Config& c = r.tr->config();
      if (c.method != sdfc::Method::BP && s.start != "trained")
        r.pretrain_left = c.init_fb_epochs * std::max(1, train.n / std::max(1, s.batch));
      runs.push_back(std::move(r));
    }
  } catch (const std::exception& e) {
    last_error = e.what();
    runs.clear();
    return;
  }
  main_run = 0;
  if (s.compare)
    for (size_t i = 0; i < runs.size(); ++i)
      if (runs[i].algo == s.algo) main_run = int(i);
  // The stream restarts from the seed: the same settings replay the same run.
  sdfc::Rng rng(s.seed, 7);
  order.resize(size_t(train.n));
  std::iota(order.begin(), order.end(), 0);
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  cursor = 0;
  epoch = 0;
  batches = 0;
  credit = 0;
  for (Run& r : runs) add_curve_point(r);
  W1_start = main().tr->net().W[0];
  ++weights_version;
  trace.valid = false;
  canvas.dirty = true;
  compute_trace(order.empty() ? 0 : order[0]);
}

void App::switch_algorithm(const std::string& algo) {
  if (algo == s.algo) return;
  s.algo = algo;
  if (s.compare) {
    for (size_t i = 0; i < runs.size(); ++i)
      if (runs[i].algo == algo) main_run = int(i);
    trace.valid = false;
    compute_trace(trace.index >= 0 ? trace.index : 0);
    return;
  }
  if (runs.empty()) return rebuild();
  Run& r = runs[0];
  try {
    auto w = r.tr->weights();
    auto tr = std::make_unique<Trainer>(make_config(algo));
    tr->load_weights(w);
    r.tr = std::move(tr);
    r.algo = algo;
    r.name = algo_name(algo);
    r.colour = algo_colour(algo);
    r.pretrain_left = 0;
    r.window = {};
    events.push_back({float(r.samples), std::string("→ ") + r.name});
    last_error.clear();
  } catch (const std::exception& e) {
    last_error = e.what();
  }
  trace.valid = false;
  canvas.dirty = true;
  compute_trace(trace.index >= 0 ? trace.index : 0);
}

void App::apply_hyperparameters() {
  last_error.clear();
  for (Run& r : runs) {
    try {
      sdfc::Config c = make_config(r.algo);
      try {
        r.tr->set_config(c);
      } catch (const sdfc::Error&) {
        // Structural change (e.g. single ↔ two phase): new trainer, same weights.
        auto w = r.tr->weights();
        auto tr = std::make_unique<Trainer>(c);
        tr->load_weights(w);
        r.tr = std::move(tr);
      }
    } catch (const std::exception& e) {
      last_error = e.what();
    }
  }
  canvas.dirty = true;
}

void App::set_compare(bool on) {
  if (on == s.compare) return;
  s.compare = on;
  // Comparison restarts all three from the same initial weights.
  rebuild();
}

void App::load_trained() {
  if (!pretrained_fits()) return;
  s.start = "trained";
  rebuild();
}

// --- training --------------------------------------------------------------------------

void App::next_batch(std::vector<int>& idx) {
  int B = std::max(1, s.batch);
  idx.resize(size_t(B));
  for (int i = 0; i < B; ++i) {
    if (cursor >= order.size()) {  // new epoch: reshuffle
      cursor = 0;
      ++epoch;
      sdfc::Rng rng(s.seed + uint64_t(epoch) * 7919u, 7);
      for (size_t k = order.size(); k > 1; --k) std::swap(order[k - 1], order[rng.below(k)]);
    }
    idx[size_t(i)] = order[cursor++];
  }
}

void App::train_batch(const std::vector<int>& idx) {
  int B = int(idx.size());
  int n0 = sizes().front();
  MatF X(n0, B);
  std::vector<int> labels(static_cast<size_t>(B));
  ++batches;
  for (Run& r : runs) {
    if (!r.failure.empty()) continue;
    const sdfc::Config& c = r.tr->config();
    sdfc::gather_batch<float>(train, idx.data(), B, c.input_norm, X, labels.data());
    try {
      if (r.pretrain_left > 0) {
        r.tr->feedback_step(X, labels.data(), true);
        --r.pretrain_left;
        continue;
      }
      if (c.method != sdfc::Method::BP && !c.single_phase)
        r.tr->feedback_step(X, labels.data(), false);  // two phase: Q learns in its own noisy phase
      sdfc::BatchStats st = r.tr->train_step(X, labels.data());
      r.window.add(st);
      r.samples += B;
      r.last_H = st.H;
      r.last_loss = st.loss;
      if (!std::isfinite(st.loss) || !std::isfinite(st.H) ||
          (batches % 16 == 0 && !weights_finite(*r.tr))) {
        char b[200];
        std::snprintf(
            b, sizeof b,
            "%s diverged after %.0f samples: the loss or the weights are no longer finite "
            "numbers (learning rate %.3g too high?).",
            r.name.c_str(), r.samples, double(c.lr));
        r.failure = b;
        playing = false;
      }
    } catch (const std::exception& e) {
      r.failure = e.what();
      playing = false;
    }
    if (r.failure.empty() && r.samples >= double(r.xs.size()) * curve_every) add_curve_point(r);
  }
  rate_samples += B;
  ++weights_version;
  last_batch_first_ = idx.empty() ? 0 : idx[0];
}

void App::add_curve_point(Run& r) {
  try {
    r.eval = r.tr->evaluate(test, 500);
  } catch (const std::exception& e) {
    r.failure = e.what();
    return;
  }
  const bool bp = r.tr->config().method == sdfc::Method::BP;
  r.xs.push_back(float(r.samples));
  r.loss.push_back(float(r.window.samples ? r.window.loss() : r.eval.loss));
  r.train_acc.push_back(r.window.samples ? float(r.window.acc()) : NAN);
  r.test_acc.push_back(float(r.eval.acc));
  r.H.push_back(!bp && r.window.samples ? float(r.window.H()) : NAN);
  r.window = {};
  if (!std::isfinite(r.eval.loss) || !weights_finite(*r.tr)) {
    r.failure =
        r.name +
        " diverged: the test loss is not a finite number. Reset, or lower the learning rate.";
    playing = false;
  }
}

void App::step_once() {
  if (runs.empty() || diverged()) return;
  std::vector<int> idx;
  next_batch(idx);
  train_batch(idx);
  compute_trace(idx[0]);
}

void App::tick(double now_s, double budget_ms) {
  double dt = std::clamp(now_s - now, 0.0, 0.25);
  now = now_s;
  if (runs.empty() || !fatal.empty()) return;
  if (playing && !diverged()) {
    int B = std::max(1, s.batch);
    if (s.speed <= 0)
      credit = 1e18;
    else
      credit = std::min(credit + s.speed * dt, double(B) + s.speed * 0.1);
    double t0 = clock_ms();
    std::vector<int> idx;
    // At most 400 batches a frame even if the clock does not advance (virtual time).
    for (int n = 0; n < 400 && credit >= B && playing && !diverged(); ++n) {
      next_batch(idx);
      train_batch(idx);
      credit -= B;
      if (clock_ms() - t0 >= budget_ms) break;
    }
    if (s.speed <= 0) credit = 0;
  }
  if (now - rate_t0 >= 0.5) {
    rate_sps = rate_samples / std::max(1e-3, now - rate_t0);
    rate_t0 = now;
    rate_samples = 0;
  }
  if (playing && now - last_trace_time_ >= trace_period && main().samples != last_samples_at_trace_)
    compute_trace(last_batch_first_);
  if (canvas.dirty || (canvas.computed_at >= 0 && now - canvas.computed_at > 0.4 &&
                       canvas_version_ != weights_version))
    update_canvas();
  if (gallery_version != weights_version && now - gallery_at_ > 0.5) update_gallery();
}

// --- views -----------------------------------------------------------------------------

void App::compute_trace(int index) {
  if (runs.empty() || train.n == 0) return;
  index = std::clamp(index, 0, train.n - 1);
  last_trace_time_ = now;
  last_samples_at_trace_ = main().samples;
  Trainer& tr = *main().tr;
  const auto& net = tr.net();
  const int n0 = net.sizes.front(), nL = net.n_out(), L = net.depth();
  Trace t;
  t.index = index;
  t.label = train.y[size_t(index)];
  t.x.assign(train.x.begin() + size_t(index) * size_t(n0),
             train.x.begin() + size_t(index + 1) * size_t(n0));
  t.created = now;
  MatF X = normalise(t.x, 1);
  sdfc::Feedforward<float> ff;
  sdfc::feedforward<float>(net, X, ff);
  t.ff_soft = softmax(ff.logits().data(), nL);
  if (tr.config().method == sdfc::Method::BP) {
    t.note =
        "Backprop has no controller: the output is the feedforward pass; errors travel back "
        "through the transposed weights instead.";
    t.K = 1;
    t.t = {0.0f};
    t.r.resize(1);
    for (int l = 0; l < L; ++l)
      t.r[0].emplace_back(ff.rff[size_t(l)].data(),
                          ff.rff[size_t(l)].data() + net.sizes[size_t(l + 1)]);
    t.fb_norm.assign(1, std::vector<float>(size_t(L), 0.0f));
    t.target.assign(size_t(nL), 0.0f);
    t.target[size_t(t.label)] = 1.0f;
    t.valid = true;
    trace = std::move(t);
    return;
  }
  try {
    int label = t.label;
    MatF target = tr.output_target(ff, &label);
    t.target.assign(target.data(), target.data() + nL);
    sdfc::SimParams p = tr.forward_sim_params();
    p.record = true;
    p.record_layers = true;
    p.forward_sums = false;
    p.feedback = sdfc::FeedbackRule::None;
    p.early_stop_tol = 0;
    if (!sim_) sim_ = std::make_unique<sdfc::Simulator<float>>(1);
    sdfc::SimResult<float> res;
    sim_->run(net, X, ff, target, p, sdfc::default_noise<float>(s.seed + 1000, trace_stream_++, 1),
              res);
    const auto& rec = res.rec;
    t.K = int(rec.u.size());
    t.u.assign(size_t(nL), std::vector<float>(size_t(t.K)));
    t.soft = t.u;
    t.e = t.u;
    t.Qu2.resize(size_t(t.K));
    t.fb_norm.assign(size_t(t.K), std::vector<float>(size_t(L)));
    t.r.resize(size_t(t.K));
    for (int k = 0; k < t.K; ++k) {
      t.t.push_back(float(k * p.dt));
      std::vector<float> sm = softmax(rec.rL[size_t(k)].data(), nL);
      for (int j = 0; j < nL; ++j) {
        t.u[size_t(j)][size_t(k)] = rec.u[size_t(k)](j, 0);
        t.soft[size_t(j)][size_t(k)] = sm[size_t(j)];
        t.e[size_t(j)][size_t(k)] = rec.e.empty() ? 0.0f : rec.e[size_t(k)](j, 0);
      }
      t.Qu2[size_t(k)] = rec.Qu2.empty() ? NAN : rec.Qu2[size_t(k)](0);
      for (int l = 0; l < L; ++l) {
        // ||Q_i u(t)||: the feedback each layer receives (noise-free part).
        t.fb_norm[size_t(k)][size_t(l)] = (net.Q[size_t(l)] * rec.u[size_t(k)].col(0)).norm();
        int n = net.sizes[size_t(l + 1)];
        std::vector<float> rr(static_cast<size_t>(n));
        if (!rec.v.empty()) {
          MatF r(n, 1);
          sdfc::apply_phi<float>(net.hidden, l == L - 1, rec.v[size_t(k)][size_t(l)], r);
          std::copy(r.data(), r.data() + n, rr.begin());
        } else {
          std::copy(ff.rff[size_t(l)].data(), ff.rff[size_t(l)].data() + n, rr.begin());
        }
        t.r[size_t(k)].push_back(std::move(rr));
      }
    }
    t.valid = t.K > 0;
  } catch (const std::exception& e) {
    t.note = std::string("simulation failed: ") + e.what();
  }
  trace = std::move(t);
}

namespace {

// MNIST-style preprocessing of a drawing: fit the ink into a 20×20 box, then move its
// centre of mass to the centre of the 28×28 image (as LeCun et al. prepared MNIST).
std::vector<float> mnistify(const std::vector<float>& px) {
  int x0 = 28, y0 = 28, x1 = -1, y1 = -1;
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x)
      if (px[size_t(y * 28 + x)] > 0.05f) {
        x0 = std::min(x0, x), x1 = std::max(x1, x);
        y0 = std::min(y0, y), y1 = std::max(y1, y);
      }
  if (x1 < 0) return px;
  float w = float(x1 - x0 + 1), h = float(y1 - y0 + 1);
  float sc = 20.0f / std::max(w, h);
  if (sc > 1.0f) sc = std::min(sc, 1.6f);
  std::vector<float> box(28 * 28, 0.0f);
  float cx = (x0 + x1 + 1) * 0.5f, cy = (y0 + y1 + 1) * 0.5f;
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      float sx = (x + 0.5f - 14.0f) / sc + cx - 0.5f, sy = (y + 0.5f - 14.0f) / sc + cy - 0.5f;
      int ix = int(std::floor(sx)), iy = int(std::floor(sy));
      float fx = sx - ix, fy = sy - iy, v = 0;
      for (int dy = 0; dy < 2; ++dy)
        for (int dx = 0; dx < 2; ++dx) {
          int xx = ix + dx, yy = iy + dy;
          if (xx < 0 || yy < 0 || xx >= 28 || yy >= 28) continue;
          v += px[size_t(yy * 28 + xx)] * (dx ? fx : 1 - fx) * (dy ? fy : 1 - fy);
        }
      box[size_t(y * 28 + x)] = std::min(v, 1.0f);
    }
  double m = 0, mx = 0, my = 0;
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      double v = box[size_t(y * 28 + x)];
      m += v, mx += v * x, my += v * y;
    }
  if (m <= 0) return box;
  int shx = int(std::lround(13.5 - mx / m)), shy = int(std::lround(13.5 - my / m));
  std::vector<float> out(28 * 28, 0.0f);
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      int sx = x - shx, sy = y - shy;
      if (sx >= 0 && sy >= 0 && sx < 28 && sy < 28)
        out[size_t(y * 28 + x)] = box[size_t(sy * 28 + sx)];
    }
  return out;
}

}  // namespace

void App::update_canvas() {
  canvas.dirty = false;
  canvas.computed_at = now;
  canvas_version_ = weights_version;
  canvas.ff_soft.clear();
  canvas.H_per_label.clear();
  canvas.ctrl_soft.clear();
  if (runs.empty()) return;
  bool any = std::any_of(canvas.px.begin(), canvas.px.end(), [](float v) { return v > 0.05f; });
  if (!any) return;
  Trainer& tr = *main().tr;
  const auto& net = tr.net();
  const int nL = net.n_out(), side = input_side();
  std::vector<float> img = mnistify(canvas.px);
  if (side != 28) img = resample(img.data(), 28, side);
  MatF X1 = normalise(img, 1);
  MatF logits = tr.predict(X1);
  canvas.ff_soft = softmax(logits.data(), nL);
  if (tr.config().method == sdfc::Method::BP) return;
  // Ten copies of the drawing, one per label: how much control does each label need?
  std::vector<float> rep;
  for (int k = 0; k < nL; ++k) rep.insert(rep.end(), img.begin(), img.end());
  MatF X = normalise(rep, nL);
  std::vector<int> labels(static_cast<size_t>(nL));
  std::iota(labels.begin(), labels.end(), 0);
  try {
    sdfc::Feedforward<float> ff;
    sdfc::feedforward<float>(net, X, ff);
    MatF target = tr.output_target(ff, labels.data());
    sdfc::SimParams p = tr.forward_sim_params();
    p.noise = sdfc::NoiseKind::None;  // deterministic answer for the canvas
    p.forward_sums = false;
    p.feedback = sdfc::FeedbackRule::None;
    p.record = false;
    p.record_layers = false;
    if (!sim_) sim_ = std::make_unique<sdfc::Simulator<float>>(1);
    sdfc::SimResult<float> res;
    sim_->run(net, X, ff, target, p, sdfc::default_noise<float>(1, 1, nL), res);
    sdfc::Vec<float> H = res.H_per_sample(net);
    canvas.H_per_label.assign(H.data(), H.data() + nL);
    int tgt = canvas.target >= 0
                  ? canvas.target
                  : int(std::max_element(canvas.ff_soft.begin(), canvas.ff_soft.end()) -
                        canvas.ff_soft.begin());
    const MatF& rL = res.r.back();
    canvas.ctrl_soft = softmax(rL.col(tgt).data(), nL);
  } catch (const std::exception& e) {
    last_error = e.what();
  }
}

void App::update_gallery() {
  gallery_version = weights_version;
  gallery_at_ = now;
  if (runs.empty() || gallery.empty()) return;
  const int n0 = test.dim, B = int(gallery.size());
  std::vector<float> px(size_t(B) * size_t(n0));
  for (int i = 0; i < B; ++i)
    std::copy(test.x.begin() + size_t(gallery[size_t(i)]) * size_t(n0),
              test.x.begin() + size_t(gallery[size_t(i)] + 1) * size_t(n0),
              px.begin() + size_t(i) * size_t(n0));
  MatF logits = main().tr->predict(normalise(px, B));
  gallery_pred.resize(size_t(B));
  gallery_conf.resize(size_t(B));
  for (int i = 0; i < B; ++i) {
    std::vector<float> p = softmax(logits.col(i).data(), int(logits.rows()));
    int k = int(std::max_element(p.begin(), p.end()) - p.begin());
    gallery_pred[size_t(i)] = k;
    gallery_conf[size_t(i)] = p[size_t(k)];
  }
}

}  // namespace demo
