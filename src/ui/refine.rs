//! The Refine view: the form of a selected commitment in the session's commitment template
//! (the OGP's of 2016 or the National Handbook's current one), its milestones, a live SMART
//! checklist and the IRM pre-check beside it, and the sign-ups below.

use crate::i18n::{tr, trf};
use egui::{Color32, RichText};

use crate::app::{Command, WindowState};
use crate::document::{Document, Op};
use crate::irm::{Finding, IrmCheck, Verdict};
use crate::model::{AmbitionScale, Milestone, Novelty, Refinement, Role, SignUp, Template};
use crate::smart::{Checklist, Criterion, Status};
use crate::ui::{commitment_line, name_widget};

use crate::ui::style::{FALLS_SHORT as NOT_MET, HOLDS as MET};

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
    let session = doc.session();
    let workshop = doc.workshop(state.workshop_index);
    // What the checks read: the refinement, or an empty one while none is written.
    let refinement = workshop
        .refinement(&id)
        .cloned()
        .unwrap_or_else(|| Refinement {
            commitment: id.clone(),
            ..Default::default()
        });
    let checklist = crate::smart::check(&refinement, &period);
    let milestones = refinement.milestones.len();
    let findings = crate::irm::precheck(session, workshop, &refinement);
    let room = crate::irm::room_ambition(session, workshop, &id);

    egui::Panel::right("smart_checklist")
        .frame(crate::ui::style::side_panel_frame(ui))
        .default_size(330.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                checklist_ui(ui, &checklist, milestones);
                ui.add_space(12.0);
                irm_ui(ui, &findings, refinement.stated_ambition, room);
            });
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
                let (scale, template) = (doc.session().ambition_scale, doc.session().template);
                if form_ui(ui, &mut draft, &checklist, scale, template) {
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

fn form_ui(
    ui: &mut egui::Ui,
    r: &mut Refinement,
    checklist: &Checklist,
    scale: AmbitionScale,
    template: Template,
) -> bool {
    let mut changed = match template {
        Template::Ogp2016 => form_2016_ui(ui, r, scale),
        Template::Current => form_current_ui(ui, r, scale),
    };
    // The current template's planning table follows its analysis; the 2016 form keeps
    // its order (notes, then milestones).
    if template == Template::Current {
        changed |= planning_ui(ui, r, checklist, template);
        changed |= smart_notes_ui(ui, r);
    } else {
        changed |= smart_notes_ui(ui, r);
        changed |= planning_ui(ui, r, checklist, template);
    }
    if template == Template::Ogp2016 {
        changed |= current_fields_collapsed_ui(ui, r);
    }
    changed
}

/// The room's SMART notes.
fn smart_notes_ui(ui: &mut egui::Ui, r: &mut Refinement) -> bool {
    let mut changed = false;
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
    changed
}

/// The milestones: the 2016 template's list, the current template's planning table.
fn planning_ui(
    ui: &mut egui::Ui,
    r: &mut Refinement,
    checklist: &Checklist,
    template: Template,
) -> bool {
    let mut changed = false;
    let heading = match template {
        Template::Ogp2016 => trf("Milestones (%{0})", &[("0", &r.milestones.len())]),
        Template::Current => trf(
            "Commitment planning (%{0} milestones)",
            &[("0", &r.milestones.len())],
        ),
    };
    egui::CollapsingHeader::new(RichText::new(heading).size(17.0))
        .id_salt("milestones")
        .default_open(true)
        .show(ui, |ui| {
            changed |= milestones_ui(ui, &mut r.milestones, checklist, template);
        });
    changed
}

/// Who leads and who else takes part: the same fields in both templates.
fn actors_ui(ui: &mut egui::Ui, r: &mut Refinement) -> bool {
    let mut changed = text_field(
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
    changed
}

/// The OGP values the commitment advances (the SMART check's "relevant" and the IRM's lens
/// read them), and how.
fn values_ui(ui: &mut egui::Ui, r: &mut Refinement) -> bool {
    let mut changed = false;
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
    changed
}

/// The note-takers' rating of the commitment's ambition on the session's scale, or none.
fn stated_ambition_ui(ui: &mut egui::Ui, r: &mut Refinement, scale: AmbitionScale) -> bool {
    let mut changed = false;
    let label = ui.label(RichText::new(tr("Stated ambition")).strong());
    let not_rated = tr("not rated");
    let shown = r
        .stated_ambition
        .map_or_else(|| not_rated.clone(), |l| crate::i18n::localized(&l));
    let combo = egui::ComboBox::from_id_salt("stated_ambition")
        .selected_text(shown)
        .show_ui(ui, |ui| {
            changed |= ui
                .selectable_value(&mut r.stated_ambition, None, not_rated.clone())
                .changed();
            for &level in scale.levels() {
                changed |= ui
                    .selectable_value(
                        &mut r.stated_ambition,
                        Some(level),
                        crate::i18n::localized(&level),
                    )
                    .changed();
            }
        });
    combo.response.labelled_by(label.id);
    ui.label(
        RichText::new(trf(
            "Your own rating on the session's scale (%{scale}); the IRM pre-check sets it beside the room's median.",
            &[("scale", &crate::i18n::localized(&scale))],
        ))
        .weak(),
    );
    changed
}

/// The form of the OGP template of 2016, as the seed had it, with the stated ambition.
fn form_2016_ui(ui: &mut egui::Ui, r: &mut Refinement, scale: AmbitionScale) -> bool {
    let mut changed = false;
    egui::CollapsingHeader::new(RichText::new(tr("OGP commitment template")).size(17.0))
        .default_open(true)
        .show(ui, |ui| {
            changed |= actors_ui(ui, r);
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
            changed |= values_ui(ui, r);
            changed |= text_field(
                ui,
                tr("Ambition (intended results)"),
                &mut r.ambition,
                tr("What will be different when it is done"),
                true,
            );
            changed |= stated_ambition_ui(ui, r, scale);
        });
    changed
}

/// The form of the National Handbook's current template: problem definition, commitment
/// description, commitment analysis (the planning table is the milestones, below). The
/// main objective and the values stay: the SMART check and the IRM pre-check read them.
fn form_current_ui(ui: &mut egui::Ui, r: &mut Refinement, scale: AmbitionScale) -> bool {
    let mut changed = false;
    egui::CollapsingHeader::new(RichText::new(tr("Lead and other actors")).size(17.0))
        .default_open(true)
        .show(ui, |ui| {
            changed |= actors_ui(ui, r);
        });
    egui::CollapsingHeader::new(RichText::new(tr("Problem definition")).size(17.0))
        .default_open(true)
        .show(ui, |ui| {
            changed |= text_field(
                ui,
                tr("1. What problem does the commitment aim to address?"),
                &mut r.problem,
                tr("What is wrong today, for whom, with baseline data if known"),
                true,
            );
            changed |= text_field(
                ui,
                tr("2. What are the causes of the problem?"),
                &mut r.causes,
                tr("Why it happens: rules, practice, capacity, incentives"),
                true,
            );
        });
    egui::CollapsingHeader::new(RichText::new(tr("Commitment description")).size(17.0))
        .default_open(true)
        .show(ui, |ui| {
            changed |= text_field(
                ui,
                tr("What has been done so far to solve the problem?"),
                &mut r.done_so_far,
                tr("Earlier commitments, programmes, laws; what they achieved"),
                true,
            );
            changed |= text_field(
                ui,
                tr("What solution are you proposing?"),
                &mut r.description,
                tr("What will be done"),
                true,
            );
            changed |= text_field(
                ui,
                tr("What results do we want to achieve by implementing this commitment?"),
                &mut r.ambition,
                tr("What will be different when it is done"),
                true,
            );
            changed |= stated_ambition_ui(ui, r, scale);
            changed |= text_field(
                ui,
                tr("Main objective"),
                &mut r.objective,
                tr("What will change, in one line (the SMART check reads it)"),
                false,
            );
        });
    egui::CollapsingHeader::new(RichText::new(tr("Commitment analysis")).size(17.0))
        .default_open(true)
        .show(ui, |ui| {
            changed |= analysis_ui(ui, r);
            ui.add_space(4.0);
            changed |= values_ui(ui, r);
        });
    changed
}

/// The current template's three questions of the commitment analysis.
fn analysis_ui(ui: &mut egui::Ui, r: &mut Refinement) -> bool {
    let a = &mut r.analysis;
    let mut changed = text_field(
        ui,
        tr("How will the commitment promote transparency?"),
        &mut a.transparency,
        tr("What information becomes public, to whom, in what form"),
        true,
    );
    changed |= text_field(
        ui,
        tr("How will the commitment help foster accountability?"),
        &mut a.accountability,
        tr("Who answers to whom, and what follows"),
        true,
    );
    changed |= text_field(
        ui,
        tr(
            "How will the commitment improve citizen participation in defining, implementing and monitoring solutions?",
        ),
        &mut a.participation,
        tr("Who takes part, when, and how their say counts"),
        true,
    );
    changed
}

/// With the 2016 template, the current template's own fields, closed: nothing written under
/// the current template is lost from view, and the 2016 form stays as it was.
fn current_fields_collapsed_ui(ui: &mut egui::Ui, r: &mut Refinement) -> bool {
    let mut changed = false;
    egui::CollapsingHeader::new(
        RichText::new(tr("Fields of the current template")).size(17.0),
    )
    .default_open(false)
    .show(ui, |ui| {
        ui.label(
            RichText::new(tr(
                "The session follows the OGP template of 2016; these fields belong to the current one (Workshop → Commitment template). They are kept with the commitment.",
            ))
            .weak(),
        );
        changed |= text_field(
            ui,
            tr("2. What are the causes of the problem?"),
            &mut r.causes,
            tr("Why it happens: rules, practice, capacity, incentives"),
            true,
        );
        changed |= text_field(
            ui,
            tr("What has been done so far to solve the problem?"),
            &mut r.done_so_far,
            tr("Earlier commitments, programmes, laws; what they achieved"),
            true,
        );
        changed |= analysis_ui(ui, r);
        for (i, m) in r.milestones.iter_mut().enumerate() {
            let n = i + 1;
            changed |= text_field(
                ui,
                trf("Milestone %{n}: expected outputs", &[("n", &n)]),
                &mut m.output,
                tr("What it will produce"),
                false,
            );
            changed |= text_field(
                ui,
                trf("Milestone %{n}: stakeholders", &[("n", &n)]),
                &mut m.stakeholders,
                tr("Who else takes part"),
                false,
            );
        }
    });
    changed
}

fn milestones_ui(
    ui: &mut egui::Ui,
    milestones: &mut Vec<Milestone>,
    checklist: &Checklist,
    template: Template,
) -> bool {
    let current = template == Template::Current;
    if current {
        ui.label(
            RichText::new(tr(
                "The planning table: milestones, expected outputs, expected completion date and stakeholders; who implements and who monitors each for the SMART check.",
            ))
            .weak(),
        );
    }
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
                    ui.label(if current {
                        tr("Milestone")
                    } else {
                        tr("Deliverable")
                    });
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

                    if current {
                        ui.label(tr("Expected outputs"));
                        changed |= named(
                            ui,
                            &mut m.output,
                            tr("expected outputs"),
                            tr("What it will produce"),
                            ui.available_width(),
                        )
                        .changed();
                        ui.end_row();
                    }

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
                        ui.label(if current {
                            tr("Expected completion date")
                        } else {
                            tr("Ends")
                        });
                        changed |=
                            named(ui, &mut m.end, tr("end"), "YYYY-MM".into(), 90.0).changed();
                    });
                    ui.end_row();

                    if current {
                        ui.label(tr("Stakeholders"));
                        changed |= named(
                            ui,
                            &mut m.stakeholders,
                            tr("stakeholders"),
                            tr("Who else takes part"),
                            ui.available_width(),
                        )
                        .changed();
                        ui.end_row();
                    }

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

/// The IRM pre-check: each check's findings with a mark that says holds or warning in
/// shape and word as well as colour, and the stated ambition beside the room's median.
fn irm_ui(
    ui: &mut egui::Ui,
    findings: &[Finding],
    stated: Option<crate::model::AmbitionLevel>,
    room: Option<(crate::model::AmbitionLevel, f64, usize)>,
) {
    ui.heading(tr("IRM pre-check"));
    ui.label(
        RichText::new(tr(
            "What the IRM looks at first: verifiable milestones, the open-government lens and the ambition.",
        ))
        .weak(),
    );
    ui.add_space(6.0);
    for check in IrmCheck::ALL {
        let of_check: Vec<&Finding> = findings.iter().filter(|f| f.check == check).collect();
        let warns = of_check.iter().any(|f| f.verdict == Verdict::Warning);
        let (verdict, color) = if warns {
            (Verdict::Warning, NOT_MET)
        } else {
            (Verdict::Holds, MET)
        };
        ui.horizontal(|ui| {
            verdict_mark(ui, verdict, color);
            let word = match verdict {
                Verdict::Holds => tr("holds"),
                Verdict::Warning => tr("warning"),
            };
            ui.label(
                RichText::new(trf(
                    "%{check}: %{verdict}",
                    &[
                        ("check", &crate::i18n::localized(&check)),
                        ("verdict", &word),
                    ],
                ))
                .size(18.0)
                .strong()
                .color(color),
            );
        });
        if check == IrmCheck::Ambition {
            let stated = stated.map_or_else(|| tr("not rated"), |l| crate::i18n::localized(&l));
            let room = room.map_or_else(
                || tr("no group placed it"),
                |(level, median, groups)| {
                    trf(
                        "%{level} (%{median}, %{groups} groups)",
                        &[
                            ("level", &crate::i18n::localized(&level)),
                            ("median", &format!("{median:.1}")),
                            ("groups", &groups),
                        ],
                    )
                },
            );
            ui.label(format!(
                "   {}",
                trf(
                    "Stated: %{stated} · room's median: %{room}",
                    &[("stated", &stated), ("room", &room)],
                )
            ));
        }
        for f in of_check {
            // The line above already sets the stated ambition beside the room's median: the
            // finding that only says so again is left out.
            let said_above = f.check == IrmCheck::Ambition
                && f.verdict == Verdict::Holds
                && stated.is_some()
                && room.is_some();
            if said_above {
                continue;
            }
            let text = RichText::new(format!("   • {}", crate::i18n::message(&f.message)));
            ui.label(match f.verdict {
                Verdict::Warning => text.color(NOT_MET),
                Verdict::Holds => text.weak(),
            });
        }
        ui.add_space(4.0);
    }
}

/// A filled dot for a check that holds, a triangle with an exclamation mark for a warning
/// (shape as well as colour).
fn verdict_mark(ui: &mut egui::Ui, verdict: Verdict, color: Color32) {
    let size = ui.text_style_height(&egui::TextStyle::Heading);
    let (rect, _) = ui.allocate_exact_size(egui::Vec2::splat(size), egui::Sense::hover());
    let (c, r) = (rect.center(), size * 0.36);
    match verdict {
        Verdict::Holds => {
            ui.painter().circle_filled(c, r * 0.9, color);
        }
        Verdict::Warning => {
            let points = vec![
                c + egui::vec2(0.0, -r),
                c + egui::vec2(r, r * 0.8),
                c + egui::vec2(-r, r * 0.8),
            ];
            ui.painter().add(egui::Shape::closed_line(
                points,
                egui::Stroke::new(2.0, color),
            ));
            ui.painter().text(
                c + egui::vec2(0.0, r * 0.2),
                egui::Align2::CENTER_CENTER,
                "!",
                egui::FontId::proportional(size * 0.5),
                color,
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
                    let role = ui.label(tr("Role"));
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
                        })
                        .response
                        .labelled_by(role.id);
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
