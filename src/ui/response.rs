//! The reasoned response, a tab of the All workshops view: every idea with what became of
//! it, the chosen idea's form — outcome, reason, the selection criteria cited — and beside
//! it the evidence the workshops left (medians on the session's scale, how many groups
//! placed it, where it was selected, what the groups said). The form edits a copy of the
//! response and sends it whole when a field changed, as the refinement form does.

use crate::i18n::{tr, trf};
use crate::ui::LazyHover as _;
use egui::RichText;

use crate::app::{Command, WindowState};
use crate::document::{Document, Op};
use crate::model::{ConflictKey, Outcome, Response, Session};
use crate::ui::{commitment_line, name_widget};

// OWED marks an idea selected at a workshop and not taken into the plan, and an outcome
// still to be completed; SELECTED, a workshop that selected the idea.
use crate::ui::style::{FALLS_SHORT as OWED, HOLDS as SELECTED};

/// The Response tab.
pub fn response_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut WindowState,
    commands: &mut Vec<Command>,
) {
    let session = doc.session();
    let Some(first) = session.commitments.first() else {
        egui::CentralPanel::default()
            .frame(crate::ui::style::central_panel_frame(ui))
            .show(ui, |ui| {
                ui.heading(tr("This session has no ideas to respond to."));
            });
        return;
    };
    let chosen = state
        .focus
        .clone()
        .filter(|id| session.commitment(id).is_some())
        .unwrap_or_else(|| first.id.clone());
    if state.focus.as_deref() != Some(chosen.as_str()) {
        state.focus = Some(chosen.clone()); // view state: the idea the form shows
    }
    let form = &mut state.response_form;
    if form.merging.as_deref().is_some_and(|id| id != chosen) {
        form.merging = None; // another idea: the unfinished choice is dropped, never saved
    }

    egui::Panel::left("response_ideas")
        .frame(crate::ui::style::side_panel_frame(ui))
        .default_size(280.0)
        .size_range(220.0..=420.0)
        .show(ui, |ui| ideas_ui(ui, session, state));
    egui::Panel::right("response_evidence")
        .frame(crate::ui::style::side_panel_frame(ui))
        .default_size(300.0)
        .size_range(240.0..=480.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("response_evidence_scroll")
                .show(ui, |ui| evidence_ui(ui, session, &chosen));
        });
    egui::CentralPanel::default()
        .frame(crate::ui::style::central_panel_frame(ui))
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("response_form_scroll")
                .show(ui, |ui| form_ui(ui, session, state, &chosen, commands));
        });
}

/// What became of an idea: its response's outcome, else undecided.
fn outcome_of<'a>(session: &'a Session, id: &str) -> &'a Outcome {
    session
        .response(id)
        .map_or(&Outcome::Undecided, |r| &r.outcome)
}

/// Every idea: its number and title, its outcome, and a mark when a workshop selected it
/// and the plan does not take it.
fn ideas_ui(ui: &mut egui::Ui, session: &Session, state: &mut WindowState) {
    ui.heading(tr("Ideas"));
    let decided = session
        .commitments
        .iter()
        .filter(|c| *outcome_of(session, &c.id) != Outcome::Undecided)
        .count();
    let owed = session
        .commitments
        .iter()
        .filter(|c| crate::response::selected_but_not_adopted(session, &c.id))
        .count();
    ui.label(
        RichText::new(trf(
            "%{decided} of %{ideas} decided · %{owed} selected at a workshop and not adopted",
            &[
                ("decided", &decided),
                ("ideas", &session.commitments.len()),
                ("owed", &owed),
            ],
        ))
        .weak(),
    );
    ui.add_space(4.0);
    egui::ScrollArea::vertical()
        .id_salt("response_ideas_scroll")
        .show(ui, |ui| {
            // Rows as wide as the list, titles whole (wrapped), left-aligned.
            ui.set_width(ui.available_width());
            ui.with_layout(egui::Layout::top_down_justified(egui::Align::Min), |ui| {
                let style = ui.style().clone();
                for c in &session.commitments {
                    let mut job = egui::text::LayoutJob::default();
                    RichText::new(format!("{}. {}", c.id, c.title)).append_to(
                        &mut job,
                        &style,
                        egui::FontSelection::Default,
                        egui::Align::Min,
                    );
                    RichText::new(format!(
                        "\n{}",
                        crate::i18n::localized(outcome_of(session, &c.id))
                    ))
                    .size(12.0)
                    .append_to(
                        &mut job,
                        &style,
                        egui::FontSelection::Default,
                        egui::Align::Min,
                    );
                    if crate::response::selected_but_not_adopted(session, &c.id) {
                        RichText::new(format!(
                            " · ! {}",
                            tr("selected at a workshop, not adopted")
                        ))
                        .size(12.0)
                        .color(OWED)
                        .append_to(
                            &mut job,
                            &style,
                            egui::FontSelection::Default,
                            egui::Align::Min,
                        );
                    }
                    let chosen = state.focus.as_deref() == Some(c.id.as_str());
                    let response = ui
                        .selectable_label(chosen, job)
                        .on_hover_text_with(|| c.title.clone());
                    crate::ui::scroll_into_view_when_focused(&response);
                    if response.clicked() && !chosen {
                        state.focus = Some(c.id.clone());
                    }
                }
            });
        });
}

