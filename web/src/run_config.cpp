// run_config.cpp — Settings → sdfc::Config (see run_config.h).
#include "run_config.h"

#include <cmath>

#include "sdfc/config_schema.h"
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
  const sdfc::Dynamics web_fw = web.forward_dynamics(), web_fb = web.feedback_dynamics();
  c.forward.dt_di = web_fw.dt_di, c.forward.time_constant_ratio = web_fw.time_constant_ratio;
  c.feedback.dt_di = web_fb.dt_di, c.feedback.time_constant_ratio = web_fb.time_constant_ratio;
  c.forward.tmax_di = s.steps;
  c.feedback.tmax_di = s.steps;
  c.batch_size = s.batch;
  c.random_seed = s.seed;
  c.opt.lr = s.lr;
  c.opt_fb.lr = s.lr_fb;
  if (m.uses_controller) {
    c.single_phase = s.noise;
    c.noisy_dynamics = s.noise;
    if (s.noise) {
      // σ_output keeps web-small's ratio to σ (the paper's output noise is larger).
      const double ratio =
          web_fw.sigma > 0 && web_fw.sigma_output > 0 ? web_fw.sigma_output / web_fw.sigma : 1.0;
      c.forward.sigma = s.sigma;
      c.forward.sigma_output = s.sigma * ratio;
    }
    if (m.target == sdfc::OutputTarget::WeakNudge) c.target_stepsize = s.lambda;
  }
  // the link's engine hyperparameters (url_state.h), by the schema that parsed them
  for (const auto& [flag, value] : s.config) sdfc::find_config_spec(flag)->set(c, value);
  c.resolve_and_validate();
  return c;
}

}  // namespace demo

namespace demo {
Settings default_settings() {
  Settings s;
  sdfc::Config c = sdfc::preset("web-small");
  s.sigma = float(c.forward_dynamics().sigma);
  s.lr = float(c.opt.lr);
  s.lr_fb = float(c.opt_fb.lr);
  s.steps = c.forward_dynamics().tmax_di;
  s.batch = c.batch_size;
  s.lambda = float(sdfc::preset("mnist-dfc").target_stepsize);
  return s;
}
}  // namespace demo
