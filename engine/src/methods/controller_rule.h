// controller_rule.h — the forward step shared by the controller methods (DFC, Strong-DFC):
// simulate the controlled network, then the forward rule of Config::forward_mode, and in
// single phase also Q's rule from the same noisy simulation (spec §3–§4).
#pragma once
#include "methods/method_unit.h"

namespace sdfc {

template <class S>
bool controller_forward_grads(StepContext<S>& ctx);

// Single-phase Q rule and the forward rule of one simulation, shared with diagnostics.
template <class S>
void forward_rule_of_simulation(const Config& c, const Network<S>& net, CMatRef<S> X,
                                const SimResult<S>& res, int K, Grads<S>& g);

}  // namespace sdfc
