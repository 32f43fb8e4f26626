//! The Refine view: the OGP-template form of a selected commitment, its milestones, a live
//! SMART checklist beside it, and the sign-ups below.

use crate::i18n::{tr, trf};
use egui::{Color32, RichText};

use crate::app::{Command, WindowState};
use crate::document::{Document, Op};
use crate::model::{Milestone, Novelty, Refinement, Role, SignUp};
use crate::smart::{Checklist, Criterion, Status};
use crate::ui::{commitment_line, name_widget};

const MET: Color32 = Color32::from_rgb(0x00, 0x6e, 0x4f);
const NOT_MET: Color32 = Color32::from_rgb(0xb0, 0x3a, 0x00);

/// The Refine view.
pub fn refine_view_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
) {
    egui::Panel::left("selected_list")
        .frame(crate::ui::style::side_panel_frame(ui))
        .default_size(300.0)
        .show(ui, |ui| {
            ui.heading(tr("Selected"));
            let w = doc.workshop(state.workshop_index);
            if w.selection.is_empty() {
                ui.label(tr(
                    "Nothing is selected yet. Tick commitments in the Plot or Compare view.",
                ));
            }
            for id in &w.selection {
                let title = doc
                    .session()
                    .commitment(id)
                    .map_or("", |c| c.title.as_str());
                let checklist = w
                    .refinement(id)
                    .map(|r| crate::smart::check(r, &w.details.plan_period));
                let met = checklist.as_ref().map_or(0, Checklist::met_count);
                let text = format!("{}  ({met}/5)", commitment_line(id, title, 30));
                if ui
                    .selectable_label(state.focus.as_deref() == Some(id), text)
                    .on_hover_text(title)
                    .clicked()
                {
                    state.focus = Some(id.clone());
                }
            }
        });

    let focus = state
        .focus
        .clone()
        .filter(|f| doc.workshop(state.workshop_index).is_selected(f))
        .or_else(|| {
            doc.workshop(state.workshop_index)
                .selection
                .first()
                .cloned()
        });
    let Some(id) = focus else {
        egui::CentralPanel::default()
            .frame(crate::ui::style::central_panel_frame(ui))
            .show(ui, |ui| {
                ui.heading(tr("Select commitments to refine them here."));
            });
        return;
    };
    if state.focus.as_deref() != Some(id.as_str()) {
        state.focus = Some(id.clone()); // view state: the commitment the form shows
    }
    let period = doc
        .workshop(state.workshop_index)
        .details
        .plan_period
        .clone();
    let checklist = doc
        .workshop(state.workshop_index)
        .refinement(&id)
        .map(|r| crate::smart::check(r, &period))
        .unwrap_or_else(|| crate::smart::check(&Refinement::default(), &period));
    let milestones = doc
        .workshop(state.workshop_index)
        .refinement(&id)
        .map_or(0, |r| r.milestones.len());

    egui::Panel::right("smart_checklist")
        .frame(crate::ui::style::side_panel_frame(ui))
        .default_size(330.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| checklist_ui(ui, &checklist, milestones));
        });

    egui::CentralPanel::default()
        .frame(crate::ui::style::central_panel_frame(ui))
        .show(ui, |ui| {
            let commitment = doc.session().commitment(&id).cloned().unwrap_or_default();
            ui.heading(format!("{}. {}", commitment.id, commitment.title));
            ui.label(
                RichText::new(trf(
                    "Theme: %{0} · %{1} votes",
                    &[("0", &commitment.theme), ("1", &commitment.votes)],
                ))
                .weak(),
            );
            egui::ScrollArea::vertical().show(ui, |ui| {
                // The form edits a copy and sends it whole as one edit when a field changed:
                // looking at a commitment never writes a refinement into the session.
                let w = doc.workshop(state.workshop_index);
                let mut draft = w.refinement(&id).cloned().unwrap_or_else(|| Refinement {
                    commitment: id.clone(),
                    ..Default::default()
                });
                if form_ui(ui, &mut draft, &checklist) {
                    commands.push(Command::Edit(Op::SetRefinement {
                        workshop: w.id.clone(),
                        refinement: Box::new(draft),
                    }));
                }
                ui.add_space(16.0);
                let mut sign_ups = w.sign_ups.clone();
                if sign_ups_ui(ui, &mut sign_ups, &id) {
                    commands.push(Command::Edit(Op::SetSignUps {
                        workshop: w.id.clone(),
                        sign_ups,
                    }));
                }
            });
        });
}

