//! The window at projector sizes: every view laid out at 1024×768, 1280×720 and 1920×1080, in English
//! and in French, with no two pieces of text on each other and none cut off at the window's
//! edge. (Its own test binary: the language is process-wide, and one test walks both.)

use cocreate::app::AppState;
use cocreate::shell::App;
use egui::Rect;
use egui_kittest::Harness;
use egui_kittest::kittest::NodeT as _;

/// The three Ontario workshops merged, with a commitment selected for Refine.
fn session() -> cocreate::model::Session {
    let inputs: Vec<_> = cocreate::demo::ontario_2016()
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    cocreate::merge::merge(&inputs).unwrap()
}

/// Every text-bearing node on screen: its text and its rectangle.
fn texts(h: &Harness<'_, App>) -> Vec<(String, Rect)> {
    let mut out = Vec::new();
    for node in h.root().children_recursive() {
        let ak = node.accesskit_node();
        let text = match ak.role() {
            egui::accesskit::Role::Label => ak.value(),
            egui::accesskit::Role::Button | egui::accesskit::Role::CheckBox => ak.label(),
            _ => None,
        };
        let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        out.push((text, node.rect()));
    }
    out
}

/// What is wrong with the layout on screen: text past the window's edges, and pairs of texts
/// that overlap.
fn problems(h: &Harness<'_, App>, size: egui::Vec2) -> Vec<String> {
    let screen = Rect::from_min_size(egui::Pos2::ZERO, size);
    // Texts scrolled out of their panel's view are not on screen: only those that touch it.
    let shown: Vec<(String, Rect)> = texts(h)
        .into_iter()
        .filter(|(_, r)| r.intersects(screen) && r.area() > 0.0)
        .collect();
    let mut found = Vec::new();
    // Painted text (the grid's band names, axis labels and point numbers, every label's
    // glyphs) cut by its clip rectangle at the left or right: a word shown in part. (Two
    // points of slack: a dash's ink may overhang its cell's padding.)
    for clipped in &h.output().shapes {
        if let egui::Shape::Text(t) = &clipped.shape {
            let r = t.visual_bounding_rect();
            let clip = clipped.clip_rect;
            let on_screen = r.intersects(clip) && r.intersects(screen);
            let vertically_inside =
                r.top() >= clip.top() - 0.5 && r.bottom() <= clip.bottom() + 0.5;
            if on_screen
                && vertically_inside
                && (r.left() < clip.left() - 2.0 || r.right() > clip.right() + 2.0)
                && !t.galley.text().trim().is_empty()
            {
                found.push(format!(
                    "cut: {:?} at {r:?}, clipped to {clip:?}",
                    t.galley.text()
                ));
            }
        }
    }
    for (text, r) in &shown {
        if r.right() > screen.right() + 0.5 || r.left() < screen.left() - 0.5 {
            found.push(format!("cut at the window's edge: {text:?} at {r:?}"));
        }
    }
    for (i, (a, ra)) in shown.iter().enumerate() {
        for (b, rb) in &shown[i + 1..] {
            let overlap = ra.intersect(*rb);
            // A sliver of a pixel is rounding; a row of a table lies under its cells.
            let nested = ra.contains_rect(*rb) || rb.contains_rect(*ra);
            if overlap.width() > 1.0 && overlap.height() > 1.0 && !nested {
                found.push(format!("{a:?} {ra:?} overlaps {b:?} {rb:?}"));
            }
        }
    }
    found
}