/// The chosen idea's response: outcome (and the idea it is merged into), reason, criteria
/// cited, and the organizer's own criteria added or removed.
fn form_ui(
    ui: &mut egui::Ui,
    session: &Session,
    state: &mut WindowState,
    id: &str,
    commands: &mut Vec<Command>,
) {
    let commitment = session.commitment(id).cloned().unwrap_or_default();
    ui.heading(format!("{}. {}", commitment.id, commitment.title));
    ui.label(
        RichText::new(trf(
            "Theme: %{0} · %{1} votes",
            &[("0", &commitment.theme), ("1", &commitment.votes)],
        ))
        .weak(),
    );
    let open_conflict = session
        .conflicts
        .iter()
        .any(|c| c.key == ConflictKey::Response(id.to_owned()) && c.resolution().is_none());
    if open_conflict {
        ui.label(
            RichText::new(tr(
                "The merged files hold different responses to this idea: see Conflicts. An edit here becomes the resolution.",
            ))
            .color(OWED),
        );
    }
    ui.add_space(6.0);
    let current = session.response(id).cloned().unwrap_or_else(|| Response {
        commitment: id.to_owned(),
        ..Default::default()
    });
    let mut draft = current.clone();
    let form = &mut state.response_form;
    let merging = form.merging.as_deref() == Some(id);

    // The outcome. "Merged into another idea" waits for the idea it goes into: until it is
    // chosen, the session keeps the outcome it had (a merge into nothing is no outcome).
    let shown = if merging {
        Outcome::MergedInto(String::new())
    } else {
        draft.outcome.clone()
    };
    let label = ui.label(RichText::new(tr("Outcome")).strong());
    let combo = egui::ComboBox::from_id_salt("response_outcome")
        .selected_text(tr(shown.name()))
        .width(260.0)
        .show_ui(ui, |ui| {
            for kind in Outcome::kinds() {
                if ui
                    .selectable_label(shown.same_kind(&kind), tr(kind.name()))
                    .clicked()
                    && !shown.same_kind(&kind)
                {
                    if matches!(kind, Outcome::MergedInto(_)) {
                        form.merging = Some(id.to_owned());
                    } else {
                        form.merging = None;
                        draft.outcome = kind;
                    }
                }
            }
        });
    combo.response.labelled_by(label.id);
    if matches!(shown, Outcome::MergedInto(_)) {
        let target = match &draft.outcome {
            Outcome::MergedInto(t) if !merging => Some(t.clone()),
            _ => None,
        };
        let label = ui.label(tr("Merged into"));
        let title = |t: &str| {
            let title = session.commitment(t).map_or("", |c| c.title.as_str());
            commitment_line(t, title, 50)
        };
        let combo = egui::ComboBox::from_id_salt("response_merged_into")
            .selected_text(
                target
                    .as_deref()
                    .map_or_else(|| tr("Choose the idea…"), &title),
            )
            .width(360.0)
            .show_ui(ui, |ui| {
                for c in session.commitments.iter().filter(|c| c.id != id) {
                    let this = target.as_deref() == Some(c.id.as_str());
                    if ui.selectable_label(this, title(&c.id)).clicked() && !this {
                        form.merging = None;
                        draft.outcome = Outcome::MergedInto(c.id.clone());
                    }
                }
            });
        combo.response.labelled_by(label.id);
        if merging {
            ui.label(
                RichText::new(trf(
                    "Choose the idea it is merged into. Until then its outcome stays “%{outcome}”.",
                    &[("outcome", &crate::i18n::localized(&current.outcome))],
                ))
                .color(OWED),
            );
        }
    }
    ui.add_space(6.0);

    let label = ui.label(RichText::new(tr("Reason")).strong());
    ui.add(
        egui::TextEdit::multiline(&mut draft.reason)
            .desired_rows(4)
            .desired_width(f32::INFINITY)
            .hint_text(tr(
                "Why, in words the participants will read: what the evidence showed, which criteria weighed",
            )),
    )
    .labelled_by(label.id);
    ui.add_space(6.0);

    criteria_ui(ui, session, &mut draft, form, commands);

    if draft != current {
        commands.push(Command::Edit(Op::SetResponse(draft)));
    }
}

