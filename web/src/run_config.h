// run_config.h — from the demo's Settings to the engine's Config: the network size
// choices and each method's preset adapted to the browser (shared by the training
// session, which trains, and the UI, which simulates single samples for the panels).
#pragma once
#include <string>
#include <vector>

#include "sdfc/config.h"
#include "url_state.h"

namespace demo {

// Layer sizes of the chosen network (n_0 … n_L).
std::vector<int> net_sizes(const Settings& s);
// Input side length (28 for 784 inputs).
int input_side(const Settings& s);
// Config of one run of `algo` (a method name of the registry) under the settings s.
sdfc::Config make_config(const Settings& s, const std::string& algo);

}  // namespace demo

namespace demo {
// Settings with the training defaults of the web-small preset (σ, lr, lr_fb, steps,
// batch) and mnist-dfc's λ; everything else as declared in Settings.
Settings default_settings();
}  // namespace demo
