//! The room in the window: opened by its button, a device's placement reaches the document
//! (and its undo) through the frame loop, the wall shows each group's code and progress,
//! locking refuses, and closing stops the server.

use std::time::Duration;

use crate::common::*;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

/// Posts an edit from a thread of its own (the server answers once the window has applied
/// it); the thread gives the status.
fn post_in_thread(url: String, body: String) -> std::thread::JoinHandle<u16> {
    std::thread::spawn(move || {
        agent()
            .post(&url)
            .header("content-type", "application/json")
            .send(&body)
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    })
}

/// The room's links as the window shows them.
fn shown_links(h: &Harness<'_, App>) -> Vec<cocreate::room::GroupLink> {
    h.state()
        .state
        .window
        .room
        .clone()
        .expect("the room is open")
        .links
}

/// Posts an edit while the window runs frames; returns the status.
fn post_while_running(h: &mut Harness<'_, App>, url: String, body: String) -> u16 {
    let sender = post_in_thread(url, body);
    while !sender.is_finished() {
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(5));
    }
    sender.join().unwrap()
}

#[test]
fn a_groups_phone_places_through_the_window_and_the_wall_shows_its_code() {
    let mut state = AppState::bundled();
    state.room_addr = Some("127.0.0.1:0".parse().unwrap());
    let mut h = harness_with(state, FakePicker::answering(vec![]));
    h.get_by_label("Open the room").click();
    h.run_steps(4);
    let links = shown_links(&h);
    assert_eq!(links.len(), 3, "a link per group");
    h.get_by_label("Lock placing"); // its window: links, devices, lock
    let before = h.state().state.session().clone();
    let edit = links[1].url.replacen("/g/", "/api/", 1) + "/edit";
    let body = serde_json::json!({
        "client": "phone", "seq": 1, "op": "place",
        "commitment": "4", "desirability": 8.0, "ambition": 2.0,
    })
    .to_string();
    assert_eq!(post_while_running(&mut h, edit.clone(), body), 200);
    let p = h
        .state()
        .state
        .workshop()
        .placement(links[1].group, "4")
        .cloned()
        .expect("the phone's placement is in the document");
    assert_eq!((p.desirability, p.ambition), (8.0, 2.0));
    assert!(h.state().state.is_unsaved(), "and unsaved");

    // The wall: a card per group with its progress.
    h.key_press(egui::Key::F11);
    h.run_steps(4);
    h.get_by_label_contains(&format!("{} · 1/15 placed · 1 devices", links[1].name));
    h.key_press(egui::Key::Escape);
    h.run_steps(3);

    // Undo takes it back like any edit.
    ctrl(&mut h, egui::Key::Z);
    assert_eq!(*h.state().state.session(), before);

    // Locked: refused, nothing changes.
    h.get_by_label("Lock placing").click();
    h.run_steps(3);
    let body = serde_json::json!({
        "client": "phone", "seq": 2, "op": "unplace", "commitment": "4",
    })
    .to_string();
    assert_eq!(post_while_running(&mut h, edit.clone(), body), 423);

    // Closed and opened again on the same workshop, the room keeps its links: the phones'
    // pages carry on, with what they kept meanwhile.
    h.get_by_label("Close the room").click();
    h.run_steps(3);
    h.get_by_label("Open the room").click();
    h.run_steps(4);
    let again = shown_links(&h);
    assert_eq!(
        again
            .iter()
            .map(|l| l.url.rsplit('/').next())
            .collect::<Vec<_>>(),
        links
            .iter()
            .map(|l| l.url.rsplit('/').next())
            .collect::<Vec<_>>(),
        "the same tokens"
    );
    let links = again;

    // A link that went where it should not: a new one, the old refused.
    let group_one = links[0].name.clone();
    h.get_by_label(&format!("New link for {group_one}")).click();
    h.run_steps(3);
    let renewed = shown_links(&h);
    assert_ne!(renewed[0].url, links[0].url);
    assert_eq!(renewed[1].url, links[1].url, "the other groups keep theirs");
    let status = agent()
        .get(&(links[0].url.replacen("/g/", "/api/", 1) + "/state"))
        .call()
        .map(|r| r.status().as_u16())
        .unwrap_or(0);
    assert_eq!(status, 401, "the old link is refused");
    let links = renewed;

    // Another session replaces this one: the room closes with the old one, and says so.
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.ron");
    save_another_session(&other);
    h.state_mut()
        .state
        .doc
        .mark_saved(dir.path().join("this.ron")); // nothing unsaved to ask about
    let _ = h
        .state_mut()
        .state
        .apply(cocreate::app::Command::OpenPath(other), 0.0);
    h.run_steps(3);
    assert!(h.state().state.room.is_none());
    h.get_by_label("The room is closed");
    assert!(agent().get(&links[0].url).call().is_err());

    // Opened again, and closed by its button.
    h.get_by_label("Open the room").click();
    h.run_steps(4);
    let links = shown_links(&h);
    h.get_by_label("Close the room").click();
    h.run_steps(3);
    assert!(h.state().state.room.is_none());
    assert!(
        agent().get(&links[0].url).call().is_err(),
        "nothing answers once the room is closed"
    );
}

