//! Widgets more than one panel uses: the selection checkbox, the sort arrow, accessible
//! names, lazy tooltips, commitment lines.

use egui::Role;

use crate::app::{Command, WindowState};
use crate::document::Document;
use crate::i18n::{tr, trf};

/// Tooltips whose text is made only when it is needed: when the tooltip shows, or when a
/// screen reader is listening (egui then gives the widget the text as its description).
/// A translated text is looked up and copied each time it is asked for; most frames
/// need neither.
pub trait LazyHover {
    fn on_hover_text_with(self, text: impl FnOnce() -> String) -> Self;
}

impl LazyHover for egui::Response {
    fn on_hover_text_with(self, text: impl FnOnce() -> String) -> Self {
        if self.ctx.has_accesskit_node(self.id) {
            return self.on_hover_text(text());
        }
        self.on_hover_ui(|ui| {
            // As egui's own tooltips: dynamic content must not shrink the tooltip.
            ui.set_max_width(ui.spacing().tooltip_width);
            ui.label(text());
        })
    }
}

/// Brings a widget into view when it gains the focus (reached with Tab at the edge of a
/// scrolled list): egui scrolls to a text field's cursor, not to other widgets.
pub fn scroll_into_view_when_focused(response: &egui::Response) {
    if response.gained_focus() {
        response.scroll_to_me(None);
    }
}

/// Gives a widget an accessible name (read by screen readers and found by UI tests), for
/// buttons whose visible text repeats on every row.
pub fn name_widget(response: &egui::Response, kind: egui::Role, name: impl Fn() -> String) {
    let enabled = response.enabled();
    // Built only when asked (a screen reader or a test is listening), not every frame.
    response.widget_info(|| egui::WidgetInfo::labeled(kind, enabled, name()));
}

/// "7. Title", shortened for lists.
pub fn commitment_line(id: &str, title: &str, max_chars: usize) -> String {
    let mut text = format!("{id}. {title}");
    if text.chars().count() > max_chars {
        text = text
            .chars()
            .take(max_chars.saturating_sub(1))
            .collect::<String>()
            + "…";
    }
    text
}

/// The side of [`sort_arrow`]'s square (the space every sortable header keeps for it).
pub fn sort_arrow_size(ui: &egui::Ui) -> f32 {
    ui.text_style_height(&egui::TextStyle::Body) * 0.7
}

/// A small triangle: up for ascending, down for descending (drawn: the default fonts have
/// no arrow glyphs).
pub fn sort_arrow(ui: &mut egui::Ui, ascending: Option<bool>) {
    let size = egui::Vec2::splat(sort_arrow_size(ui));
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let Some(ascending) = ascending else { return };
    let (c, r) = (rect.center(), rect.width() * 0.45);
    let points = if ascending {
        vec![
            c + egui::vec2(0.0, -r),
            c + egui::vec2(r, r * 0.7),
            c + egui::vec2(-r, r * 0.7),
        ]
    } else {
        vec![
            c + egui::vec2(-r, -r * 0.7),
            c + egui::vec2(r, -r * 0.7),
            c + egui::vec2(0.0, r),
        ]
    };
    let color = ui.visuals().strong_text_color();
    ui.painter().add(egui::Shape::convex_polygon(
        points,
        color,
        egui::Stroke::NONE,
    ));
}

/// The "selected for refinement" checkbox of one commitment.
pub fn selection_checkbox(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    id: &str,
    commands: &mut Vec<Command>,
) {
    let mut selected = doc.workshop(state.workshop_index).is_selected(id);
    let response = ui
        .checkbox(&mut selected, "")
        .on_hover_text_with(|| tr("Selected for refinement"));
    let enabled = response.enabled();
    // Named only when asked (a screen reader or a test is listening).
    response.widget_info(|| {
        let name = trf("Select commitment %{id}", &[("id", &id)]);
        egui::WidgetInfo::selected(Role::CheckBox, enabled, selected, name)
    });
    scroll_into_view_when_focused(&response);
    if response.changed() {
        commands.push(Command::SetSelected(id.to_owned(), selected));
    }
}
