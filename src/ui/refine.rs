//! The Refine view: the OGP-template form of a selected commitment, its milestones, a live
//! SMART checklist beside it, and the sign-ups below.

use egui::{Color32, RichText};

use crate::app::{AppState, Command};
use crate::model::{Milestone, Novelty, Refinement, Role, SignUp};
use crate::smart::{Checklist, Criterion};
use crate::ui::{commitment_line, name_widget};

const MET: Color32 = Color32::from_rgb(0x00, 0x6e, 0x4f);
const NOT_MET: Color32 = Color32::from_rgb(0xb0, 0x3a, 0x00);

/// The Refine view.
pub fn refine_view_ui(ui: &mut egui::Ui, state: &mut AppState, commands: &mut Vec<Command>) {
    egui::Panel::left("selected_list")
        .default_size(300.0)
        .show(ui, |ui| {
            ui.heading("Selected");
            let w = state.workshop();
            if w.selection.is_empty() {
                ui.label("Nothing is selected yet. Tick commitments in the Plot or Compare view.");
            }
            for id in &w.selection {
                let title = state
                    .session
                    .commitment(id)
                    .map_or("", |c| c.title.as_str());
                let checklist = w
                    .refinement(id)
                    .map(|r| crate::smart::check(r, &w.plan_period));
                let met = checklist.as_ref().map_or(0, Checklist::met_count);
                let text = format!("{}  ({met}/5)", commitment_line(id, title, 30));
                if ui
                    .selectable_label(state.focus.as_deref() == Some(id), text)
                    .on_hover_text(title)
                    .clicked()
                {
                    commands.push(Command::Focus(id.clone()));
                }
            }
        });

    let focus = state
        .focus
        .clone()
        .filter(|f| state.workshop().is_selected(f))
        .or_else(|| state.workshop().selection.first().cloned());
    let Some(id) = focus else {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Select commitments to refine them here.");
        });
        return;
    };
    if state.focus.as_deref() != Some(id.as_str()) {
        state.focus = Some(id.clone());
    }
    let period = state.workshop().plan_period.clone();
    let checklist = state
        .workshop()
        .refinement(&id)
        .map(|r| crate::smart::check(r, &period))
        .unwrap_or_else(|| crate::smart::check(&Refinement::default(), &period));

    egui::Panel::right("smart_checklist")
        .default_size(330.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| checklist_ui(ui, &checklist));
        });

    egui::CentralPanel::default().show(ui, |ui| {
        let commitment = state.session.commitment(&id).cloned().unwrap_or_default();
        ui.heading(format!("{}. {}", commitment.id, commitment.title));
        ui.label(
            RichText::new(format!(
                "Theme: {} · {} votes",
                commitment.theme, commitment.votes
            ))
            .weak(),
        );
        egui::ScrollArea::vertical().show(ui, |ui| {
            let w = state.workshop_mut();
            let mut changed = form_ui(ui, w.refinement_mut(&id), &checklist);
            ui.add_space(16.0);
            changed |= sign_ups_ui(ui, &mut w.sign_ups, &id);
            if changed {
                commands.push(Command::Edited);
            }
        });
    });
}

fn text_field(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    hint: &str,
    multiline: bool,
) -> bool {
    let l = ui.label(RichText::new(label).strong());
    let edit = if multiline {
        egui::TextEdit::multiline(value).desired_rows(2)
    } else {
        egui::TextEdit::singleline(value)
    };
    ui.add(edit.hint_text(hint).desired_width(f32::INFINITY))
        .labelled_by(l.id)
        .changed()
}

