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

// The layout for a display of W × H device pixels: Full (controls + 3×2 panels),
// Compact (slide sizes: controls + two tabbed panels), Column (phones: one scrolling column).
enum class Layout { Full, Compact, Column };
Layout layout_of(const App& app, float W, float H);

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

// Same line as the last item if `w` more pixels fit before the window's right edge,
// else a new line (rows of labels that wrap instead of being cut).
void same_line_if_fits(float w);
// Does an item `w` pixels wide fit on the line after the last item?
bool fits_on_line(float w);
// Dim wrapped text, drawn only if all of it fits in the height left (an optional caption).
void caption(const char* text);

// Playhead of the trace animation: stored index k in [0, K−1].
int trace_playhead(const App& app);

}  // namespace demo
