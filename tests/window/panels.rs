//! Each panel on a harness of its own (egui_kittest's `Harness` on the panel's function, as
//! egui's demo tests its modals): the panel reads a `Document`, changes only its
//! `WindowState`, and what it asks for comes out as commands. The harness plays the app's
//! part for edits only: a `Command::Edit` is applied to the document between frames, so a
//! form sees its own typing; every other command is only recorded.

use cocreate::app::{Command, WindowState};
use cocreate::document::{Document, Edit, Op};
use cocreate::model::Session;

use crate::common::*;

/// A panel's world: the document it reads, the view state it owns, what it asked for.
struct Panel {
    doc: Document,
    window: WindowState,
    commands: Vec<Command>,
}

type PanelFn = fn(&mut egui::Ui, &Document, &mut WindowState, &mut Vec<Command>);

fn panel_harness(session: Session, panel: PanelFn) -> Harness<'static, Panel> {
    let doc = Document::saved(session, None);
    let mut window = WindowState::default();
    window.follow(&doc);
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_ui_state(
            move |ui, p: &mut Panel| {
                let mut asked = Vec::new();
                panel(ui, &p.doc, &mut p.window, &mut asked);
                for command in asked {
                    if let Command::Edit(op) = &command {
                        p.doc
                            .apply(Edit::window(op.clone()))
                            .expect("the panel's edit applies");
                    }
                    p.commands.push(command);
                }
            },
            Panel {
                doc,
                window,
                commands: Vec::new(),
            },
        );
    h.run_steps(4);
    h
}

fn bundled() -> Session {
    AppState::bundled().session().clone()
}

fn demo() -> Session {
    cocreate::demo::generate(cocreate::demo::bundled_commitments(), 3, 11)
}

/// Nothing was asked for and the document is as it was: looking writes nothing.
fn assert_untouched(h: &Harness<'_, Panel>, session: &Session) {
    let p = h.state();
    assert_eq!(p.commands, [], "the panel asked for nothing");
    assert_eq!(p.doc.session(), session);
    assert!(!p.doc.is_unsaved());
}

#[test]
fn the_workshop_panel_sends_typing_as_edits_of_the_details() {
    let session = bundled();
    let mut h = panel_harness(session.clone(), cocreate::ui::workshop::workshop_ui);
    assert_untouched(&h, &session);
    h.get_by_label("Location").focus();
    h.run_steps(1);
    h.get_by_label("Location").type_text("Sudbury");
    h.run_steps(3);
    let p = h.state();
    assert_eq!(p.doc.session().workshops[0].details.location, "Sudbury");
    assert!(!p.commands.is_empty());
    assert!(
        p.commands
            .iter()
            .all(|c| matches!(c, Command::Edit(Op::SetDetails { .. }))),
        "typing is details edits and nothing else: {:?}",
        p.commands
    );
}

#[test]
fn the_workshop_panel_renames_a_group_by_an_edit_and_asks_to_add_one() {
    let session = bundled();
    let mut h = panel_harness(session.clone(), cocreate::ui::workshop::workshop_ui);
    h.get_by_label("Name of group 1").focus();
    h.run_steps(1);
    h.get_by_label("Name of group 1").type_text(" (north)");
    h.run_steps(3);
    let first = session.workshops[0].groups[0].id;
    assert_eq!(
        h.state().doc.session().workshops[0]
            .group(first)
            .unwrap()
            .name,
        format!("{} (north)", session.workshops[0].groups[0].name)
    );
    h.get_by_label("Add group").click();
    h.run_steps(2);
    assert_eq!(h.state().commands.last(), Some(&Command::AddGroup));
    assert_eq!(
        h.state().doc.session().workshops[0].groups.len(),
        3,
        "adding is the app's work, not the panel's"
    );
}

#[test]
fn the_plot_panel_asks_to_place_and_writes_nothing_itself() {
    let session = bundled();
    let mut h = panel_harness(session.clone(), cocreate::ui::plot::plot_view_ui);
    assert_untouched(&h, &session);
    h.get_by_label("Place commitment 4").click();
    h.run_steps(2);
    let p = h.state();
    assert_eq!(
        p.commands,
        [Command::Place {
            commitment: "4".into(),
            desirability: 5.0,
            ambition: 1.0,
        }]
    );
    assert_eq!(p.doc.session(), &session, "placing is the app's work");
}