fn form_ui(ui: &mut egui::Ui, r: &mut Refinement, checklist: &Checklist) -> bool {
    let mut changed = false;
    egui::CollapsingHeader::new(RichText::new("OGP commitment template").size(17.0))
        .default_open(true)
        .show(ui, |ui| {
            changed |= text_field(
                ui,
                "Lead (responsible department or team)",
                &mut r.lead,
                "e.g. Open Government Office",
                false,
            );
            changed |= text_field(
                ui,
                "Lead contact",
                &mut r.lead_contact,
                "Name, title or e-mail of the contact",
                false,
            );
            changed |= text_field(
                ui,
                "Other actors — government",
                &mut r.actors_government,
                "Ministries, agencies",
                false,
            );
            changed |= text_field(
                ui,
                "Other actors — civil society, private sector, academia",
                &mut r.actors_civil_society,
                "Organizations",
                false,
            );
            changed |= text_field(
                ui,
                "Status quo or problem to be addressed",
                &mut r.problem,
                "What is wrong today, with baseline data if known",
                true,
            );
            changed |= text_field(
                ui,
                "Main objective",
                &mut r.objective,
                "What will change",
                true,
            );
            changed |= text_field(
                ui,
                "Brief description",
                &mut r.description,
                "What will be done",
                true,
            );
            ui.label(RichText::new("Relevance to OGP values").strong());
            ui.horizontal_wrapped(|ui| {
                changed |= ui
                    .checkbox(&mut r.values.access_to_information, "Access to information")
                    .changed();
                changed |= ui
                    .checkbox(&mut r.values.civic_participation, "Civic participation")
                    .changed();
                changed |= ui
                    .checkbox(&mut r.values.public_accountability, "Public accountability")
                    .changed();
                changed |= ui
                    .checkbox(
                        &mut r.values.technology_and_innovation,
                        "Technology and innovation",
                    )
                    .changed();
            });
            changed |= text_field(
                ui,
                "How it advances them",
                &mut r.relevance,
                "One line per value ticked",
                true,
            );
            changed |= text_field(
                ui,
                "Ambition (intended results)",
                &mut r.ambition,
                "What will be different when it is done",
                true,
            );
        });
    egui::CollapsingHeader::new(RichText::new("SMART notes").size(17.0))
        .default_open(true)
        .show(ui, |ui| {
            let s = &mut r.smart;
            changed |= text_field(
                ui,
                "Specific",
                &mut s.specific,
                "What exactly, for whom, where",
                true,
            );
            changed |= text_field(
                ui,
                "Measurable",
                &mut s.measurable,
                "Indicator, baseline, target",
                true,
            );
            changed |= text_field(
                ui,
                "Achievable (actionable)",
                &mut s.achievable,
                "Resources, authority, dependencies",
                true,
            );
            changed |= text_field(
                ui,
                "Relevant",
                &mut s.relevant,
                "Why it matters to the public",
                true,
            );
            changed |= text_field(
                ui,
                "Time-bound",
                &mut s.time_bound,
                "Deadline or schedule",
                true,
            );
        });
    egui::CollapsingHeader::new(
        RichText::new(format!("Milestones ({})", r.milestones.len())).size(17.0),
    )
    .default_open(true)
    .show(ui, |ui| {
        changed |= milestones_ui(ui, &mut r.milestones, checklist)
    });
    changed
}

fn milestones_ui(
    ui: &mut egui::Ui,
    milestones: &mut Vec<Milestone>,
    checklist: &Checklist,
) -> bool {
    let mut changed = false;
    let mut remove = None;
    let focus_id = egui::Id::unique("cocreate_focus_new_milestone");
    let focus_new = ui
        .data_mut(|d| d.remove_temp::<bool>(focus_id))
        .unwrap_or(false);
    let count = milestones.len();
    for (i, m) in milestones.iter_mut().enumerate() {
        let n = i + 1;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("Milestone {n}")).strong());
                let issues = checklist.for_milestone(i).count();
                if issues == 0 {
                    ui.label(RichText::new("complete").color(MET));
                } else {
                    ui.label(RichText::new(format!("{issues} to fix")).color(NOT_MET));
                }
                let button = ui.small_button("Remove");
                name_widget(&button, egui::Role::Button, format!("Remove milestone {n}"));
                if button.clicked() {
                    remove = Some(i);
                }
            });
            let named =
                |ui: &mut egui::Ui, value: &mut String, field: &str, hint: &str, width: f32| {
                    let response = ui.add(
                        egui::TextEdit::singleline(value)
                            .hint_text(hint)
                            .desired_width(width),
                    );
                    name_widget(
                        &response,
                        egui::Role::TextInput,
                        format!("Milestone {n} {field}"),
                    );
                    response
                };
            ui.horizontal(|ui| {
                ui.label("Deliverable");
                let deliverable = named(
                    ui,
                    &mut m.deliverable,
                    "deliverable",
                    "A verifiable deliverable: publish, launch, train 200…",
                    f32::INFINITY,
                );
                changed |= deliverable.changed();
                if focus_new && i == count - 1 {
                    // Just added: the note-taker types the deliverable next.
                    deliverable.request_focus();
                    deliverable.scroll_to_me(Some(egui::Align::Center));
                }
            });
            ui.horizontal_wrapped(|ui| {
                changed |= ui
                    .radio_value(&mut m.novelty, Novelty::New, "New")
                    .changed();
                changed |= ui
                    .radio_value(&mut m.novelty, Novelty::Ongoing, "Ongoing")
                    .changed();
                ui.label("Start");
                changed |= named(ui, &mut m.start, "start", "YYYY-MM", 80.0).changed();
                ui.label("End");
                changed |= named(ui, &mut m.end, "end", "YYYY-MM", 80.0).changed();
            });
            ui.horizontal_wrapped(|ui| {
                ui.label("Implements");
                changed |=
                    named(ui, &mut m.implementer, "implementer", "Who does it", 200.0).changed();
                ui.label("Monitors");
                changed |=
                    named(ui, &mut m.monitor, "monitor", "Who is answerable", 200.0).changed();
            });
            for f in checklist.for_milestone(i) {
                ui.label(RichText::new(format!("• {}", f.message)).color(NOT_MET));
            }
        });
    }
    if let Some(i) = remove {
        milestones.remove(i);
        changed = true;
    }
    if ui.button("Add milestone").clicked() {
        milestones.push(Milestone::default());
        ui.data_mut(|d| d.insert_temp(focus_id, true));
        changed = true;
    }
    changed
}

