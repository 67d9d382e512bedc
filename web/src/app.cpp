// app.cpp — the UI thread's side: commands to the training session, snapshots in,
// and the single-sample simulations the panels show (traces, canvas, gallery), run on
// the UI's copy of the main run's network. Training itself lives in session.cpp.
#include "app.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "lesson.h"
#include "run_config.h"
#include "sdfc/backprop.h"
#include "theme.h"
#include "trainer_host.h"

namespace demo {

const sdfc::MethodInfo& method_of(const std::string& algo) { return sdfc::method_info(algo); }

const sdfc::MethodInfo& controller_method(sdfc::OutputTarget t) {
  for (const sdfc::MethodInfo* m : sdfc::methods())
    if (m->uses_controller && m->target == t) return *m;
  return *sdfc::methods().front();
}

const char* algo_name(const std::string& algo) { return method_of(algo).display; }

ImU32 algo_colour(const std::string& algo) {
  const unsigned c = method_of(algo).colour;  // 0xRRGGBB
  return col::rgb(int(c >> 16 & 255), int(c >> 8 & 255), int(c & 255));
}

std::vector<float> softmax(const float* z, int n) {
  if (n <= 0) return {};
  // the engine's column softmax of one n × 1 column
  const MatF p = sdfc::softmax<float>(Eigen::Map<const MatF>(z, n, 1));
  return std::vector<float>(p.data(), p.data() + n);
}

// --- configuration ---------------------------------------------------------------

std::vector<int> App::sizes() const { return net_sizes(s); }
int App::input_side() const { return demo::input_side(s); }
bool App::pretrained_fits() const { return data.pretrained_fits(sizes()); }

bool App::diverged() const {
  for (const Run& r : runs)
    if (!r.failure.empty()) return true;
  return false;
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
  const sdfc::Config c = view_ ? view_->config() : make_config(s, s.algo);
  sdfc::gather_batch<float>(d, idx.data(), B, c.input_norm, X, lab.data());
  return X;
}

// --- data ----------------------------------------------------------------------------

void App::load_data(const std::vector<uint8_t>& asset, const std::vector<uint8_t>& weights_npz) {
  data.load(asset, weights_npz);
  fatal = data.fatal;
  pretrained_info = data.pretrained_info;
  for (const std::string& w : data.warnings) warnings.push_back(w);
  if (!fatal.empty()) return;
  host::start(asset, weights_npz);
  data.resample(input_side());
  gallery.clear();
  for (int i = 0; i < std::min(data.test.n, 60); ++i) gallery.push_back(i);
}

// --- commands --------------------------------------------------------------------------

void App::send(const char* verb) {
  if (fatal.empty()) host::send(++cmd_seq_, verb, to_query(s));
}

void App::rebuild_view() {
  const std::string algo = runs.empty() ? s.algo : main().algo;
  try {
    auto v = std::make_unique<Trainer>(make_config(s, algo));
    if (!weights_.empty()) {
      try {
        v->load_weights(weights_);
      } catch (const std::exception&) {  // a size change: the next snapshot brings them
      }
    }
    view_ = std::move(v);
    view_algo_ = algo;
  } catch (const std::exception& e) {
    last_error = e.what();
  }
  canvas.dirty = true;
}

void App::rebuild() {
  last_error.clear();
  if (!fatal.empty()) return;
  data.resample(input_side());
  weights_.clear();
  runs.clear();
  events.clear();
  send("rebuild");
  rebuild_seq_ = cmd_seq_;
  rebuild_view();
  if (view_) W1_start = view_->net().W[0];
  trace.valid = false;
  compute_trace(0);
}

void App::switch_algorithm(const std::string& algo) {
  if (algo == s.algo) return;
  s.algo = algo;
  send("algo");
  rebuild_seq_ = cmd_seq_;
}

void App::apply_hyperparameters() {
  send("hyper");
  rebuild_view();
}

void App::set_compare(bool on) {
  if (on == s.compare) return;
  s.compare = on;
  rebuild();  // comparison restarts every method from the same initial weights
}

void App::load_trained() {
  if (!pretrained_fits()) return;
  s.start = "trained";
  rebuild();
}

void App::set_playing(bool on) {
  playing = on;
  s.autoplay = on;
  send(on ? "play" : "pause");
}

void App::step_once() {
  if (runs.empty() || diverged()) return;
  playing = false;
  s.autoplay = false;
  send("step");
}

void App::poison() { send("poison"); }

void App::go_lesson(int n) {
  apply_lesson(s, n);
  playing = s.autoplay;
  rebuild();
}

void App::set_steady(bool on) {
  s.steady = on;
  canvas.dirty = true;
  trace.valid = false;
  compute_trace(trace.index >= 0 ? trace.index : last_batch_first_);
}

// --- snapshots ---------------------------------------------------------------------------

void App::apply(const Snapshot& sn) {
  ++snapshots;
  if (sn.cmd_seq < rebuild_seq_) return;        // from before our last rebuild / method switch
  const bool current = sn.cmd_seq == cmd_seq_;  // the session has seen all our commands
  if (current) {
    playing = sn.playing;
    last_error = sn.last_error;
  }
  const size_t before = runs.size();
  runs.clear();
  for (const RunView& v : sn.runs) {
    Run r;
    static_cast<RunView&>(r) = v;
    r.colour = algo_colour(v.algo);
    runs.push_back(std::move(r));
  }
  main_run = std::clamp(sn.main_run, 0, std::max(0, int(runs.size()) - 1));
  batches = sn.batches;
  epoch = sn.epoch;
  rate_sps = sn.rate_sps;
  busy = sn.busy;
  events = sn.events;
  last_batch_first_ = sn.last_batch_first;
  if (!sn.W1_start.empty() && !sn.weights.empty()) {
    const sdfc::Tensor& W1 = sn.weights[0];
    if (W1.shape.size() == 2 && int64_t(sn.W1_start.size()) == W1.numel())
      W1_start = Eigen::Map<const MatF>(sn.W1_start.data(), W1.shape[0], W1.shape[1]);
  }
  if (!sn.weights.empty() && int(sn.weights_version) != weights_version) {
    weights_version = int(sn.weights_version);
    weights_ = sn.weights;
    const bool algo_changed = !runs.empty() && main().algo != view_algo_;
    if (!view_ || algo_changed || before == 0) rebuild_view();
    try {
      view_->load_weights(weights_);
    } catch (const std::exception& e) {
      last_error = e.what();
    }
    if (algo_changed || sn.generation != generation_) {
      generation_ = sn.generation;
      trace.valid = false;
      compute_trace(last_batch_first_);
    }
  }
}

void App::tick(double now_s) {
  now = now_s;
  std::vector<uint8_t> b;
  while (host::poll(b)) {
    try {
      apply(decode(b.data(), b.size()));
    } catch (const std::exception& e) {
      last_error = e.what();
    }
  }
  if (runs.empty() || !fatal.empty() || !view_) return;
  if (playing && now - last_trace_time_ >= trace_period && main().samples != last_samples_at_trace_)
    compute_trace(last_batch_first_);
  if (canvas.dirty || (canvas.computed_at >= 0 && now - canvas.computed_at > 0.4 &&
                       canvas_version_ != weights_version))
    update_canvas();
  if (gallery_version != weights_version && now - gallery_at_ > 0.5) update_gallery();
}

// --- views -----------------------------------------------------------------------------

void App::compute_trace(int index) {
  const sdfc::Dataset& train = data.train;
  if (!view_ || train.n == 0) return;
  index = std::clamp(index, 0, train.n - 1);
  last_trace_time_ = now;
  last_samples_at_trace_ = runs.empty() ? 0 : main().samples;
  Trainer& tr = *view_;
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
  if (!tr.config().method_def().uses_controller) {
    const sdfc::MethodInfo& m = tr.config().method_def();
    t.note = std::string(m.display) + " has no controller: the output is the feedforward pass. " +
             m.blurb;
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
    sdfc::TraceOptions o;
    o.time_factor = s.steady ? kSteadyFactor : 1;  // same dt, 20× the time
    o.layers = true;
    o.noise_seed = s.seed + 1000, o.noise_stream = trace_stream_++;
    t.steady = s.steady;
    const double dt = tr.forward_sim_params().dt;
    const sdfc::SimResult<float> res = tr.trace(X, &label, o);
    const auto& rec = res.rec;
    // At most kTracePoints stored points (a steady-state run has 20× the steps; WebGL2 draw
    // lists hold < 65536 vertices): every stride-th step, the last one always.
    const int K_sim = int(rec.u.size()), kTracePoints = 201;
    const int stride = std::max(1, (K_sim - 1 + kTracePoints - 2) / (kTracePoints - 1));
    std::vector<int> ks;
    for (int k = 0; k < K_sim; k += stride) ks.push_back(k);
    if (!ks.empty() && ks.back() != K_sim - 1) ks.push_back(K_sim - 1);
    t.K = int(ks.size());
    t.u.assign(size_t(nL), std::vector<float>(size_t(t.K)));
    t.soft = t.u;
    t.e = t.u;
    t.Qu2.resize(size_t(t.K));
    t.fb_norm.assign(size_t(t.K), std::vector<float>(size_t(L)));
    t.r.resize(size_t(t.K));
    for (int k = 0; k < t.K; ++k) {
      const size_t ki = size_t(ks[size_t(k)]);  // the simulation step stored as point k
      t.t.push_back(float(double(ki) * dt));
      std::vector<float> sm = softmax(rec.rL[ki].data(), nL);
      for (int j = 0; j < nL; ++j) {
        t.u[size_t(j)][size_t(k)] = rec.u[ki](j, 0);
        t.soft[size_t(j)][size_t(k)] = sm[size_t(j)];
        t.e[size_t(j)][size_t(k)] = rec.e.empty() ? 0.0f : rec.e[ki](j, 0);
      }
      t.Qu2[size_t(k)] = rec.Qu2.empty() ? NAN : rec.Qu2[ki](0);
      for (int l = 0; l < L; ++l) {
        // ||Q_i u(t)||: the feedback each layer receives (noise-free part).
        t.fb_norm[size_t(k)][size_t(l)] = (net.Q[size_t(l)] * rec.u[ki].col(0)).norm();
        int n = net.sizes[size_t(l + 1)];
        std::vector<float> rr(static_cast<size_t>(n));
        if (!rec.v.empty()) {
          MatF r(n, 1);
          sdfc::apply_phi<float>(net.hidden, l == L - 1, rec.v[ki][size_t(l)], r);
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
  if (!view_) return;
  bool any = std::any_of(canvas.px.begin(), canvas.px.end(), [](float v) { return v > 0.05f; });
  if (!any) return;
  Trainer& tr = *view_;
  const auto& net = tr.net();
  const int nL = net.n_out(), side = input_side();
  std::vector<float> img = mnistify(canvas.px);
  if (side != 28) img = resample_image(img.data(), 28, side);
  MatF X1 = normalise(img, 1);
  MatF logits = tr.predict(X1);
  canvas.ff_soft = softmax(logits.data(), nL);
  if (!tr.config().method_def().uses_controller) return;
  // Ten copies of the drawing, one per label: how much control does each label need?
  std::vector<float> rep;
  for (int k = 0; k < nL; ++k) rep.insert(rep.end(), img.begin(), img.end());
  MatF X = normalise(rep, nL);
  std::vector<int> labels(static_cast<size_t>(nL));
  std::iota(labels.begin(), labels.end(), 0);
  try {
    sdfc::TraceOptions o;
    o.time_factor = s.steady ? kSteadyFactor : 1;
    o.noise = false;  // a deterministic answer for the canvas
    canvas.steady = s.steady;
    const sdfc::Control<float> ctrl = tr.control_needed(X, labels.data(), o);
    canvas.H_per_label.assign(ctrl.H.data(), ctrl.H.data() + nL);
    int tgt = canvas.target >= 0
                  ? canvas.target
                  : int(std::max_element(canvas.ff_soft.begin(), canvas.ff_soft.end()) -
                        canvas.ff_soft.begin());
    const MatF& rL = ctrl.rL;
    canvas.ctrl_soft = softmax(rL.col(tgt).data(), nL);
  } catch (const std::exception& e) {
    last_error = e.what();
  }
}

void App::update_gallery() {
  gallery_version = weights_version;
  gallery_at_ = now;
  const sdfc::Dataset& test = data.test;
  if (!view_ || gallery.empty()) return;
  const int n0 = test.dim, B = int(gallery.size());
  std::vector<float> px(size_t(B) * size_t(n0));
  for (int i = 0; i < B; ++i)
    std::copy(test.x.begin() + size_t(gallery[size_t(i)]) * size_t(n0),
              test.x.begin() + size_t(gallery[size_t(i)] + 1) * size_t(n0),
              px.begin() + size_t(i) * size_t(n0));
  MatF logits = view_->predict(normalise(px, B));
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
