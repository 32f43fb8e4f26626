//! The Workshop view: the event's details, attendance, plan period and groups, and the
//! session's ambition scale and commitment template.

use crate::i18n::{tr, trf};
use crate::ui::LazyHover as _;
use egui::{RichText, Role};

use crate::app::{Command, WindowState};
use crate::document::{Document, Op};
use crate::model::{AmbitionScale, Mode, Template};
use crate::ui::name_widget;
use crate::ui::style::{group_style, marker_swatch};

/// The Workshop view.
pub fn workshop_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.columns(2, |columns| {
            details_ui(&mut columns[0], doc, state, commands);
            groups_ui(&mut columns[1], doc, state, commands);
            columns[1].add_space(16.0);
            // Left-aligned: a column's justified layout would stretch the explanations' words.
            columns[1].with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                plan_ui(ui, doc, commands);
            });
        });
    });
}

fn labelled_text(ui: &mut egui::Ui, label: String, value: &mut String, hint: String) -> bool {
    let l = ui.label(label);
    let changed = ui
        .add(
            egui::TextEdit::singleline(value)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id)
        .changed();
    ui.end_row();
    changed
}

fn labelled_count(ui: &mut egui::Ui, label: String, value: &mut u32) -> bool {
    let l = ui.label(label);
    let changed = ui
        .add(egui::DragValue::new(value).range(0..=10_000))
        .labelled_by(l.id)
        .changed();
    ui.end_row();
    changed
}

/// The details form edits a copy and sends it as one edit when a field changed: a burst of
/// typing in one field is one undo step.
fn details_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
) {
    let mut changed = false;
    let workshop = doc.workshop(state.workshop_index);
    let mut w = workshop.details.clone();
    ui.heading(tr("Workshop"));
    egui::Grid::new("workshop_details")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .striped(false)
        .show(ui, |ui| {
            changed |= labelled_text(ui, tr("Name"), &mut w.name, tr("e.g. Central workshop"));
            changed |= labelled_text(
                ui,
                tr("Location"),
                &mut w.location,
                tr("City, venue or platform"),
            );
            ui.label(tr("Format"));
            ui.horizontal(|ui| {
                changed |= ui
                    .radio_value(&mut w.mode, Mode::InPerson, tr("In person"))
                    .changed();
                changed |= ui
                    .radio_value(&mut w.mode, Mode::Online, tr("Online"))
                    .changed();
            });
            ui.end_row();
            changed |= labelled_text(ui, tr("Date"), &mut w.date, tr("YYYY-MM-DD"));
            changed |= labelled_text(
                ui,
                tr("Facilitator"),
                &mut w.facilitator,
                tr("Name or team"),
            );
            changed |= labelled_text(
                ui,
                tr("Plan starts"),
                &mut w.plan_period.start,
                tr("YYYY-MM"),
            );
            changed |= labelled_text(ui, tr("Plan ends"), &mut w.plan_period.end, tr("YYYY-MM"));
        });
    ui.add_space(12.0);
    ui.heading(tr("Attendance"));
    egui::Grid::new("attendance")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let a = &mut w.attendance;
            changed |= labelled_count(ui, tr("Civil society"), &mut a.civil_society);
            changed |= labelled_count(ui, tr("Ministry representatives"), &mut a.ministry);
            changed |= labelled_count(ui, tr("Individual citizens"), &mut a.citizens);
            changed |= labelled_count(ui, tr("Other"), &mut a.other);
            ui.label(RichText::new(tr("Total")).strong());
            ui.label(RichText::new(a.total().to_string()).strong());
            ui.end_row();
        });
    ui.add_space(12.0);
    ui.label(
        RichText::new(trf(
            "Workshop id: %{0} (kept when session files are merged)",
            &[("0", &workshop.id)],
        ))
        .weak()
        .small(),
    );
    if changed {
        commands.push(Command::Edit(Op::SetDetails {
            workshop: workshop.id.clone(),
            details: w,
        }));
    }
}