fn checklist_ui(ui: &mut egui::Ui, checklist: &Checklist) {
    ui.heading(format!("SMART check — {}/5", checklist.met_count()));
    ui.label(RichText::new("Points at what is missing; it does not judge the policy.").weak());
    ui.add_space(6.0);
    for criterion in Criterion::ALL {
        let met = checklist.is_met(criterion);
        let (status, color) = if met {
            ("met", MET)
        } else {
            ("not met", NOT_MET)
        };
        ui.horizontal(|ui| {
            status_dot(ui, met, color);
            ui.label(
                RichText::new(format!("{}: {status}", criterion.name()))
                    .size(18.0)
                    .strong()
                    .color(color),
            );
        });
        for f in checklist.for_criterion(criterion) {
            ui.label(RichText::new(format!("   {}", f.message)).color(NOT_MET));
        }
        ui.add_space(4.0);
    }
}

fn sign_ups_ui(ui: &mut egui::Ui, sign_ups: &mut Vec<SignUp>, commitment: &str) -> bool {
    let mut changed = false;
    let count = sign_ups
        .iter()
        .filter(|s| s.commitment == commitment)
        .count();
    ui.heading(format!("Sign-ups ({count})"));
    ui.label(RichText::new("People who want to stay involved. Personal data: kept out of reports unless asked for.").weak());
    let mut remove = None;
    egui::Grid::new("sign_ups")
        .num_columns(5)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            for (index, s) in sign_ups
                .iter_mut()
                .enumerate()
                .filter(|(_, s)| s.commitment == commitment)
            {
                let field = |ui: &mut egui::Ui, value: &mut String, name: &str, hint: &str| {
                    let r = ui.add(
                        egui::TextEdit::singleline(value)
                            .hint_text(hint)
                            .desired_width(150.0),
                    );
                    name_widget(&r, egui::Role::TextInput, format!("Sign-up {name}"));
                    r.changed()
                };
                changed |= field(ui, &mut s.name, "name", "Name");
                changed |= field(ui, &mut s.organization, "organization", "Organization");
                changed |= field(ui, &mut s.email, "e-mail", "E-mail");
                egui::ComboBox::from_id_salt(("role", index))
                    .selected_text(s.role.name())
                    .show_ui(ui, |ui| {
                        for role in Role::ALL {
                            changed |= ui
                                .selectable_value(&mut s.role, role, role.name())
                                .changed();
                        }
                    });
                if ui.small_button("Remove").clicked() {
                    remove = Some(index);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        sign_ups.remove(i);
        changed = true;
    }
    if ui.button("Add sign-up").clicked() {
        sign_ups.push(SignUp {
            commitment: commitment.to_owned(),
            ..Default::default()
        });
        changed = true;
    }
    changed
}

/// A filled dot for a met criterion, a ring for one that is not (shape as well as colour).
fn status_dot(ui: &mut egui::Ui, met: bool, color: Color32) {
    let size = ui.text_style_height(&egui::TextStyle::Heading);
    let (rect, _) = ui.allocate_exact_size(egui::Vec2::splat(size), egui::Sense::hover());
    let r = size * 0.32;
    if met {
        ui.painter().circle_filled(rect.center(), r, color);
    } else {
        ui.painter()
            .circle_stroke(rect.center(), r, egui::Stroke::new(2.5, color));
    }
}
