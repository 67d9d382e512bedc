// schedule.cpp — see schedule.h.
#include "sdfc/schedule.h"

namespace sdfc {

const char* to_string(Pass p) {
  switch (p) {
    case Pass::Pretrain:
      return "pretrain";
    case Pass::Feedback:
      return "feedback";
    case Pass::Forward:
      return "forward";
  }
  return "?";
}

std::vector<Pass> epoch_passes(const Config& c) {
  const bool q = c.method_def().learns_feedback;
  std::vector<Pass> p;
  if (q && !c.single_phase) p.push_back(Pass::Feedback);  // two phase: Q learns in its own phase
  p.push_back(Pass::Forward);
  if (q)
    for (int e = 0; e < c.extra_fb_epochs; ++e) p.push_back(Pass::Feedback);
  return p;
}

}  // namespace sdfc
