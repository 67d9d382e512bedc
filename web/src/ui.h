// ui.h — the layout (control column + a grid of panels, one-panel and embed modes)
// and the panel entry points, one file each (panel_*.cpp).
#pragma once
#include "app.h"

namespace demo {

// Fonts (set by main.cpp when the atlas is (re)built for a new scale).
struct Fonts {
  ImFont* body = nullptr;
  ImFont* big = nullptr;    // panel titles
  ImFont* small = nullptr;  // dense labels (gallery, confusion numbers)
};
Fonts& fonts();

// Draw the whole UI for this frame.
void draw_ui(App& app);

// Panel title line with a one-sentence explanation on hover.
void panel_title(const char* title, const char* help);
// Record a widget rectangle for the browser tests (last item).
void record_rect(App& app, const char* name);

// The panels (each draws into the current window / child region).
void panel_controls(App& app);
void panel_toolbar(App& app);  // compact controls for embed mode
void panel_network(App& app);
void panel_dynamics(App& app);
void panel_curves(App& app);
void panel_weights(App& app);
void panel_gallery(App& app);
void panel_confusion(App& app);
void panel_draw(App& app);

// Playhead of the trace animation: stored index k in [0, K−1].
int trace_playhead(const App& app);

}  // namespace demo
