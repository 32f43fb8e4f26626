//! Preferences remembered between runs (eframe persistence): never the session.

use std::path::PathBuf;

use super::view::{PRESENTER_ZOOM, WindowState};

/// Where preferences are kept in eframe's storage.
pub const PREFS_KEY: &str = "cocreate_preferences";

/// Preferences remembered between runs (eframe persistence): never the session.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Zoom outside presenter mode.
    pub zoom: f32,
    /// Zoom in presenter mode.
    pub presenter_zoom: f32,
    /// `en` or `fr`.
    pub language: String,
    /// Recent files, newest first.
    pub recent: Vec<PathBuf>,
    /// The timer's length.
    pub timer_minutes: u32,
    /// Theme: the high-contrast light theme everywhere, not only in presenter mode.
    pub high_contrast: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            presenter_zoom: PRESENTER_ZOOM,
            language: "en".into(),
            recent: Vec::new(),
            timer_minutes: 10,
            high_contrast: false,
        }
    }
}

impl Prefs {
    /// The preferences of a window.
    pub fn of(state: &WindowState) -> Self {
        Self {
            zoom: state.zoom,
            presenter_zoom: state.presenter_zoom,
            language: state.language.clone(),
            recent: state.recent.clone(),
            timer_minutes: state.timer.minutes,
            high_contrast: state.high_contrast,
        }
    }

    /// Puts them into a window's state.
    pub fn restore_into(&self, state: &mut WindowState) {
        state.zoom = self.zoom.clamp(0.5, 4.0);
        state.presenter_zoom = self.presenter_zoom.clamp(0.5, 4.0);
        let known = crate::i18n::LANGUAGES
            .iter()
            .any(|(code, _)| *code == self.language);
        state.language = if known {
            self.language.clone()
        } else {
            "en".into()
        };
        state.recent = self.recent.clone();
        state.timer.minutes = self.timer_minutes.clamp(1, 180);
        state.high_contrast = self.high_contrast;
    }
}
