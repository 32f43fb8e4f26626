//! The room in the window: the facilitator's controls (open, lock, devices, close) and, on
//! the wall, a card per group with its QR code, its address and how far it is.

use egui::{RichText, TextureHandle, TextureOptions};

use crate::app::{Command, RoomStatus, WindowState};
use crate::document::Document;
use crate::i18n::{tr, trf};
use crate::ui::name_widget;

/// The tabs bar's button: opens the room, or shows its window once open.
pub fn room_button_ui(ui: &mut egui::Ui, state: &mut WindowState, commands: &mut Vec<Command>) {
    let (text, hover) = match &state.room {
        None => (
            tr("Open the room"),
            tr(
                "Groups place from their own phones: a link and a QR code per group, on this network",
            ),
        ),
        Some(room) if room.locked => (tr("Room: locked"), tr("The room's links, devices and lock")),
        Some(_) => (tr("Room: open"), tr("The room's links, devices and lock")),
    };
    if ui.button(text).on_hover_text(hover).clicked() {
        if state.room.is_none() {
            commands.push(Command::OpenRoom);
        }
        state.show_room = true;
    }
}

/// "Group 2 · 9/15 placed · 2 devices".
pub fn progress(doc: &Document, room: &RoomStatus, group: u32, name: &str) -> String {
    let total = doc.session().commitments.len();
    let placed = room.placed.get(&group).copied().unwrap_or(0);
    let devices = room.devices.iter().filter(|d| d.group == group).count();
    trf(
        "%{group} · %{placed}/%{total} placed · %{devices} devices",
        &[
            ("group", &name),
            ("placed", &placed),
            ("total", &total),
            ("devices", &devices),
        ],
    )
}

/// The room's window: each group's link and progress, its devices, lock and close.
pub fn room_window_ui(
    ctx: &egui::Context,
    doc: &Document,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
) {
    let Some(room) = state.room.clone().filter(|_| state.show_room) else {
        return;
    };
    let mut open = true;
    egui::Window::new(tr("The room"))
        .open(&mut open)
        .collapsible(false)
        .default_width(520.0)
        .show(ctx, |ui| {
            ui.label(tr(
                "Each group opens its link (or scans its code on the wall) on a phone, a tablet or a laptop on this network. No account, no internet.",
            ));
            ui.label(
                RichText::new(tr(
                    "The links are plain HTTP on the local network: anyone on it who sees a link can place for that group. On a network you do not trust, use the organization's own network or a hotspot of yours.",
                ))
                .weak(),
            );
            ui.add_space(6.0);
            egui::Grid::new("room_groups")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    for link in &room.links {
                        ui.label(RichText::new(progress(doc, &room, link.group, &link.name)).strong());
                        ui.end_row();
                        ui.monospace(&link.url);
                        let renew = ui.small_button(tr("New link"));
                        name_widget(&renew, egui::Role::Button, || {
                            trf("New link for %{group}", &[("group", &link.name)])
                        });
                        if renew.on_hover_text(tr("The old link stops working: for a link that went where it should not")).clicked() {
                            commands.push(Command::NewLink(link.group));
                        }
                        ui.end_row();
                        for device in room.devices.iter().filter(|d| d.group == link.group) {
                            let short: String = device.client.chars().take(8).collect();
                            ui.label(trf("Device %{id}", &[("id", &short)]));
                            let remove = ui.small_button(tr("Remove"));
                            name_widget(&remove, egui::Role::Button, || {
                                trf("Remove device %{id}", &[("id", &short)])
                            });
                            if remove.clicked() {
                                commands.push(Command::RemoveDevice(device.client.clone()));
                            }
                            ui.end_row();
                        }
                    }
                });
            ui.add_space(6.0);
            ui.checkbox(
                &mut state.lock_room_when_time_is_up,
                tr("Lock placing when the timer ends"),
            );
            ui.horizontal(|ui| {
                let lock = if room.locked {
                    tr("Unlock placing")
                } else {
                    tr("Lock placing")
                };
                if ui.button(lock).clicked() {
                    commands.push(Command::LockRoom(!room.locked));
                }
                if ui.button(tr("Close the room")).clicked() {
                    commands.push(Command::CloseRoom);
                }
            });
        });
    state.show_room = open;
}

/// The QR code of a link, as a texture made once per link.
fn qr_texture(ctx: &egui::Context, url: &str) -> Option<TextureHandle> {
    let id = egui::Id::unique(("room_qr", url));
    if let Some(texture) = ctx.data(|d| d.get_temp::<TextureHandle>(id)) {
        return Some(texture);
    }
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let width = code.width();
    let quiet = 4; // the quiet zone a scanner needs around the code
    let side = width + 2 * quiet;
    let colors = code.to_colors();
    let mut pixels = vec![egui::Color32::WHITE; side * side];
    for y in 0..width {
        for x in 0..width {
            if colors[y * width + x] == qrcode::Color::Dark {
                pixels[(y + quiet) * side + x + quiet] = egui::Color32::BLACK;
            }
        }
    }
    let image = egui::ColorImage::new([side, side], pixels);
    let texture = ctx.load_texture(format!("qr {url}"), image, TextureOptions::NEAREST);
    ctx.data_mut(|d| d.insert_temp(id, texture.clone()));
    Some(texture)
}

/// On the wall: a card per group, its QR code as large as the column allows, its address
/// and its progress, live.
pub fn join_cards_ui(ui: &mut egui::Ui, doc: &Document, room: &RoomStatus) {
    let n = room.links.len().max(1);
    let width = ui.available_width();
    let height = ui.available_height();
    // The most codes per row that keeps them largest.
    let (columns, side) = (1..=n)
        .map(|columns| {
            let rows = n.div_ceil(columns);
            let w = width / columns as f32 - 12.0;
            let h = height / rows as f32 - 5.5 * ui.text_style_height(&egui::TextStyle::Body);
            (columns, w.min(h))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((1, width));
    let side = side.max(60.0);
    if room.locked {
        ui.label(RichText::new(tr("Placing is locked")).strong());
    }
    egui::Grid::new("room_cards")
        .num_columns(columns)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            for (i, link) in room.links.iter().enumerate() {
                ui.vertical(|ui| {
                    ui.set_width(side);
                    if let Some(texture) = qr_texture(ui.ctx(), &link.url) {
                        ui.add(
                            egui::Image::new(&texture).fit_to_exact_size(egui::vec2(side, side)),
                        );
                    }
                    ui.label(RichText::new(progress(doc, room, link.group, &link.name)).strong());
                    ui.add(egui::Label::new(RichText::new(&link.url).small()).wrap());
                });
                if (i + 1) % columns == 0 {
                    ui.end_row();
                }
            }
        });
}