#[test]
fn every_view_fits_at_projector_sizes_in_english_and_french() {
    let mut all = Vec::new();
    let single = cocreate::demo::ontario_2016().remove(0).1;
    for language in ["en", "fr"] {
        for (size, session) in [
            (egui::vec2(1024.0, 768.0), session()),
            (egui::vec2(1280.0, 720.0), session()),
            (egui::vec2(1024.0, 768.0), single.clone()),
            (egui::vec2(1920.0, 1080.0), single.clone()),
        ] {
            let mut session = session;
            let first = session.workshops[0].placements[0].commitment.clone();
            session.workshops[0].set_selected(&first, true);
            let mut state = AppState::new(session, None);
            state.window.language = language.to_owned();
            let mut h = Harness::builder().with_size(size).build_eframe(move |cc| {
                cocreate::ui::theme::setup_style(&cc.egui_ctx);
                App::new(state)
            });
            h.run_steps(4);
            // The window speaks the language under test (else French would be English twice).
            assert_eq!(cocreate::i18n::language(), language);
            let tabs = if language == "fr" {
                ["Placer", "Affiner"]
            } else {
                ["Plot", "Refine"]
            };
            for tab in tabs {
                assert!(
                    texts(&h).iter().any(|(t, _)| t == tab),
                    "{language}: the {tab:?} tab"
                );
            }
            for view in cocreate::app::View::ALL {
                h.state_mut().state.window.view = view;
                h.run_steps(4);
                // The view is drawn: the checks below are about something on screen.
                let on_screen = texts(&h).len();
                assert!(
                    on_screen >= 20,
                    "{language} {size:?} {view:?}: {on_screen} texts"
                );
                for p in problems(&h, size) {
                    all.push(format!("{language} {size:?} {view:?}: {p}"));
                }
            }
            // The All workshops view's other tabs (the reasoned response among them), and
            // Refine in the current template.
            h.state_mut().state.window.view = cocreate::app::View::Event;
            for tab in [
                cocreate::app::EventTab::Refinements,
                cocreate::app::EventTab::Conflicts,
                cocreate::app::EventTab::Response,
            ] {
                h.state_mut().state.window.event_tab = tab;
                h.run_steps(4);
                for p in problems(&h, size) {
                    all.push(format!("{language} {size:?} All workshops {tab:?}: {p}"));
                }
            }
            h.state_mut().state.window.event_tab = cocreate::app::EventTab::Picture;
            let current = cocreate::document::Op::SetTemplate(cocreate::model::Template::Current);
            h.state_mut().state.edit(current, 0.0).unwrap();
            h.state_mut().state.window.view = cocreate::app::View::Refine;
            h.run_steps(4);
            for p in problems(&h, size) {
                all.push(format!("{language} {size:?} Refine, current template: {p}"));
            }
            // The wall, from Plot (the plotting group), Compare (all groups) and All
            // workshops (the merged picture). The wall does not scroll: nothing may reach
            // past its bottom edge either.
            h.state_mut().state.window.presenting = true;
            for view in [
                cocreate::app::View::Plot,
                cocreate::app::View::Compare,
                cocreate::app::View::Event,
            ] {
                h.state_mut().state.window.view = view;
                h.run_steps(6);
                for p in problems(&h, size) {
                    all.push(format!("{language} {size:?} wall from {view:?}: {p}"));
                }
                for (t, r) in texts(&h) {
                    if r.bottom() > size.y + 0.5 {
                        all.push(format!(
                            "{language} {size:?} wall from {view:?}: below the bottom edge: {t:?} at {r:?}"
                        ));
                    }
                }
                assert!(
                    texts(&h)
                        .iter()
                        .any(|(t, _)| t.contains("Adopt the International Open Data Charter")),
                    "the wall from {view:?} and its key are shown"
                );
                // On a 16:9 wall the grid comes near square (it was wide and short).
                if size == egui::vec2(1920.0, 1080.0) {
                    let frame = *h
                        .ctx
                        .data(|d| {
                            d.get_temp::<egui_plot::PlotTransform>(
                                cocreate::ui::grid::transform_id(),
                            )
                        })
                        .expect("the grid was drawn")
                        .frame();
                    let ratio = frame.width() / frame.height();
                    if view != cocreate::app::View::Event && !(0.8..=1.25).contains(&ratio) {
                        all.push(format!(
                            "{language} wall from {view:?}: the grid is {ratio:.2} times as wide as high"
                        ));
                    }
                }
            }
            // The room open for placing: the groups' cards (codes, progress, addresses) where
            // the key was, none cut or below the edge.
            h.state_mut().state.room_addr = Some("127.0.0.1:0".parse().unwrap());
            h.state_mut()
                .state
                .open_room(Some("127.0.0.1:0".parse().unwrap()))
                .unwrap();
            h.state_mut().state.window.view = cocreate::app::View::Compare;
            h.run_steps(6);
            for p in problems(&h, size) {
                all.push(format!("{language} {size:?} wall with the room open: {p}"));
            }
            for (t, r) in texts(&h) {
                if r.bottom() > size.y + 0.5 {
                    all.push(format!(
                        "{language} {size:?} wall with the room open: below the bottom edge: {t:?} at {r:?}"
                    ));
                }
            }
            assert!(
                texts(&h).iter().any(|(t, _)| t.contains("/g/")),
                "the wall shows the groups' addresses"
            );
            h.state_mut().state.window.presenting = false;
        }
    }
    assert!(
        all.is_empty(),
        "{} problems:\n{}",
        all.len(),
        all.join("\n")
    );
}
