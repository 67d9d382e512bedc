// lesson.h — lesson mode (#lesson=N): a short sequence for a lecture. Each step sets the
// demo's state (which panel, which network, training or not …) and shows one sentence.
// A step is one entry in the table in lesson.cpp; each is embeddable on its own slide
// (#embed=1&lesson=N).
#pragma once
#include <string>

#include "url_state.h"

namespace demo {

struct LessonStep {
  const char* title;     // "The controller switches on"
  const char* sentence;  // shown above the panel
  void (*apply)(Settings& s);
};

int lesson_count();
// Step n (1-based, 1 … lesson_count()).
const LessonStep& lesson_step(int n);
// Put the settings into step n's state (s.lesson = n).
void apply_lesson(Settings& s, int n);

}  // namespace demo
