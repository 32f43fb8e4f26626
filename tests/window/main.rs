//! The real app, driven through egui_kittest: widgets found by their labels, keys pressed,
//! and the session checked afterwards. One module per view; `panels` tests each panel on a
//! harness of its own.

mod common;

mod compare;
mod event;
mod files;
mod menus;
mod panels;
mod plan;
mod plot;
mod presenter;
mod promises;
mod refine;
mod response;
mod room;
mod undo;
mod workshop;
