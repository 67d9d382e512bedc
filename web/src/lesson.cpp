// lesson.cpp — the lesson's steps (see lesson.h). To add a step: write its apply function
// and add one line to the table.
#include "lesson.h"

#include <algorithm>
#include <vector>

namespace demo {

namespace {

// Every step starts from the same view: one panel, Strong-DFC with noise, default speed.
void base(Settings& s, const char* panel) {
  s.panel = panel;
  s.algo = "strong-dfc";
  s.noise = true;
  s.compare = false;
  s.steady = false;
  s.speed = 600;
}

// 1. The network alone: the trained network's forward pass on test digits.
void forward_alone(Settings& s) {
  base(s, "gallery");
  s.start = "trained";
  s.autoplay = false;
}
// 2. The controller pushes the output of an untrained network onto the label.
void controller_on(Settings& s) {
  base(s, "dynamics");
  s.start = "random";
  s.autoplay = false;
  s.steady = true;
}
// 3. Where the push goes: Q u into every layer, a ring per neuron.
void feedback_per_neuron(Settings& s) {
  base(s, "network");
  s.start = "random";
  s.autoplay = false;
}
// 4. Learning: the loss falls and with it the control H.
void learning_shrinks_control(Settings& s) {
  base(s, "curves");
  s.start = "random";
  s.autoplay = true;
}
// 5. and 6. The paper's table, live: with noise, then without.
void compare_noisy(Settings& s) {
  base(s, "compare");
  s.start = "random";
  s.autoplay = true;
  s.compare = true;
  s.speed = 0;
}
void compare_noiseless(Settings& s) {
  compare_noisy(s);
  s.noise = false;
}

const std::vector<LessonStep>& table() {
  static const std::vector<LessonStep> t = {
      {"The network alone",
       "A forward pass, no controller: 784 pixels → 64 neurons → 10 outputs. The corner of each "
       "test digit shows what the trained network says.",
       forward_alone},
      {"The controller switches on",
       "An untrained network: a controller watches the output and pushes it, through u(t), until "
       "it equals the label (run to its steady state here).",
       controller_on},
      {"Feedback to every neuron",
       "The push reaches every layer through the feedback weights Q: each orange ring is the "
       "feedback Q u that neuron receives.",
       feedback_per_neuron},
      {"Learning shrinks the control",
       "Each neuron learns to produce by itself what the feedback had to add: the loss falls, and "
       "with it the control needed, H = ‖Q u‖².",
       learning_shrinks_control},
      {"Strong-DFC vs DFC vs backprop, with noise",
       "The same mini-batches for every method. With noisy dynamics, DFC's weak feedback (a small "
       "nudge) drowns in the noise; Strong-DFC's strong feedback does not.",
       compare_noisy},
      {"… and without noise",
       "Noise off (a noiseless forward phase): now weak feedback learns as well, close to "
       "backprop — the noise is what strong feedback is for.",
       compare_noiseless},
  };
  return t;
}

}  // namespace

int lesson_count() { return int(table().size()); }

const LessonStep& lesson_step(int n) {
  return table()[size_t(std::clamp(n, 1, lesson_count()) - 1)];
}

void apply_lesson(Settings& s, int n) {
  n = std::clamp(n, 1, lesson_count());
  lesson_step(n).apply(s);
  s.lesson = n;
}

}  // namespace demo
