// presets.h — the paper's configurations (dfc/EXPERIMENTS.rst, resolved in
// strong_dfc_reference.md §5.1–5.2) and a small fast preset for the browser.
#pragma once
#include <string>
#include <vector>

#include "sdfc/config.h"

namespace sdfc {

// Names: mnist-bp, mnist-dfc, mnist-dfc-nonoise, mnist-strong-dfc, mnist-strong-dfc-nonoise,
// the same five with the prefix fmnist-, {mnist,fmnist}-dfa (an extra row),
// {mnist,fmnist}-dfc-spec (the spec's first reading of DFC (noise)) and web-small. Throws Error on
// an unknown name (the message lists the valid ones).
Config preset(const std::string& name);
std::vector<std::string> preset_names();
// One line describing the preset (method, phase, source of its numbers).
std::string preset_description(const std::string& name);
// Which dataset a preset trains on: "mnist" or "fashion-mnist".
std::string preset_dataset(const std::string& name);

}  // namespace sdfc