#[test]
fn the_compare_panel_sorts_by_itself_and_asks_to_select() {
    let session = demo();
    let mut h = panel_harness(session.clone(), cocreate::ui::compare::compare_view_ui);
    assert_untouched(&h, &session);
    h.get_by_label("Sort by Desirability").click();
    h.run_steps(2);
    assert_eq!(
        h.state().window.sort.0,
        cocreate::app::SortColumn::Desirability,
        "the sort is the panel's own state"
    );
    assert_eq!(h.state().commands, []);
    h.get_by_label("Select commitment 2").click();
    h.run_steps(2);
    assert_eq!(h.state().commands, [Command::SetSelected("2".into(), true)]);
    assert_eq!(h.state().doc.session(), &session);
}

#[test]
fn the_refine_panel_writes_nothing_when_shown_and_sends_the_form_as_one_edit() {
    let mut session = bundled();
    session.workshops[0].set_selected("3", true);
    let mut h = panel_harness(session.clone(), cocreate::ui::refine::refine_view_ui);
    assert_untouched(&h, &session);
    let lead = "Lead (responsible department or team)";
    h.get_by_label(lead).focus();
    h.run_steps(1);
    h.get_by_label(lead).type_text("Treasury Board");
    h.run_steps(3);
    let p = h.state();
    assert!(
        p.commands.iter().all(|c| matches!(
            c,
            Command::Edit(Op::SetRefinement { refinement, .. }) if refinement.commitment == "3"
        )),
        "{:?}",
        p.commands
    );
    assert_eq!(
        p.doc.session().workshops[0].refinement("3").unwrap().lead,
        "Treasury Board"
    );
}

#[test]
fn the_all_workshops_panel_hides_a_layer_itself() {
    let session = merged_ontario();
    let mut h = panel_harness(session.clone(), cocreate::ui::event::event_view_ui);
    assert_untouched(&h, &session);
    h.get_by_label("Show Central workshop").click();
    h.run_steps(2);
    let central = session
        .workshops
        .iter()
        .find(|w| w.details.name == "Central workshop")
        .unwrap()
        .id
        .clone();
    assert!(
        h.state().window.hidden_layers.contains(&central),
        "a layer is the view's own state"
    );
    assert_untouched(&h, &session);
}

#[test]
fn the_wall_shows_the_grid_and_asks_for_nothing() {
    let session = demo();
    let h = panel_harness(session.clone(), cocreate::ui::presenter::presenter_ui);
    assert_untouched(&h, &session);
    assert!(
        h.query_all_by_role(egui::accesskit::Role::Button)
            .all(|b| !text_of(&b.accesskit_node()).starts_with("Place commitment")),
        "no placing from the wall"
    );
}

#[test]
fn the_response_panel_picks_an_idea_itself_and_sends_the_response_as_an_edit() {
    let session = central();
    let mut h = panel_harness(session.clone(), cocreate::ui::response::response_ui);
    assert_eq!(
        h.state().window.focus.as_deref(),
        Some("1"),
        "the first idea"
    );
    assert_untouched(&h, &session);
    h.get_by_label_contains("4. Publish ministry spending")
        .click();
    h.run_steps(2);
    assert_eq!(
        h.state().window.focus.as_deref(),
        Some("4"),
        "the idea shown is the view's own state"
    );
    assert_untouched(&h, &session);
    h.get_by_label("Outcome").click();
    h.run_steps(2);
    h.get_by_label("deferred").click();
    h.run_steps(3);
    let expected = cocreate::model::Response {
        commitment: "4".into(),
        outcome: cocreate::model::Outcome::Deferred,
        ..Default::default()
    };
    assert_eq!(
        h.state().commands,
        [Command::Edit(Op::SetResponse(expected.clone()))]
    );
    assert_eq!(h.state().doc.session().response("4"), Some(&expected));

    h.get_by_label("New selection criterion").focus();
    h.run_steps(1);
    h.get_by_label("New selection criterion")
        .type_text("demand from the public");
    h.run_steps(2);
    h.get_by_label("Add criterion").click();
    h.run_steps(2);
    assert_eq!(
        h.state().commands.last(),
        Some(&Command::Edit(Op::SetCriteria(vec![
            "demand from the public".into()
        ])))
    );
}