fn groups_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
) {
    let commitments = doc.session().commitments.len();
    let current = state.group;
    let w = doc.workshop(state.workshop_index);
    ui.heading(tr("Groups"));
    ui.label(
        RichText::new(tr(
            "Each group has its own colour and marker shape on the grid.",
        ))
        .weak(),
    );
    ui.add_space(4.0);
    // Swatch | name | Remove, and the group's progress under its name: the row fits half a
    // 1024-pixel window in French too.
    let remove_width = 90.0;
    egui::Grid::new("groups")
        .num_columns(3)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            for (index, g) in w.groups.iter().enumerate() {
                let (color, shape) = group_style(g.id);
                marker_swatch(ui, shape, color);
                let width = (ui.available_width() - remove_width).clamp(120.0, 260.0);
                let mut name = g.name.clone();
                let edit = ui.add_sized(
                    [width, ui.spacing().interact_size.y],
                    egui::TextEdit::singleline(&mut name),
                );
                name_widget(&edit, Role::TextInput, || {
                    trf("Name of group %{0}", &[("0", &(index + 1))])
                });
                if edit.changed() {
                    commands.push(Command::Edit(Op::RenameGroup {
                        workshop: w.id.clone(),
                        group: g.id,
                        name,
                    }));
                }
                let placed = w.placements.iter().filter(|p| p.group == g.id).count();
                let mut status = trf(
                    "%{placed} / %{commitments} placed",
                    &[("placed", &placed), ("commitments", &commitments)],
                );
                if current == Some(g.id) {
                    status = trf("%{0} · plotting", &[("0", &status)]);
                }
                let remove = ui
                    .button(tr("Remove"))
                    .on_hover_text_with(|| tr("Remove this group and its placements"));
                name_widget(&remove, Role::Button, || {
                    trf("Remove %{0}", &[("0", &g.name)])
                });
                if remove.clicked() {
                    // A group with placements is the room's work: ask first.
                    if placed == 0 {
                        commands.push(Command::RemoveGroup(g.id));
                    } else {
                        state.confirm_remove_group = Some(g.id);
                    }
                }
                ui.end_row();
                ui.label("");
                ui.label(RichText::new(status).weak());
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button(tr("Add group")).clicked() {
            commands.push(Command::AddGroup);
        }
    });
}

/// The IRM's ambition scale, in a line.
fn scale_explanation(scale: AmbitionScale) -> String {
    match scale {
        AmbitionScale::PotentialImpact => tr(
            "The IRM's rating of 2016: how much the commitment would change government practice if fully carried out — none, minor, moderate or transformative.",
        ),
        AmbitionScale::PotentialForResults => tr(
            "The IRM's rating since its refresh (2020–2021): how likely the commitment is to bring results — unclear, modest or substantial.",
        ),
    }
}

/// A commitment template, in a line.
fn template_explanation(template: Template) -> String {
    match template {
        Template::Ogp2016 => tr(
            "Lead and actors, status quo, main objective, description, relevance to OGP values, ambition, milestones.",
        ),
        Template::Current => tr(
            "Problem definition, commitment description, commitment analysis and the planning table, as in the OGP National Handbook.",
        ),
    }
}

/// The session's ambition scale and commitment template: each choice is an edit of the
/// session (undone with Ctrl+Z), for every workshop of it.
fn plan_ui(ui: &mut egui::Ui, doc: &Document, commands: &mut Vec<Command>) {
    let session = doc.session();
    ui.heading(tr("Action plan"));
    ui.label(
        RichText::new(tr(
            "For the whole session: every workshop's grid, the Refine form and the report follow these.",
        ))
        .weak(),
    );
    ui.add_space(6.0);
    ui.label(RichText::new(tr("Ambition scale")).strong());
    for scale in AmbitionScale::ALL {
        let chosen = session.ambition_scale == scale;
        if ui.radio(chosen, crate::i18n::localized(&scale)).clicked() && !chosen {
            commands.push(Command::Edit(Op::SetScale(scale)));
        }
        ui.indent(("scale", scale.name()), |ui| {
            ui.label(RichText::new(scale_explanation(scale)).weak());
        });
    }
    ui.add_space(8.0);
    ui.label(RichText::new(tr("Commitment template")).strong());
    for template in Template::ALL {
        let chosen = session.template == template;
        if ui
            .radio(chosen, crate::i18n::localized(&template))
            .clicked()
            && !chosen
        {
            commands.push(Command::Edit(Op::SetTemplate(template)));
        }
        ui.indent(("template", template.name()), |ui| {
            ui.label(RichText::new(template_explanation(template)).weak());
        });
    }
}
