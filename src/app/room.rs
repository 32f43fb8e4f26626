//! The window's side of the room: opening it on the workshop shown, with the page's texts in
//! the window's language; each frame, the devices' edits applied through
//! [`super::AppState::apply_edit`] (announced, undoable) and answered; the result published
//! back to the pages.

use std::net::SocketAddr;

use crate::document::EditError;
use crate::i18n::tr;
use crate::room::{Room, RoomConfig};

/// Every text of the group's page, by its English text (the translation key).
pub const PAGE_TEXTS: &[&str] = &[
    "Desirability",
    "Ambition",
    "none",
    "minor",
    "moderate",
    "transformative",
    "unclear",
    "modest",
    "substantial",
    "%{placed}/%{total} placed",
    "Offline: your changes will be sent when the connection is back",
    "Placing is locked by the facilitator",
    "To place",
    "Send back",
    "Your reason (optional)",
    "Place",
    "Saved",
    "Sending…",
    "This link is no longer valid. Ask the facilitator for your group's link.",
    "Placed",
    "Commitments",
    "Description",
    "Choose a commitment in the list, then tap the grid to place it. Drag a point to move it.",
    "Tap the grid where it belongs, or press Place.",
    "Desirability %{d} · ambition %{a} (%{level})",
];

/// The page's key for the criteria line (the window shows it as a heading and three
/// criteria, each translated).
pub const CRITERIA_KEY: &str = "Desirability — the commitment 1) has a tangible impact on Ontarians 2) advances my work / the open-government movement 3) enables more meaningful public participation";

/// The room's configuration for the window's language.
pub fn config(addr: Option<SocketAddr>, language: &str) -> RoomConfig {
    let mut texts: std::collections::BTreeMap<String, String> = PAGE_TEXTS
        .iter()
        .map(|key| ((*key).to_owned(), tr(key)))
        .collect();
    let mut criteria = tr("Desirability — the commitment");
    for (i, c) in crate::model::DESIRABILITY_CRITERIA.iter().enumerate() {
        criteria.push_str(&format!("  {}) {}", i + 1, tr(c)));
    }
    texts.insert(CRITERIA_KEY.to_owned(), criteria);
    let mut config = RoomConfig {
        texts,
        language: language.to_owned(),
        ..RoomConfig::default()
    };
    if let Some(addr) = addr {
        config.addr = addr;
    }
    config
}

impl super::AppState {
    /// Opens the room on the workshop shown ([`Room::links`] gives each group's link).
    pub fn open_room(&mut self, addr: Option<SocketAddr>) -> std::io::Result<()> {
        if self.room.is_some() {
            return Ok(());
        }
        let wake = std::sync::Arc::clone(&self.wake);
        // Opened again on the same workshop, the room keeps its links: the phones' pages
        // carry on, with what they kept while it was closed.
        let workshop = self.workshop().id.clone();
        let previous = match &self.room_links {
            Some((id, tokens)) if *id == workshop => tokens.clone(),
            _ => Default::default(),
        };
        let room = Room::reopen(
            config(addr, &self.window.language),
            &self.doc,
            self.window.workshop_index,
            move || wake.wake(),
            &previous,
        )?;
        self.room_links = Some((workshop, room.tokens()));
        self.room = Some(room);
        Ok(())
    }

    /// Publishes the document to the pages after the frame's edits, the window's own and
    /// the devices', and refreshes the room as the panels show it when something in it
    /// changed (not every frame). Cheap when nothing changed.
    pub fn publish_room(&mut self) {
        let Some(room) = self.room.as_mut() else {
            self.window.room = None;
            self.room_shown = None;
            return;
        };
        room.publish(&self.doc);
        let shown = (room.revision(), self.doc.generation());
        if self.room_shown == Some(shown) && self.window.room.is_some() {
            return;
        }
        self.room_shown = Some(shown);
        let mut placed = std::collections::BTreeMap::new();
        if let Some(w) = room.workshop(&self.doc) {
            for p in &w.placements {
                *placed.entry(p.group).or_insert(0) += 1;
            }
        }
        self.window.room = Some(crate::app::RoomStatus {
            links: room.links(&self.doc),
            devices: room.devices(),
            placed,
            locked: room.is_locked(),
        });
    }

    /// Applies the devices' waiting edits and answers them, then locks the room if the
    /// timer has just ended and that was asked for. The shell publishes the result after
    /// the frame's commands ([`Self::publish_room`]).
    pub fn serve_room(&mut self, now: f64) {
        let Some(room) = self.room.as_mut() else {
            return;
        };
        for device_edit in room.take_edits(&self.doc) {
            let result: Result<_, EditError> =
                self.apply_edit_checked(device_edit.edit.clone(), now);
            device_edit.answer(&result);
        }
        // The timer's end locks the room once: on the first frame it is up, whatever the
        // lock then; the facilitator may unlock after, until the timer is reset.
        let up = self.window.timer.is_up(now);
        if up && !self.room_locked_by_timer {
            self.room_locked_by_timer = true;
            if self.window.lock_room_when_time_is_up
                && let Some(room) = self.room.as_mut()
            {
                room.set_locked(true, &self.doc);
            }
        }
        if !up {
            self.room_locked_by_timer = false;
        }
    }
}