fn text_field(
    ui: &mut egui::Ui,
    label: String,
    value: &mut String,
    hint: String,
    multiline: bool,
) -> bool {
    let l = ui.label(RichText::new(label).strong());
    // A one-line field wraps too: a long list of actors is read whole, never scrolled out
    // of its box.
    let edit = egui::TextEdit::multiline(value).desired_rows(if multiline { 2 } else { 1 });
    ui.add(edit.hint_text(hint).desired_width(f32::INFINITY))
        .labelled_by(l.id)
        .changed()
}

fn form_ui(ui: &mut egui::Ui, r: &mut Refinement, checklist: &Checklist) -> bool {
    let mut changed = false;
    egui::CollapsingHeader::new(RichText::new(tr("OGP commitment template")).size(17.0))
        .default_open(true)
        .show(ui, |ui| {
            changed |= text_field(
                ui,
                tr("Lead (responsible department or team)"),
                &mut r.lead,
                tr("e.g. Open Government Office"),
                false,
            );
            changed |= text_field(
                ui,
                tr("Lead contact"),
                &mut r.lead_contact,
                tr("Name, title or e-mail of the contact"),
                false,
            );
            changed |= text_field(
                ui,
                tr("Other actors — government"),
                &mut r.actors_government,
                tr("Ministries, agencies"),
                false,
            );
            changed |= text_field(
                ui,
                tr("Other actors — civil society, private sector, academia"),
                &mut r.actors_civil_society,
                tr("Organizations"),
                false,
            );
            changed |= text_field(
                ui,
                tr("Status quo or problem to be addressed"),
                &mut r.problem,
                tr("What is wrong today, with baseline data if known"),
                true,
            );
            changed |= text_field(
                ui,
                tr("Main objective"),
                &mut r.objective,
                tr("What will change"),
                true,
            );
            changed |= text_field(
                ui,
                tr("Brief description"),
                &mut r.description,
                tr("What will be done"),
                true,
            );
            ui.label(RichText::new(tr("Relevance to OGP values")).strong());
            ui.horizontal_wrapped(|ui| {
                changed |= ui
                    .checkbox(
                        &mut r.values.access_to_information,
                        tr("Access to information"),
                    )
                    .changed();
                changed |= ui
                    .checkbox(&mut r.values.civic_participation, tr("Civic participation"))
                    .changed();
                changed |= ui
                    .checkbox(
                        &mut r.values.public_accountability,
                        tr("Public accountability"),
                    )
                    .changed();
                changed |= ui
                    .checkbox(
                        &mut r.values.technology_and_innovation,
                        tr("Technology and innovation"),
                    )
                    .changed();
            });
            changed |= text_field(
                ui,
                tr("How it advances them"),
                &mut r.relevance,
                tr("One line per value ticked"),
                true,
            );
            changed |= text_field(
                ui,
                tr("Ambition (intended results)"),
                &mut r.ambition,
                tr("What will be different when it is done"),
                true,
            );
        });
    // The room's notes, labelled as notes: the SMART check does not read them (free text
    // would turn a criterion green for "soon"; see `crate::smart`).
    egui::CollapsingHeader::new(RichText::new(tr("SMART notes (not read by the check)")).size(17.0))
        .default_open(true)
        .show(ui, |ui| {
            ui.label(
                RichText::new(tr(
                    "The room's own words on each criterion, kept with the commitment. The SMART check beside the form does not read them: it judges the template's fields and the milestones.",
                ))
                .weak(),
            );
            let s = &mut r.smart;
            changed |= text_field(
                ui,
                tr("Specific (note)"),
                &mut s.specific,
                tr("What exactly, for whom, where"),
                true,
            );
            changed |= text_field(
                ui,
                tr("Measurable (note)"),
                &mut s.measurable,
                tr("Indicator, baseline, target"),
                true,
            );
            changed |= text_field(
                ui,
                tr("Achievable / actionable (note)"),
                &mut s.achievable,
                tr("Resources, authority, dependencies"),
                true,
            );
            changed |= text_field(
                ui,
                tr("Relevant (note)"),
                &mut s.relevant,
                tr("Why it matters to the public"),
                true,
            );
            changed |= text_field(
                ui,
                tr("Time-bound (note)"),
                &mut s.time_bound,
                tr("Deadline or schedule"),
                true,
            );
        });
    egui::CollapsingHeader::new(
        RichText::new(trf("Milestones (%{0})", &[("0", &r.milestones.len())])).size(17.0),
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
                ui.label(RichText::new(trf("Milestone %{n}", &[("n", &n)])).strong());
                let issues = checklist.for_milestone(i).count();
                if issues == 0 {
                    ui.label(RichText::new(tr("complete")).color(MET));
                } else {
                    let findings: Vec<String> = checklist
                        .for_milestone(i)
                        .map(|f| format!("• {}", crate::i18n::message(&f.message)))
                        .collect();
                    ui.label(
                        RichText::new(trf("%{issues} to fix", &[("issues", &issues)]))
                            .color(NOT_MET),
                    )
                    .on_hover_text(findings.join("\n"));
                }
                let button = ui.small_button(tr("Remove"));
                name_widget(&button, egui::Role::Button, || {
                    trf("Remove milestone %{n}", &[("n", &n)])
                });
                if button.clicked() {
                    remove = Some(i);
                }
            });
            let named =
                |ui: &mut egui::Ui, value: &mut String, field: String, hint: String, width: f32| {
                    let response = ui.add(
                        egui::TextEdit::singleline(value)
                            .hint_text(hint)
                            .desired_width(width),
                    );
                    name_widget(&response, egui::Role::TextInput, || {
                        trf("Milestone %{n} %{field}", &[("n", &n), ("field", &field)])
                    });
                    response
                };
            // Label | field rows, each field as wide as the panel. The milestone's findings
            // are in the SMART check beside the form and in the tooltip of "N to fix" above:
            // lines that come and go as the note-taker fixes them would move every field
            // under the pointer.
            egui::Grid::new(("milestone_fields", i))
                .num_columns(2)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    ui.label(tr("Deliverable"));
                    let deliverable = named(
                        ui,
                        &mut m.deliverable,
                        tr("deliverable"),
                        tr("A verifiable deliverable: publish, launch, train 200…"),
                        ui.available_width(),
                    );
                    changed |= deliverable.changed();
                    if focus_new && i == count - 1 {
                        // Just added: the note-taker types the deliverable next.
                        deliverable.request_focus();
                        deliverable.scroll_to_me(Some(egui::Align::Center));
                    }
                    ui.end_row();

                    ui.label(tr("Kind"));
                    ui.horizontal(|ui| {
                        changed |= ui
                            .radio_value(&mut m.novelty, Novelty::New, tr("New"))
                            .changed();
                        changed |= ui
                            .radio_value(&mut m.novelty, Novelty::Ongoing, tr("Ongoing"))
                            .changed();
                    });
                    ui.end_row();

                    ui.label(tr("Starts"));
                    ui.horizontal(|ui| {
                        changed |=
                            named(ui, &mut m.start, tr("start"), "YYYY-MM".into(), 90.0).changed();
                        ui.label(tr("Ends"));
                        changed |=
                            named(ui, &mut m.end, tr("end"), "YYYY-MM".into(), 90.0).changed();
                    });
                    ui.end_row();

                    ui.label(tr("Implements"));
                    changed |= named(
                        ui,
                        &mut m.implementer,
                        tr("implementer"),
                        tr("Who does it"),
                        ui.available_width(),
                    )
                    .changed();
                    ui.end_row();

                    ui.label(tr("Monitors"));
                    changed |= named(
                        ui,
                        &mut m.monitor,
                        tr("monitor"),
                        tr("Who is answerable"),
                        ui.available_width(),
                    )
                    .changed();
                    ui.end_row();
                });
        });
    }
    if let Some(i) = remove {
        milestones.remove(i);
        changed = true;
    }
    if ui.button(tr("Add milestone")).clicked() {
        milestones.push(Milestone::default());
        ui.data_mut(|d| d.insert_temp(focus_id, true));
        changed = true;
    }
    changed
}

