// test_config.cpp — the configuration's phases and schema against the reference's rules.
//
// Oracle: dfc/utils/args.py post_process_args as spelled in strong_dfc_reference.md §5.3 —
// a feedback-phase value of −1 (or None) is the forward phase's, except alpha_di_fb (its own
// default 0.5); sigma_output(_fb) falls back to the same phase's sigma and
// apical_time_constant(_fb) to the same phase's dt_di. The numbers below are written out by
// hand, not taken from the code under test.
#include <doctest/doctest.h>

#include <cstdio>
#include <sstream>
#include <string>

#include "sdfc/config.h"
#include "sdfc/config_schema.h"
#include "sdfc/presets.h"

using namespace sdfc;

namespace {

// Every field of `c` as the schema prints it, one "name=value" line each.
std::string listing(const Config& c) {
  std::string out;
  for (const ConfigFieldSpec& f : config_schema()) {
    out += f.name + "=";
    if (f.kind == FieldKind::Text) {
      out += f.text(c);
    } else if (f.kind == FieldKind::IntList) {
      for (int n : f.list(c)) out += std::to_string(n) + ",";
    } else {
      char b[40];
      std::snprintf(b, sizeof b, "%.17g", f.number(c));
      out += b;
    }
    out += "\n";
  }
  return out;
}

void set(Config& c, const std::string& name, const std::string& value) {
  const ConfigFieldSpec* f = find_config_spec(name);
  REQUIRE_MESSAGE(f != nullptr, name);
  f->set(c, value);
}

}  // namespace

TEST_CASE("config: the feedback phase inherits the forward phase as the reference does") {
  Config c;
  c.forward.dt_di = 0.01, c.forward.tmax_di = 30, c.forward.k_p = 1.5;
  c.forward.time_constant_ratio = 0.2, c.forward.sigma = 0.1, c.forward.sigma_output = 0.3;
  c.forward.alpha_di = 0.002, c.forward.coarse_steps = 2;
  const Dynamics fb = c.feedback_dynamics();
  CHECK(fb.dt_di == 0.01);
  CHECK(fb.tmax_di == 30);
  CHECK(fb.k_p == 1.5);
  CHECK(fb.time_constant_ratio == 0.2);
  CHECK(fb.sigma == 0.1);
  CHECK(fb.coarse_steps == 2);
  CHECK(fb.alpha_di == 0.5);               // its own default, never the forward 0.002
  CHECK(fb.sigma_output == 0.1);           // this phase's sigma, not the forward sigma_output 0.3
  CHECK(fb.apical_time_constant == 0.01);  // this phase's dt
  const Dynamics fw = c.forward_dynamics();
  CHECK(fw.sigma_output == 0.3);
  CHECK(fw.apical_time_constant == 0.01);

  SUBCASE("given feedback values win; τ_a and σ_output follow the feedback phase's own") {
    c.feedback.dt_di = 0.004, c.feedback.sigma = 0.02;
    const Dynamics f = c.feedback_dynamics();
    CHECK(f.dt_di == 0.004);
    CHECK(f.apical_time_constant == 0.004);
    CHECK(f.sigma_output == 0.02);
  }
  SUBCASE("−1 on the command line is the reference's copy") {
    c.feedback.dt_di = 0.004;
    set(c, "dt_di_fb", "-1");
    set(c, "sigma_output", "-1");
    CHECK(c.feedback_dynamics().dt_di == 0.01);
    CHECK(c.forward_dynamics().sigma_output == 0.1);
  }
  SUBCASE("resolve_and_validate pins every phase field to its resolved value") {
    c.resolve_and_validate();
    REQUIRE(c.feedback.dt_di.has_value());
    CHECK(*c.feedback.dt_di == 0.01);
    CHECK(*c.feedback.sigma_output == 0.1);
    CHECK(*c.forward.apical_time_constant == 0.01);
    // pinned: a later change of the forward phase no longer reaches the feedback phase
    c.forward.dt_di = 0.02;
    CHECK(c.feedback_dynamics().dt_di == 0.01);
  }
  SUBCASE("a forward value of −1 has nothing to copy and is refused, naming the flag") {
    set(c, "dt_di", "-1");
    CHECK_THROWS_WITH_AS(c.resolve_and_validate(), doctest::Contains("--dt_di:"), Error);
    Config d;
    set(d, "alpha_di_fb", "-1");  // not a copy field: refused, not inherited
    CHECK_THROWS_WITH_AS(d.resolve_and_validate(), doctest::Contains("--alpha_di_fb:"), Error);
  }
}

