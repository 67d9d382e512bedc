// test_demo_logic.cpp — the demo's app logic without a window or GL context: shareable links
// (URL state) round-trip for every method of the registry, unknown values warn instead of
// failing, and every method's demo configuration validates with the demo's settings applied.
#include <doctest/doctest.h>

#include "run_config.h"
#include "sdfc/method.h"
#include "sdfc/trainer.h"
#include "url_state.h"

TEST_CASE("demo: the URL state round-trips for every method, noise on and off") {
  for (const sdfc::MethodInfo* m : sdfc::methods())
    for (bool noise : {true, false}) {
      demo::Settings s = demo::default_settings();
      s.algo = m->name, s.noise = noise, s.compare = !noise, s.seed = 17, s.lr = 2.5e-3f;
      const std::string q = demo::to_query(s);
      demo::Settings back = demo::default_settings();
      std::vector<std::string> warnings;
      demo::apply_query(back, q, warnings);
      CAPTURE(q);
      CHECK(warnings.empty());
      CHECK(back.algo == m->name);
      CHECK(demo::to_query(back) == q);
    }
  // aliases of the registry are accepted, unknown names warn and leave the setting alone
  demo::Settings s = demo::default_settings();
  std::vector<std::string> warnings;
  demo::apply_query(s, "algo=backprop", warnings);
  CHECK(s.algo == "bp");
  CHECK(warnings.empty());
  demo::apply_query(s, "algo=hebbian", warnings);
  CHECK(s.algo == "bp");
  CHECK(warnings.size() == 1);
}

TEST_CASE("demo: every method's configuration validates and keeps the method's nature") {
  const demo::Settings s = demo::default_settings();
  for (const sdfc::MethodInfo* m : sdfc::methods()) {
    CAPTURE(m->name);
    const sdfc::Config c = demo::make_config(s, m->name);
    CHECK(c.method == m->name);
    CHECK(c.sizes == demo::net_sizes(s));
    CHECK(c.batch_size == s.batch);
    CHECK_FALSE(c.double_precision);
    if (m->uses_controller) {
      CHECK(c.forward.tmax_di == s.steps);
      CHECK(c.single_phase == s.noise);
    }
    sdfc::Trainer<float> tr(c);  // constructs (validates) without a window
    // the demo starts training at once: no pre-training pass first
    CHECK(tr.position().pass == sdfc::Pass::Forward);
  }
}

TEST_CASE("demo: any engine hyperparameter by its flag name reaches the run and the link") {
  demo::Settings s = demo::default_settings();
  std::vector<std::string> warnings;
  demo::apply_query(s, "#algo=strong-dfc&alpha_di=0.01&k_p_fb=0.5&k_p=1.5&alpha_di=0.02", warnings);
  CHECK(warnings.empty());
  const sdfc::Config c = demo::make_config(s, s.algo);
  CHECK(c.forward_dynamics().alpha_di == 0.02);  // the later value wins
  CHECK(c.forward_dynamics().k_p == 1.5);
  CHECK(c.feedback_dynamics().k_p == 0.5);
  const std::string q = demo::to_query(s);
  CAPTURE(q);
  CHECK(q.find("alpha_di=0.02") != std::string::npos);
  CHECK(q.find("alpha_di=0.01") == std::string::npos);
  demo::Settings back = demo::default_settings();
  demo::apply_query(back, q, warnings);
  CHECK(warnings.empty());
  CHECK(demo::to_query(back) == q);

  SUBCASE("a value the schema refuses, or a field a demo setting owns, warns and is dropped") {
    demo::Settings t = demo::default_settings();
    std::vector<std::string> w;
    demo::apply_query(t, "tmax_di_fb=abc&method=bp&tau_f=0.3", w);
    REQUIRE(w.size() == 2);
    CHECK(w[0].find("tmax_di_fb") != std::string::npos);
    CHECK(w[1].find("algo") != std::string::npos);  // says which setting to use instead
    REQUIRE(t.config.size() == 1);
    CHECK(t.config[0].first == "tau_f");
  }
}
