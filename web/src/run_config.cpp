// run_config.cpp — Settings → sdfc::Config (see run_config.h).
#include "run_config.h"

#include <cmath>

#include "sdfc/presets.h"

namespace demo {

std::vector<int> net_sizes(const Settings& s) {
  sdfc::Config base = sdfc::preset("web-small");
  int n0 = base.sizes.front(), nL = base.sizes.back();
  if (s.net == "tiny") return {n0, 32, nL};
  if (s.net == "wide") return {n0, 128, nL};
  if (s.net == "deep") return {n0, 64, 64, nL};
  return base.sizes;
}

int input_side(const Settings& s) {
  return int(std::lround(std::sqrt(double(net_sizes(s).front()))));
}

sdfc::Config make_config(const Settings& s, const std::string& algo) {
  const sdfc::Config web = sdfc::preset("web-small");
  // The method's own dynamics and optimiser constants, adapted to the browser's size
  // and time scale like web-small adapts mnist-strong-dfc.
  const sdfc::MethodInfo& m = sdfc::method_info(algo);
  sdfc::Config c = sdfc::preset(std::string("mnist-") + m.variant(s.noise).key);
  c.sizes = net_sizes(s);
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
  if (m.uses_controller) {
    c.single_phase = s.noise;
    c.noisy_dynamics = s.noise;
    if (s.noise) {
      // σ_output keeps web-small's ratio to σ (the paper's output noise is larger).
      double ratio = web.sigma > 0 && web.sigma_output > 0 ? web.sigma_output / web.sigma : 1.0;
      c.sigma = s.sigma;
      c.sigma_output = s.sigma * ratio;
    }
    if (m.target == sdfc::OutputTarget::WeakNudge) c.target_stepsize = s.lambda;
  }
  c.resolve_and_validate();
  return c;
}

}  // namespace demo

namespace demo {
Settings default_settings() {
  Settings s;
  sdfc::Config c = sdfc::preset("web-small");
  s.sigma = float(c.sigma);
  s.lr = float(c.lr);
  s.lr_fb = float(c.lr_fb);
  s.steps = c.tmax_di;
  s.batch = c.batch_size;
  s.lambda = float(sdfc::preset("mnist-dfc").target_stepsize);
  return s;
}
}  // namespace demo