TEST_CASE("config schema: every preset survives print → parse unchanged") {
  for (const std::string& name : preset_names()) {
    CAPTURE(name);
    Config c = preset(name);
    c.resolve_and_validate();
    Config d;  // the engine defaults, then every field from the printed value
    d.sizes = {c.sizes.front(), c.sizes.back()};
    for (const ConfigFieldSpec& f : config_schema()) {
      std::string v;
      if (f.kind == FieldKind::Text) {
        v = f.text(c);
      } else if (f.kind == FieldKind::IntList) {
        for (int n : f.list(c)) v += (v.empty() ? "" : ",") + std::to_string(n);
      } else {
        char b[40];
        std::snprintf(b, sizeof b, "%.17g", f.number(c));
        v = b;
      }
      f.set(d, v);
    }
    d.resolve_and_validate();
    CHECK(listing(d) == listing(c));
  }
}

TEST_CASE("config schema: text fields accept exactly their choices") {
  int text_fields = 0;
  for (const ConfigFieldSpec& f : config_schema()) {
    if (f.kind != FieldKind::Text) continue;
    CAPTURE(f.name);
    ++text_fields;
    REQUIRE_FALSE(f.choices.empty());
    for (const std::string& v : f.choices) {
      Config c;
      f.set(c, v);
      // read back as written (the optimiser names are case-insensitive on input)
      CHECK(f.text(c) == v);
    }
    Config c;
    const std::string flag = "--" + f.name + "=";
    CHECK_THROWS_WITH_AS(f.set(c, "no-such-value"), doctest::Contains(flag.c_str()), Error);
  }
  CHECK(text_fields == 6);  // activation, input_norm, method, forward_mode, two optimisers
}

TEST_CASE("config schema: integers written as floats are range-checked before conversion") {
  Config c;
  set(c, "epochs", "1e3");  // the reference parses some counts as float
  CHECK(c.epochs == 1000);
  // found by fuzz_config (regressions/fuzz_config/integral_float_beyond_long_long.bin): a
  // value beyond long long was converted before the range check (undefined behaviour)
  for (const char* v : {"1e300", "-1.7976931348623157e308", "1e19"}) {
    CAPTURE(v);
    CHECK_THROWS_WITH_AS(set(c, "epochs", v), doctest::Contains("out of range"), Error);
  }
  CHECK_THROWS_WITH_AS(set(c, "epochs", "2.5"), doctest::Contains("not an integer"), Error);
}

TEST_CASE("presets: DFC (noise) is the Strong-DFC (noise) run with weak feedback") {
  // docs/results.md, "DFC (noise)": the row differs from Strong-DFC (noise) only in the
  // feedback strength — method dfc (target = the nudge r_L − λ ∂L/∂r_L) with the λ of the
  // dataset's DFC run (dfc/EXPERIMENTS.rst: --target_stepsize, written out by hand here).
  const struct {
    const char *dfc, *strong;
    double lambda;
  } rows[] = {{"mnist-dfc", "mnist-strong-dfc", 0.013812748252649061},
              {"fmnist-dfc", "fmnist-strong-dfc", 0.019957}};
  for (const auto& row : rows) {
    CAPTURE(row.dfc);
    Config weak = preset(row.dfc), strong = preset(row.strong);
    weak.resolve_and_validate();
    strong.resolve_and_validate();
    CHECK(weak.method == "dfc");
    CHECK(weak.target_stepsize == row.lambda);
    CHECK(weak.single_phase);
    // the schema's fields whose printed values differ (both listings are in schema order)
    std::string differing;
    std::istringstream lw(listing(weak)), ls(listing(strong));
    for (std::string a, b; std::getline(lw, a) && std::getline(ls, b);)
      if (a != b) differing += a.substr(0, a.find('=')) + " ";
    CHECK(differing == "method target_stepsize ");
  }
}
