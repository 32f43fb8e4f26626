//! cocreate: plot, compare, select and refine open-government commitments in co-creation
//! workshops.
//!
//! The library holds everything that works without a window — the model, the session file,
//! CSV import, SMART rules, statistics and the demo generator — plus the window itself in
//! `shell`, `ui` and `app` (the `gui` feature, on by default). The arrows point one way:
//! `shell` (the eframe `App`) → `ui` (the panels) → `app` (the window's state) → the rest; the model, file, import, smart, stats, layout, merge, report, export
//! and demo modules never use egui, and build without it (`--no-default-features`, as the fuzz targets do).
//! Nor do they translate: they say what they have to say in [`text::Message`]s and typed
//! errors, which [`i18n`] puts in the user's language for the window and the command line
//! (`tests/arrows.rs` checks both).

rust_i18n::i18n!("assets/i18n", fallback = "en");

#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod decidim;
pub mod demo;
pub mod document;
pub mod export;
pub mod file;
pub mod fuzzing;
pub mod i18n;
pub mod import;
pub mod irm;
pub mod layout;
pub mod merge;
pub mod model;
pub mod pack;
pub mod report;
pub mod response;
pub mod room;
#[cfg(feature = "gui")]
pub mod shell;
pub mod smart;
pub mod stats;
pub mod text;
#[cfg(feature = "gui")]
pub mod ui;
