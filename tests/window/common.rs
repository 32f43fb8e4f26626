//! What the window tests share: the app on a harness, a file picker that answers from a queue,
//! and small steps a person takes.
#![allow(dead_code)]

pub use cocreate::app::dialogs::{FilePicker, Picked, Purpose};
pub use cocreate::app::{AppState, View};
pub use cocreate::shell::App;
pub use egui::{Key, Modifiers};
pub use egui_kittest::Harness;
pub use egui_kittest::kittest::{AccessKitNode, NodeT as _, Queryable as _};
pub use std::path::PathBuf;
pub use std::sync::{Arc, Mutex};

/// Answers file dialogs from a queue, at once.
#[derive(Default)]
pub struct FakePicker(pub Mutex<Vec<Picked>>);

impl FakePicker {
    pub fn answering(answers: Vec<Picked>) -> Arc<Self> {
        Arc::new(Self(Mutex::new(answers)))
    }
}

impl FilePicker for FakePicker {
    fn pick(&self, _purpose: Purpose, _current: Option<&std::path::Path>) -> Picked {
        let mut queue = self.0.lock().unwrap();
        if queue.is_empty() {
            Picked::Cancelled
        } else {
            queue.remove(0)
        }
    }
    fn is_immediate(&self) -> bool {
        true
    }
}

pub fn harness_with(state: AppState, picker: Arc<FakePicker>) -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| {
            cocreate::ui::theme::setup_style(&cc.egui_ctx);
            App::with_picker(state, picker)
        });
    harness.run_steps(2);
    harness
}

pub fn harness() -> Harness<'static, App> {
    harness_with(AppState::bundled(), FakePicker::answering(vec![]))
}

/// A window on `session` (no file), on the `tab` view, its first frames run (tables size
/// their columns over them).
pub fn harness_on(session: cocreate::model::Session, tab: &str) -> Harness<'static, App> {
    let mut h = harness_with(AppState::new(session, None), FakePicker::answering(vec![]));
    h.get_by_label(tab).click();
    h.run_steps(4);
    h
}

/// Focuses the text field with this label and types into it, as a person would.
pub fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run_steps(1);
    h.get_by_label(label).type_text(text);
    h.run_steps(2);
}

/// Another session, a demo with two groups, saved at `path`.
pub fn save_another_session(path: &std::path::Path) {
    cocreate::file::save(
        &cocreate::demo::generate(cocreate::demo::bundled_commitments(), 2, 5),
        path,
    )
    .unwrap();
}

/// The bundled session with one recent file, `other.ron` in `dir` (another session).
pub fn with_a_recent_file(dir: &std::path::Path) -> (PathBuf, AppState) {
    let other = dir.join("other.ron");
    save_another_session(&other);
    let mut state = AppState::bundled();
    state.window.recent = vec![other.clone()];
    (other, state)
}

/// An edit that leaves unsaved work: commitment 4 placed in the Plot view.
pub fn make_an_edit(h: &mut Harness<'_, App>) {
    h.get_by_label("Plot").click();
    h.run_steps(2);
    h.get_by_label("Place commitment 4").click();
    h.run_steps(2);
}

/// File ▸ Open recent ▸ `name`.
pub fn open_recent(h: &mut Harness<'_, App>, name: &str) {
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Open recent").hover();
    h.run_steps(2);
    h.get_by_label(name).click();
    // The menu closes, then a prompt can open.
    h.run_steps(5);
}

/// The three Ontario 2016 workshops merged: a session with three layers.
pub fn merged_ontario() -> cocreate::model::Session {
    let inputs: Vec<_> = cocreate::demo::ontario_2016()
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    cocreate::merge::merge(&inputs).unwrap()
}

/// The grid's last screen ↔ plot transform, to find points on screen.
pub fn grid_transform(h: &Harness<'_, App>) -> egui_plot::PlotTransform {
    h.ctx
        .data(|d| d.get_temp(cocreate::ui::grid::transform_id()))
        .expect("the grid was drawn")
}

pub fn ctrl(harness: &mut Harness<'_, App>, key: Key) {
    harness.key_press_modifiers(Modifiers::COMMAND, key);
    harness.run_steps(3);
}

/// What a widget reads out: a label's text is its value in AccessKit.
pub fn text_of(node: &AccessKitNode<'_>) -> String {
    let text = if node.role() == egui::accesskit::Role::Label {
        node.value()
    } else {
        node.label()
    };
    text.unwrap_or_default()
}

/// Every text painted in the last frame, as painted: the grid's tick labels, band names and
/// axis titles too, which are not in the accessibility tree.
pub fn painted_texts(h: &Harness<'_, App>) -> Vec<String> {
    fn walk(shape: &egui::Shape, out: &mut Vec<String>) {
        match shape {
            egui::Shape::Text(t) => out.push(t.galley.text().to_owned()),
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        walk(&clipped.shape, &mut out);
    }
    out
}

/// The first Ontario 2016 workshop alone (Central): one workshop, four groups, placements.
pub fn central() -> cocreate::model::Session {
    cocreate::demo::ontario_2016().remove(0).1
}