/// The SMART check: each criterion's status for the commitment (met, not met, not yet)
/// with what keeps it from being met, then what each milestone still lacks — listed apart,
/// as it does not lower the commitment's score.
fn checklist_ui(ui: &mut egui::Ui, checklist: &Checklist, milestones: usize) {
    ui.heading(trf(
        "SMART check — %{0}/5",
        &[("0", &checklist.met_count())],
    ));
    ui.label(
        RichText::new(tr(
            "Points at what is missing; it does not judge the policy.",
        ))
        .weak(),
    );
    ui.add_space(6.0);
    for criterion in Criterion::ALL {
        let status = checklist.status(criterion);
        let color = match status {
            Status::Met => MET,
            Status::NotMet => NOT_MET,
            Status::NotYet => ui.visuals().text_color(),
        };
        ui.horizontal(|ui| {
            status_dot(ui, status, color);
            ui.label(
                RichText::new(crate::i18n::message(&crate::smart::status_line(
                    criterion, status,
                )))
                .size(18.0)
                .strong()
                .color(color),
            );
        });
        for f in checklist.general(criterion) {
            let text = RichText::new(format!("   {}", crate::i18n::message(&f.message)));
            ui.label(match status {
                Status::NotMet => text.color(NOT_MET),
                _ => text.weak(),
            });
        }
        ui.add_space(4.0);
    }
    if milestones == 0 {
        return;
    }
    ui.add_space(6.0);
    ui.label(RichText::new(tr("Milestones")).size(18.0).strong());
    ui.label(RichText::new(tr("What each milestone still lacks. It does not lower the score above: adding a milestone never does.")).weak());
    for i in 0..milestones {
        let n = i + 1;
        let mut findings = checklist.for_milestone(i).peekable();
        if findings.peek().is_none() {
            ui.label(RichText::new(trf("Milestone %{n}: complete", &[("n", &n)])).color(MET));
        }
        for f in findings {
            ui.label(
                RichText::new(format!("• {}", crate::i18n::message(&f.message))).color(NOT_MET),
            );
        }
    }
}