/// The selection criteria, each a checkbox (cited or not); the organizer's own with a
/// Remove button, and a field to add one. A criterion cited by responses is removed only
/// once the organizer confirms that its citations go with it.
fn criteria_ui(
    ui: &mut egui::Ui,
    session: &Session,
    draft: &mut Response,
    form: &mut crate::app::ResponseForm,
    commands: &mut Vec<Command>,
) {
    ui.label(RichText::new(tr("Criteria cited")).strong());
    let all: Vec<&str> = session.all_criteria().collect();
    let mut cited: Vec<&str> = Vec::new();
    let mut toggled = false;
    for &name in &all {
        let own = session.criteria.iter().any(|c| c == name);
        let mut on = draft.criteria.iter().any(|c| c == name);
        ui.horizontal_wrapped(|ui| {
            let text = crate::i18n::message(&crate::model::criterion_message(name));
            toggled |= ui.checkbox(&mut on, text).changed();
            if own {
                let remove = ui.small_button(tr("Remove"));
                name_widget(&remove, egui::Role::Button, || {
                    trf("Remove criterion %{0}", &[("0", &name)])
                });
                if remove.clicked() {
                    let citing = citing(session, name);
                    if citing == 0 {
                        commands.push(Command::Edit(Op::SetCriteria(without(session, name))));
                    } else {
                        form.confirm_remove = Some(name.to_owned());
                    }
                }
            }
        });
        if form.confirm_remove.as_deref() == Some(name) {
            confirm_remove_ui(ui, session, name, form, commands);
        }
        if on {
            cited.push(name);
        }
    }
    if toggled {
        // Kept in the list's order, whatever order they were ticked in.
        draft.criteria = cited.into_iter().map(str::to_owned).collect();
    }
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        let field = ui.add(
            egui::TextEdit::singleline(&mut form.new_criterion)
                .hint_text(tr("Add criterion…"))
                .desired_width((ui.available_width() - 110.0).max(160.0)),
        );
        name_widget(&field, egui::Role::TextInput, || {
            tr("New selection criterion")
        });
        let name = form.new_criterion.trim().to_owned();
        let known = all.iter().any(|c| c.eq_ignore_ascii_case(&name))
            || all
                .iter()
                .any(|c| crate::i18n::message(&crate::model::criterion_message(c)) == name);
        let ok = !name.is_empty() && !known;
        let add = ui.add_enabled(ok, egui::Button::new(tr("Add")));
        name_widget(&add, egui::Role::Button, || tr("Add criterion"));
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ok && (add.clicked() || entered) {
            let mut criteria = session.criteria.clone();
            criteria.push(name);
            commands.push(Command::Edit(Op::SetCriteria(criteria)));
            form.new_criterion.clear();
        }
        if known {
            ui.label(RichText::new(tr("already a criterion")).color(OWED));
        }
    });
    ui.label(
        RichText::new(tr(
            "The three built-in criteria are the room's; add your own (feasibility, demand…) for the whole session.",
        ))
        .weak(),
    );
}

