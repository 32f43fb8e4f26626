//! The window's look: the light theme projectors wash out least, and its high-contrast
//! variant for the wall.

/// Sets the look: a light theme, which projectors wash out least. Zoom shortcuts are the
/// app's own (see [`Action`](crate::app::actions::Action)), so egui's are off.
pub fn setup_style(ctx: &egui::Context) {
    ctx.set_theme(egui::Theme::Light);
    ctx.set_visuals_of(egui::Theme::Light, visuals(false));
    ctx.options_mut(|o| o.zoom_with_keyboard = false);
    // egui's coarse culling measures every mesh's bounds before copying it into the frame:
    // for the Compare grid's cached meshes (tens of thousands of vertices at a big event)
    // that costs a third of the copy itself, every frame, and never culls anything (they
    // lie inside the plot). Widgets already skip painting what is scrolled out of view.
    ctx.tessellation_options_mut(|o| o.coarse_tessellation_culling = false);
}

/// The light theme; in presenter mode with high contrast: black text, white panels,
/// darker lines, for a washed-out projector.
pub fn visuals(presenting: bool) -> egui::Visuals {
    let mut v = egui::Visuals::light();
    // Darker body text than egui's default grey: at least 4.5:1 on the panel colour.
    v.override_text_color = Some(if presenting {
        egui::Color32::BLACK
    } else {
        egui::Color32::from_gray(40)
    });
    if presenting {
        v.panel_fill = egui::Color32::WHITE;
        v.window_fill = egui::Color32::WHITE;
        v.extreme_bg_color = egui::Color32::WHITE;
        v.widgets.noninteractive.bg_stroke = egui::Stroke::new(1.5, egui::Color32::from_gray(90));
        v.widgets.noninteractive.fg_stroke = egui::Stroke::new(1.5, egui::Color32::BLACK);
    }
    v
}