fn sign_ups_ui(ui: &mut egui::Ui, sign_ups: &mut Vec<SignUp>, commitment: &str) -> bool {
    let mut changed = false;
    let count = sign_ups
        .iter()
        .filter(|s| s.commitment == commitment)
        .count();
    ui.heading(trf("Sign-ups (%{count})", &[("count", &count)]));
    ui.label(RichText::new(tr("People who want to stay involved. Personal data: kept out of reports unless asked for.")).weak());
    let mut remove = None;
    for (number, (index, s)) in sign_ups
        .iter_mut()
        .enumerate()
        .filter(|(_, s)| s.commitment == commitment)
        .enumerate()
    {
        let number = number + 1;
        // One block per person, label | field: a field is as wide as the panel (at least
        // 24 characters at the default size), whatever the window's width.
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(trf("Person %{n}", &[("n", &number)])).strong());
                let button = ui.small_button(tr("Remove"));
                name_widget(&button, egui::Role::Button, || {
                    trf("Remove sign-up %{n}", &[("n", &number)])
                });
                if button.clicked() {
                    remove = Some(index);
                }
            });
            egui::Grid::new(("sign_up", index))
                .num_columns(2)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    let min_width = 24.0 * char_width(ui);
                    let edit = |ui: &mut egui::Ui,
                                value: &mut String,
                                label: String,
                                hint: String,
                                hint_slot: bool| {
                        let l = ui.label(&label);
                        ui.horizontal(|ui| {
                            let slot = if hint_slot { HINT_SLOT } else { 0.0 };
                            let width = (ui.available_width() - slot).max(min_width);
                            let r = ui
                                .add(
                                    egui::TextEdit::singleline(value)
                                        .hint_text(hint)
                                        .desired_width(width),
                                )
                                .labelled_by(l.id);
                            name_widget(&r, egui::Role::TextInput, || {
                                trf("Sign-up %{name}", &[("name", &label.to_lowercase())])
                            });
                            if hint_slot {
                                email_hint(ui, value);
                            }
                            r.changed()
                        })
                        .inner
                    };
                    changed |= edit(
                        ui,
                        &mut s.name,
                        tr("Name"),
                        tr("First and last name"),
                        false,
                    );
                    ui.end_row();
                    changed |= edit(
                        ui,
                        &mut s.organization,
                        tr("Organization"),
                        tr("Organization, if any"),
                        false,
                    );
                    ui.end_row();
                    changed |= edit(ui, &mut s.email, tr("E-mail"), tr("name@example.org"), true);
                    ui.end_row();
                    ui.label(tr("Role"));
                    egui::ComboBox::from_id_salt(("role", index))
                        .selected_text(crate::i18n::localized(&s.role))
                        .show_ui(ui, |ui| {
                            for role in Role::ALL {
                                changed |= ui
                                    .selectable_value(
                                        &mut s.role,
                                        role,
                                        crate::i18n::localized(&role),
                                    )
                                    .changed();
                            }
                        });
                    ui.end_row();
                });
        });
    }
    if let Some(i) = remove {
        sign_ups.remove(i);
        changed = true;
    }
    if ui.button(tr("Add sign-up")).clicked() {
        sign_ups.push(SignUp {
            commitment: commitment.to_owned(),
            ..Default::default()
        });
        changed = true;
    }
    changed
}