/// How many responses cite a criterion.
fn citing(session: &Session, name: &str) -> usize {
    session
        .responses
        .iter()
        .filter(|r| r.criteria.iter().any(|c| c == name))
        .count()
}

/// The organizer's criteria without one.
fn without(session: &Session, name: &str) -> Vec<String> {
    session
        .criteria
        .iter()
        .filter(|c| *c != name)
        .cloned()
        .collect()
}

/// "Cited by N responses: remove it from them too?", under the criterion.
fn confirm_remove_ui(
    ui: &mut egui::Ui,
    session: &Session,
    name: &str,
    form: &mut crate::app::ResponseForm,
    commands: &mut Vec<Command>,
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(
            RichText::new(trf(
                "%{n} responses cite “%{0}”. Removing it takes it out of them too (Ctrl+Z puts it back).",
                &[("n", &citing(session, name)), ("0", &name)],
            ))
            .color(OWED),
        );
        ui.horizontal(|ui| {
            let remove = ui.button(tr("Remove it from them too"));
            if remove.clicked() {
                commands.push(Command::Edit(Op::SetCriteria(without(session, name))));
                form.confirm_remove = None;
            }
            if ui.button(tr("Keep it")).clicked() {
                form.confirm_remove = None;
            }
        });
    });
}

/// What the workshops left about the idea: per workshop its medians (with the level on the
/// session's scale), how many of its groups placed it and whether it selected it; then
/// what the groups said.
fn evidence_ui(ui: &mut egui::Ui, session: &Session, id: &str) {
    let evidence = crate::response::evidence(session, id);
    ui.heading(tr("Evidence"));
    ui.label(
        RichText::new(trf(
            "Ambition is on the IRM's scale of %{scale}.",
            &[("scale", &crate::i18n::localized(&session.ambition_scale))],
        ))
        .weak(),
    );
    let selected_at = evidence.selected_at();
    ui.label(if selected_at.is_empty() {
        tr("Selected at no workshop.")
    } else {
        trf("Selected at: %{0}", &[("0", &selected_at.join(", "))])
    });
    ui.add_space(4.0);
    for w in &evidence.workshops {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let name = if w.date.trim().is_empty() {
                w.name.clone()
            } else {
                format!("{} · {}", w.name, w.date)
            };
            ui.label(RichText::new(name).strong());
            ui.label(trf(
                "Groups that placed it: %{0}",
                &[(
                    "0",
                    &trf("%{n} of %{of}", &[("n", &w.placed_by), ("of", &w.groups)]),
                )],
            ));
            match w.medians {
                Some((d, a, level)) => {
                    ui.label(trf(
                        "Median desirability %{d} · ambition %{a} (%{level})",
                        &[
                            ("d", &format!("{d:.1}")),
                            ("a", &format!("{a:.1}")),
                            ("level", &crate::i18n::localized(&level)),
                        ],
                    ));
                }
                None => {
                    ui.label(RichText::new(tr("No group placed it.")).weak());
                }
            }
            if w.selected {
                ui.label(RichText::new(tr("Selected for refinement here")).color(SELECTED));
            } else {
                ui.label(RichText::new(tr("Not selected here")).weak());
            }
        });
    }
    ui.add_space(6.0);
    ui.label(RichText::new(tr("What the groups said:")).strong());
    if evidence.notes.is_empty() {
        ui.label(RichText::new(tr("No group wrote a note on it.")).weak());
    }
    let several = session.workshops.len() > 1;
    for note in &evidence.notes {
        let who = if several {
            format!("{} · {}", note.workshop, note.group)
        } else {
            note.group.clone()
        };
        // Who said it, in grey, over what they said.
        ui.label(RichText::new(who).weak());
        ui.indent(("note", &note.workshop, &note.group), |ui| {
            ui.label(&note.text)
        });
    }
}
