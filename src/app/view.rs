//! What the window shows, apart from the session: the tab, the workshop and group in view,
//! the focus, table orders, layers, zoom, prompts and notices. Panels own and change it
//! freely; none of it is saved in the session file.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::document::Document;

/// Default zoom of presenter mode: type twice as large on a 1080-pixel-high screen.
pub const PRESENTER_ZOOM: f32 = 2.0;

/// The zoom on the wall: the presenter zoom (Ctrl+= / Ctrl+- change it) scaled to the
/// screen's height in pixels, so type and points take the same share of the wall at
/// 1024×768 as at 1920×1080 (a label is 2.8 % of the height at the default zoom).
pub fn wall_zoom(presenter_zoom: f32, screen_height_px: f32) -> f32 {
    let scale = if screen_height_px.is_finite() && screen_height_px > 0.0 {
        (screen_height_px / 1080.0).clamp(0.5, 2.0)
    } else {
        1.0
    };
    (presenter_zoom * scale).max(0.75)
}

/// The main views, as tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Workshop details and groups.
    Workshop,
    /// One group places commitments.
    Plot,
    /// All groups and the aggregate.
    Compare,
    /// SMART refinement of selected commitments.
    Refine,
    /// Every workshop of the session: layers, agreement, refinements side by side,
    /// conflicts.
    Event,
}

impl View {
    /// Tab order.
    pub const ALL: [Self; 5] = [
        Self::Workshop,
        Self::Plot,
        Self::Compare,
        Self::Refine,
        Self::Event,
    ];

    /// Tab text.
    pub fn label(self) -> String {
        match self {
            Self::Workshop => crate::i18n::tr("Workshop"),
            Self::Plot => crate::i18n::tr("Plot"),
            Self::Compare => crate::i18n::tr("Compare"),
            Self::Refine => crate::i18n::tr("Refine"),
            Self::Event => crate::i18n::tr("All workshops"),
        }
    }
}

/// Columns of the comparison table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortColumn {
    /// List order (commitment id).
    Commitment,
    /// Median desirability.
    Desirability,
    /// Median ambition.
    Ambition,
    /// Spread.
    Spread,
    /// Groups that placed it.
    Groups,
}

/// The parts of the Event view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventTab {
    /// Grid and table.
    Picture,
    /// Refinements of one commitment side by side.
    Refinements,
    /// Merge conflicts.
    Conflicts,
    /// The reasoned response: what became of each idea, and why, beside its evidence.
    Response,
}

/// The Response tab's own state: what the form holds that is not in the session yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResponseForm {
    /// The idea whose outcome was set to "merged into another idea" while the idea it is
    /// merged into is still to be chosen (the session keeps its outcome until then).
    pub merging: Option<String>,
    /// What is typed in "Add criterion…".
    pub new_criterion: String,
    /// The organizer's criterion waiting for "remove it from the responses that cite it?".
    pub confirm_remove: Option<String>,
}

/// Columns of the Event table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventColumn {
    /// List order.
    Commitment,
    /// Workshops that plotted it.
    Workshops,
    /// Groups.
    Groups,
    /// Median desirability.
    Desirability,
    /// Median ambition.
    Ambition,
    /// Spread over all groups.
    Spread,
    /// How far the workshops' medians are apart.
    Disagreement,
    /// Workshops that selected it.
    Selected,
}

/// A short message that fades.
#[derive(Clone, Debug)]
pub struct Toast {
    /// The message.
    pub text: String,
    /// When it disappears (egui time, seconds).
    pub until: f64,
    /// It announces a change to the session: it offers Undo.
    pub undo: bool,
    /// Messages about the same thing (one point moved by several keys or a drag) replace
    /// each other rather than pile up.
    pub key: Option<String>,
}

/// Everything the window shows besides the session. Panels change it directly: it is
/// theirs, and no change to it is an edit.
pub struct WindowState {
    /// The tab shown.
    pub view: View,
    /// Index of the workshop shown.
    pub workshop_index: usize,
    /// The group that is plotting.
    pub group: Option<u32>,
    /// The commitment being refined (and highlighted).
    pub focus: Option<String>,
    /// An error the user must acknowledge.
    pub error: Option<String>,
    /// What failed, as the error's title ("Could not open FILE"); a general title if none.
    pub error_title: Option<String>,
    /// Short notices.
    pub toasts: Vec<Toast>,
    /// Asking for a path by hand, when no native dialog can open.
    pub path_prompt: Option<(super::dialogs::Purpose, String)>,
    /// The group waiting for "remove it and its placements?".
    pub confirm_remove_group: Option<u32>,
    /// Comparison table order: column and ascending.
    pub sort: (SortColumn, bool),
    /// The commitment being dragged on the grid.
    pub dragging: Option<String>,
    /// Workshops hidden in the Event view (by id).
    pub hidden_layers: BTreeSet<String>,
    /// Event view: only commitments selected at two or more workshops.
    pub only_repeated: bool,
    /// Event view: which part is shown.
    pub event_tab: EventTab,
    /// Event view table order.
    pub event_sort: (EventColumn, bool),
    /// The Response tab's form.
    pub response_form: ResponseForm,
    /// Presenter mode: full screen, large type, the grid only.
    pub presenting: bool,
    /// Zoom factor outside presenter mode.
    pub zoom: f32,
    /// Zoom factor in presenter mode.
    pub presenter_zoom: f32,
    /// The activity timer.
    pub timer: super::timer::Timer,
    /// Help → Keyboard shortcuts is open.
    pub show_shortcuts: bool,
    /// File → Export report…'s options are shown, before the file dialog.
    pub export_prompt: bool,
    /// What an export writes, as `cocreate report`'s options: sign-ups (personal data) only
    /// when asked for at each export; the working notes unless left out.
    pub export_options: crate::report::MarkdownOptions,
    /// Work from a run that did not end cleanly, offered at start.
    pub recovery_offer: Option<super::recovery::Found>,
    /// Files opened or saved lately, newest first.
    pub recent: Vec<PathBuf>,
    /// The window's language: `en` or `fr`.
    pub language: String,
    /// The high-contrast theme outside presenter mode too.
    pub high_contrast: bool,
    /// The room as the panels show it, while it is open (refreshed by the app each frame).
    pub room: Option<RoomStatus>,
    /// The room's window (links, devices, lock) is shown.
    pub show_room: bool,
    /// When the timer ends, placing from the devices is locked.
    pub lock_room_when_time_is_up: bool,
    /// Notices raised where the time is not known, shown from the next frame.
    pub later: Vec<String>,
}