/// Room kept right of the e-mail field for its hint, so the hint never moves a field.
const HINT_SLOT: f32 = 28.0;

/// The width of an average character of the body font.
fn char_width(ui: &egui::Ui) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    ui.fonts_mut(|f| f.glyph_width(&font, 'n'))
}

/// Whether a text has the shape of an e-mail address: something@something.something, no
/// spaces. A hint only: an address is never refused.
pub fn looks_like_email(text: &str) -> bool {
    let text = text.trim();
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !text.contains(char::is_whitespace)
        && !domain.contains('@')
        && domain
            .split_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty() && !b.ends_with('.'))
}

/// A gentle mark beside an e-mail that does not look like one (never blocks it). The slot is
/// always there, so the form does not move when the mark comes or goes.
fn email_hint(ui: &mut egui::Ui, email: &str) {
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(HINT_SLOT, ui.spacing().interact_size.y),
        egui::Sense::hover(),
    );
    if !email.trim().is_empty() && !looks_like_email(email) {
        let r = rect.height().min(rect.width()) * 0.4;
        ui.painter()
            .circle_stroke(rect.center(), r, egui::Stroke::new(1.5, NOT_MET));
        ui.painter().text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "!",
            egui::TextStyle::Body.resolve(ui.style()),
            NOT_MET,
        );
        response.on_hover_text(tr(
            "This does not look like an e-mail address (name@example.org). It is kept as typed.",
        ));
    }
}

/// A filled dot for a met criterion, a ring for one that is not, a dash for one with
/// nothing to judge yet (shape as well as colour).
fn status_dot(ui: &mut egui::Ui, status: Status, color: Color32) {
    let size = ui.text_style_height(&egui::TextStyle::Heading);
    let (rect, _) = ui.allocate_exact_size(egui::Vec2::splat(size), egui::Sense::hover());
    let r = size * 0.32;
    match status {
        Status::Met => {
            ui.painter().circle_filled(rect.center(), r, color);
        }
        Status::NotMet => {
            ui.painter()
                .circle_stroke(rect.center(), r, egui::Stroke::new(2.5, color));
        }
        Status::NotYet => {
            ui.painter().hline(
                rect.center().x - r..=rect.center().x + r,
                rect.center().y,
                egui::Stroke::new(2.5, color),
            );
        }
    }
}