/// `cocreate FILE --room` opens the room before the window exists: a phone's edit must still
/// wake the window once it is there (the room holds the window's wake slot, not a copy of it
/// from before).
#[test]
fn a_room_opened_before_the_window_wakes_it() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let mut state = AppState::bundled();
    state
        .open_room(Some("127.0.0.1:0".parse().unwrap()))
        .unwrap();
    let woken = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = std::sync::Arc::clone(&woken);
    state.wake.set(move || {
        counter.fetch_add(1, Ordering::SeqCst);
    }); // as the shell does on its first frame
    let link = state.room.as_ref().unwrap().links(&state.doc)[0].clone();
    let edit = link.url.replacen("/g/", "/api/", 1) + "/edit";
    let body = serde_json::json!({
        "client": "phone", "seq": 1, "op": "place",
        "commitment": "2", "desirability": 3.0, "ambition": 1.0,
    })
    .to_string();
    let sender = post_in_thread(edit, body);
    // The window runs a frame only when woken.
    let deadline = std::time::Instant::now() + Duration::from_secs(4);
    while woken.load(Ordering::SeqCst) == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the window was never woken"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    state.serve_room(0.0);
    assert_eq!(sender.join().unwrap(), 200);
    assert!(state.workshop().placement(link.group, "2").is_some());
}

/// "Lock placing when the timer ends": the timer's end locks the room once; the
/// facilitator may unlock it after. Unticked, the end locks nothing.
#[test]
fn the_timers_end_locks_placing_when_asked_and_only_then() {
    // Frames until the window's clock has moved on by `seconds`.
    let run_for = |h: &mut Harness<'_, App>, seconds: f64| {
        let until = h.ctx.input(|i| i.time) + seconds;
        while h.ctx.input(|i| i.time) < until {
            h.run_steps(1);
        }
    };
    for asked in [true, false] {
        let mut state = AppState::bundled();
        state.room_addr = Some("127.0.0.1:0".parse().unwrap());
        let mut h = harness_with(state, FakePicker::answering(vec![]));
        h.get_by_label("Open the room").click();
        h.run_steps(4);
        if asked {
            h.get_by_label("Lock placing when the timer ends").click();
            h.run_steps(2);
        }
        assert_eq!(h.state().state.window.lock_room_when_time_is_up, asked);
        h.state_mut().state.window.timer.minutes = 1;
        h.get_by_label("Start timer").click();
        run_for(&mut h, 30.0);
        let locked = |h: &Harness<'_, App>| h.state().state.window.room.as_ref().unwrap().locked;
        assert!(!locked(&h), "not before the end");
        run_for(&mut h, 31.0);
        h.get_by_label("Time is up");
        assert_eq!(locked(&h), asked, "ticked: {asked}");
        let links = shown_links(&h);
        let edit = links[0].url.replacen("/g/", "/api/", 1) + "/edit";
        let body = serde_json::json!({
            "client": "phone", "seq": 1, "op": "place",
            "commitment": "4", "desirability": 8.0, "ambition": 2.0,
        })
        .to_string();
        let status = post_while_running(&mut h, edit.clone(), body);
        assert_eq!(status, if asked { 423 } else { 200 });
        if asked {
            // Unlocked by hand, it stays open while the time is still up.
            h.get_by_label("Unlock placing").click();
            run_for(&mut h, 2.0);
            assert!(!locked(&h));
            let body = serde_json::json!({
                "client": "phone", "seq": 2, "op": "place",
                "commitment": "4", "desirability": 8.0, "ambition": 2.0,
            })
            .to_string();
            assert_eq!(post_while_running(&mut h, edit, body), 200);
        }
        h.get_by_label("Close the room").click();
        h.run_steps(3);
    }
}