/// The room, as the wall and the room's window show it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoomStatus {
    /// Each group's link.
    pub links: Vec<crate::room::GroupLink>,
    /// The devices heard from.
    pub devices: Vec<crate::room::Device>,
    /// How many commitments each group has placed, by group id.
    pub placed: std::collections::BTreeMap<u32, usize>,
    /// Placing is locked.
    pub locked: bool,
}

impl Default for WindowState {
    fn default() -> Self {
        Self {
            view: View::Plot,
            workshop_index: 0,
            group: None,
            focus: None,
            error: None,
            error_title: None,
            toasts: Vec::new(),
            path_prompt: None,
            confirm_remove_group: None,
            sort: (SortColumn::Commitment, true),
            dragging: None,
            hidden_layers: BTreeSet::new(),
            only_repeated: false,
            event_tab: EventTab::Picture,
            event_sort: (EventColumn::Commitment, true),
            response_form: ResponseForm::default(),
            presenting: false,
            zoom: 1.0,
            presenter_zoom: PRESENTER_ZOOM,
            timer: super::timer::Timer::default(),
            show_shortcuts: false,
            export_prompt: false,
            export_options: Default::default(),
            recovery_offer: None,
            recent: Vec::new(),
            language: "en".into(),
            high_contrast: false,
            room: None,
            show_room: false,
            lock_room_when_time_is_up: false,
            later: Vec::new(),
        }
    }
}

impl WindowState {
    /// Keeps the view on parts the document has: a workshop that exists, a group of it.
    pub fn follow(&mut self, doc: &Document) {
        self.workshop_index = doc.workshop_index(self.workshop_index);
        let w = doc.workshop(self.workshop_index);
        if self.group.is_none_or(|g| w.group(g).is_none()) {
            self.group = w.groups.first().map(|g| g.id);
        }
        if self
            .dragging
            .as_deref()
            .is_some_and(|id| doc.session().commitment(id).is_none())
        {
            self.dragging = None;
        }
    }

    /// Shows another workshop of the session, on its first group.
    pub fn show_workshop(&mut self, index: usize, doc: &Document) {
        self.workshop_index = index;
        self.group = None;
        self.follow(doc);
    }

    /// Shows or hides a workshop's layer in the All workshops view.
    pub fn toggle_layer(&mut self, workshop_id: &str) {
        if !self.hidden_layers.remove(workshop_id) {
            self.hidden_layers.insert(workshop_id.to_owned());
        }
    }

    /// The zoom factor in use now (presenter or not).
    pub fn zoom_mut(&mut self) -> &mut f32 {
        if self.presenting {
            &mut self.presenter_zoom
        } else {
            &mut self.zoom
        }
    }

    /// Shows a short notice.
    pub fn notify(&mut self, now: f64, text: impl Into<String>) {
        self.toasts.push(Toast {
            text: text.into(),
            until: now + 4.0,
            undo: false,
            key: None,
        });
    }

    /// Announces a change to the session, with Undo at hand (on the latest notice only). A
    /// later announcement with the same key (the same point moved again) replaces this one.
    pub fn announce(&mut self, now: f64, key: String, text: String) {
        self.toasts
            .retain(|t| t.key.as_deref() != Some(key.as_str()));
        // Undo takes back the latest change: only its notice offers it, so an older
        // notice's button never undoes something else.
        for t in &mut self.toasts {
            t.undo = false;
        }
        self.toasts.push(Toast {
            text,
            until: now + 6.0,
            undo: true,
            key: Some(key),
        });
    }

    /// Shows an error the user must acknowledge, with a title saying what failed.
    pub fn fail(&mut self, title: Option<String>, message: String) {
        self.error_title = title;
        self.error = Some(message);
    }
}

/// Changes whenever the session is edited or another workshop is shown: drawings keyed on
/// it are rebuilt only then.
pub fn content_version(doc: &Document, workshop_index: usize) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut h = std::hash::DefaultHasher::new();
    (doc.generation(), workshop_index).hash(&mut h);
    h.finish()
}
