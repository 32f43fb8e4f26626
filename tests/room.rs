//! The room's server from the outside, over loopback HTTP: links and tokens, exactly-once
//! edits, locking, limits, what is served and what is not, closing, and many groups placing
//! at once. The test plays the window: it applies the devices' edits to a `Document` in a
//! loop while clients send them.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use cocreate::document::Document;
use cocreate::model::{Session, SignUp};
use cocreate::room::{Room, RoomConfig};

fn config() -> RoomConfig {
    RoomConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        texts: BTreeMap::from([("Desirability".to_owned(), "Désirabilité".to_owned())]),
        language: "fr".into(),
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

/// Status and body of a GET.
fn get(agent: &ureq::Agent, url: &str) -> (u16, String) {
    let mut response = agent.get(url).call().expect("the server answers");
    let status = response.status().as_u16();
    (
        status,
        response.body_mut().read_to_string().unwrap_or_default(),
    )
}

/// Status and body of a POST of `body`.
fn post(agent: &ureq::Agent, url: &str, body: &str) -> (u16, String) {
    let mut response = agent
        .post(url)
        .header("content-type", "application/json")
        .send(body)
        .expect("the server answers");
    let status = response.status().as_u16();
    (
        status,
        response.body_mut().read_to_string().unwrap_or_default(),
    )
}

/// The API address of a group's page link.
fn api(url: &str, what: &str) -> String {
    url.replacen("/g/", "/api/", 1) + "/" + what
}

fn place(client: &str, seq: u64, commitment: &str, d: f64, a: f64) -> String {
    serde_json::json!({
        "client": client, "seq": seq, "op": "place",
        "commitment": commitment, "desirability": d, "ambition": a,
    })
    .to_string()
}

/// Runs `clients` while this thread plays the window, applying what they send, until they
/// are done. Returns their results.
fn with_window<T: Send + 'static>(
    room: &mut Room,
    doc: &mut Document,
    clients: Vec<Box<dyn FnOnce() -> T + Send>>,
) -> Vec<T> {
    let handles: Vec<_> = clients.into_iter().map(std::thread::spawn).collect();
    let deadline = Instant::now() + Duration::from_secs(120);
    while handles.iter().any(|h| !h.is_finished()) {
        assert!(Instant::now() < deadline, "the clients never finished");
        room.apply_pending(doc);
        std::thread::sleep(Duration::from_millis(1));
    }
    room.apply_pending(doc);
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

fn workshop(groups: usize, commitments: usize) -> Session {
    Session::new_workshop(
        cocreate::demo::synthetic_commitments(commitments),
        "Room test",
        groups,
    )
}

fn open(session: Session) -> (Document, Room) {
    let doc = Document::saved(session, None);
    let room = Room::open(config(), &doc, 0, || {}).expect("the room opens");
    (doc, room)
}

#[test]
fn each_group_has_its_own_unguessable_link_and_a_wrong_one_is_refused() {
    let (doc, room) = open(workshop(3, 5));
    let links = room.links(&doc);
    assert_eq!(links.len(), 3);
    let agent = agent();
    for link in &links {
        let token = link.url.rsplit('/').next().unwrap();
        assert_eq!(token.len(), 26, "128 bits and more, in base 32");
        assert_eq!(get(&agent, &link.url).0, 200);
        let (status, body) = get(&agent, &api(&link.url, "state"));
        assert_eq!(status, 200);
        let state: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(state["group"]["id"], link.group);
        assert_eq!(state["lang"], "fr");
        assert_eq!(state["text"]["Desirability"], "Désirabilité");
    }
    let tokens: std::collections::HashSet<_> = links.iter().map(|l| &l.url).collect();
    assert_eq!(tokens.len(), 3, "no two groups share a link");
    let base = links[0].url.rsplit_once("/g/").unwrap().0;
    // An old link gets the page, refused, so the page can say in words that it is no longer
    // valid (it asks for its state and is refused).
    let (status, page) = get(&agent, &format!("{base}/g/aaaaaaaaaaaaaaaaaaaaaaaaaa"));
    assert_eq!(status, 401);
    assert!(page.contains("room.js"), "the page, not an error text");
    // A token that is not a group's (an empty one too) is refused as an unknown link; a
    // path in its place finds no route.
    for (wrong, expected) in [
        ("abc", 401),
        ("", 401),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaa", 401),
        ("../../etc/passwd", 404),
    ] {
        let (status, body) = get(&agent, &format!("{base}/api/{wrong}/state"));
        assert_eq!(status, expected, "{wrong}: {body}");
        assert!(!body.contains("placements"));
        let (status, body) = post(
            &agent,
            &format!("{base}/api/{wrong}/edit"),
            &place("x", 1, "1", 5.0, 1.0),
        );
        assert_eq!(status, expected, "{wrong}: {body}");
        if expected == 401 {
            assert_eq!(body, r#"{"error":"unknown link"}"#);
        }
    }
}

#[test]
fn a_placement_sent_twice_is_applied_once_and_undone_in_one_step() {
    let (mut doc, mut room) = open(workshop(2, 5));
    let url = room.links(&doc)[0].url.clone();
    let group = room.links(&doc)[0].group;
    let before = doc.session().clone();
    let edit_url = api(&url, "edit");
    let answers = with_window(
        &mut room,
        &mut doc,
        vec![Box::new(move || {
            let agent = agent();
            let body = place("phone-1", 1, "2", 7.3, 2.0);
            [
                post(&agent, &edit_url, &body),
                post(&agent, &edit_url, &body),
            ]
        })],
    );
    let [(first, first_body), (second, second_body)] = &answers[0];
    assert_eq!((*first, *second), (200, 200));
    assert!(first_body.contains("\"applied\":true"), "{first_body}");
    assert!(second_body.contains("\"duplicate\":true"), "{second_body}");
    let w = &doc.session().workshops[0];
    let p = w.placement(group, "2").expect("placed");
    assert_eq!((p.desirability, p.ambition), (7.3, 2.0));
    assert_eq!(w.placements.len(), 1);
    assert!(
        doc.is_unsaved(),
        "a device's edit marks the session unsaved"
    );
    assert!(doc.undo());
    assert_eq!(doc.session(), &before, "one undo step");
}

#[test]
fn a_group_changes_only_its_own_placements_and_sees_only_its_own() {
    let mut session = workshop(2, 5);
    let other = session.workshops[0].groups[1].id;
    session.workshops[0].place(other, "3", 9.0, 3.0);
    session.workshops[0].sign_ups.push(SignUp {
        commitment: "1".into(),
        name: "Ada Secret".into(),
        email: "ada@private.example".into(),
        ..Default::default()
    });
    session.workshops[0].refinement_mut("1").objective = "an unpublished objective".into();
    let (mut doc, mut room) = open(session);
    let link = room.links(&doc)[0].clone();
    let agent = agent();
    let (_, state) = get(&agent, &api(&link.url, "state"));
    drop(agent);
    for secret in [
        "Ada Secret",
        "ada@private.example",
        "an unpublished objective",
    ] {
        assert!(!state.contains(secret), "{secret} was served");
    }
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    assert_eq!(
        state["placements"],
        serde_json::json!([]),
        "not the other group's"
    );
    // Naming the other group, or any field beyond the edit's own, is refused.
    let edit_url = api(&link.url, "edit");
    let sneaky = serde_json::json!({
        "client": "c", "seq": 1, "op": "unplace", "commitment": "3", "group": other,
    })
    .to_string();
    let unplace = serde_json::json!({"client": "c", "seq": 2, "op": "unplace", "commitment": "3"})
        .to_string();
    let answers = with_window(
        &mut room,
        &mut doc,
        vec![Box::new(move || {
            let agent = self::agent();
            [
                post(&agent, &edit_url, &sneaky).0,
                post(&agent, &edit_url, &unplace).0,
            ]
        })],
    );
    assert_eq!(answers[0][0], 400);
    assert_eq!(
        answers[0][1], 200,
        "its own unplace: nothing of its own to send back"
    );
    assert_eq!(
        doc.session().workshops[0]
            .placement(other, "3")
            .map(|p| (p.desirability, p.ambition)),
        Some((9.0, 3.0)),
        "the other group's point stays where it was"
    );
    assert!(!doc.is_unsaved(), "nothing changed");
}

#[test]
fn a_locked_room_changes_nothing_and_says_so() {
    let (mut doc, mut room) = open(workshop(2, 5));
    room.set_locked(true, &doc);
    let url = room.links(&doc)[0].url.clone();
    let agent = agent();
    let (_, state) = get(&agent, &api(&url, "state"));
    assert!(state.contains("\"locked\":true"));
    let (status, _) = post(&agent, &api(&url, "edit"), &place("p", 1, "1", 5.0, 1.0));
    assert_eq!(status, 423);
    room.apply_pending(&mut doc);
    assert!(doc.session().workshops[0].placements.is_empty());
    assert!(!doc.is_unsaved());
}

#[test]
fn requests_are_limited_in_size_and_rate() {
    let (doc, room) = open(workshop(1, 5));
    let url = room.links(&doc)[0].url.clone();
    let agent = agent();
    let big = format!(
        r#"{{"client":"p","seq":1,"op":"note","commitment":"1","note":"{}"}}"#,
        "x".repeat(70 * 1024)
    );
    assert_eq!(post(&agent, &api(&url, "edit"), &big).0, 413);
    for bad in [
        "",
        "{",
        "[]",
        r#"{"client":"p","seq":1,"op":"fly","commitment":"1"}"#,
    ] {
        assert_eq!(post(&agent, &api(&url, "edit"), bad).0, 400, "{bad}");
    }
    // A device hammering the server is slowed down: a burst of 40 requests (one of them
    // spent just above), then 20 a second; the rest are refused before they are read as an
    // edit (these are not edits: those let through are refused as such, 400).
    let start = Instant::now();
    let statuses: Vec<u16> = (0..80)
        .map(|i| {
            post(
                &agent,
                &api(&url, "edit"),
                &format!(r#"{{"client":"flood","seq":{i},"op":"fly","commitment":"1"}}"#),
            )
            .0
        })
        .collect();
    let elapsed = start.elapsed().as_secs_f64();
    assert!(
        statuses.iter().all(|s| [400, 429].contains(s)),
        "{statuses:?}"
    );
    assert_eq!(statuses[..39], [400; 39], "the burst goes through");
    let through = statuses.iter().filter(|s| **s == 400).count();
    assert!(
        through as f64 <= 39.0 + 20.0 * elapsed + 1.0,
        "{through} let through in {elapsed:.3} s: {statuses:?}"
    );
    assert!(statuses.contains(&429), "{statuses:?}");
    drop(room);
}

#[test]
fn the_page_carries_no_data_and_no_inline_script() {
    let mut session = workshop(1, 3);
    session.commitments[0].title = "<img src=x onerror=alert(1)>".into();
    let (doc, room) = open(session);
    let url = room.links(&doc)[0].url.clone();
    let agent = agent();
    let mut response = agent.get(&url).call().unwrap();
    let csp = response
        .headers()
        .get("content-security-policy")
        .expect("a Content-Security-Policy")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let page = response.body_mut().read_to_string().unwrap();
    assert!(
        !page.contains("onerror"),
        "the page itself holds no session data"
    );
    assert!(!page.contains("<script>"), "no inline script");
    // The hostile title travels as JSON text, for the page to show as text.
    let (_, state) = get(&agent, &api(&url, "state"));
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    assert_eq!(
        state["commitments"][0]["title"],
        "<img src=x onerror=alert(1)>"
    );
    for path in ["/room.js", "/room.css"] {
        let base = url.rsplit_once("/g/").unwrap().0;
        let response = agent.get(&format!("{base}{path}")).call().unwrap();
        assert_eq!(response.status(), 200, "{path}");
    }
}

/// Pages keep an event stream open for as long as they are shown: closing the room must
/// not wait for them (the window would hang).
#[test]
fn closing_does_not_wait_for_the_pages_listening() {
    let (doc, room) = open(workshop(2, 3));
    let addr = room.addr();
    let events = api(&room.links(&doc)[0].url, "events");
    let (heard, hear) = std::sync::mpsc::channel();
    let listener = std::thread::spawn(move || {
        use std::io::Read as _;
        let mut response = agent().get(&events).call().unwrap();
        let mut reader = response.body_mut().as_reader();
        let mut first = [0u8; 64];
        let n = reader.read(&mut first).unwrap_or(0);
        heard
            .send(String::from_utf8_lossy(&first[..n]).into_owned())
            .unwrap();
        let mut rest = Vec::new();
        let _ended = reader.read_to_end(&mut rest); // until the room closes the stream
    });
    let first = hear.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(first.starts_with("event: state"), "{first}");
    let (closed, close) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        room.close();
        closed.send(()).unwrap();
    });
    close
        .recv_timeout(Duration::from_secs(5))
        .expect("the room closes with a page listening");
    assert!(std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err());
    listener.join().unwrap();
}

#[test]
fn the_server_is_gone_once_the_room_closes() {
    let (doc, room) = open(workshop(1, 3));
    let addr = room.addr();
    let url = room.links(&doc)[0].url.clone();
    assert_eq!(get(&agent(), &url).0, 200);
    room.close();
    assert!(
        std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err(),
        "nothing listens on {addr} any more"
    );
}

#[test]
fn a_removed_device_and_a_replaced_link_are_refused() {
    let (mut doc, mut room) = open(workshop(1, 3));
    let link = room.links(&doc)[0].clone();
    let edit_url = api(&link.url, "edit");
    let first = edit_url.clone();
    with_window(
        &mut room,
        &mut doc,
        vec![Box::new(move || {
            post(&agent(), &first, &place("phone", 1, "1", 5.0, 1.0)).0
        })],
    );
    let devices = room.devices();
    assert_eq!(devices.len(), 1, "the device is listed once it was heard");
    assert_eq!(devices[0].client, "phone");
    room.remove_device("phone");
    let agent = agent();
    assert_eq!(
        post(&agent, &edit_url, &place("phone", 2, "1", 6.0, 1.0)).0,
        401
    );
    room.new_link(link.group).unwrap();
    assert_eq!(get(&agent, &api(&link.url, "state")).0, 401, "the old link");
    let new = room.links(&doc)[0].url.clone();
    assert_ne!(new, link.url);
    assert_eq!(get(&agent, &api(&new, "state")).0, 200);
}

/// 40 groups × 200 commitments place at once, each from its own client. Every placement
/// lands exactly once, in the document and in the saved file.
#[test]
fn forty_groups_place_two_hundred_commitments_at_once() {
    let (mut doc, mut room) = open(workshop(40, 200));
    let links = room.links(&doc);
    assert_eq!(links.len(), 40);
    let ids: Arc<Vec<String>> = Arc::new(
        doc.session()
            .commitments
            .iter()
            .map(|c| c.id.clone())
            .collect(),
    );
    let failed = Arc::new(AtomicBool::new(false));
    let clients: Vec<Box<dyn FnOnce() -> usize + Send>> = links
        .iter()
        .map(|link| {
            let url = api(&link.url, "edit");
            let ids = Arc::clone(&ids);
            let failed = Arc::clone(&failed);
            let group = link.group;
            Box::new(move || {
                let agent = agent();
                let mut applied: usize = 0;
                for (seq, id) in ids.iter().enumerate() {
                    let d = f64::from(group % 11);
                    let body = place(&format!("device-{group}"), seq as u64 + 1, id, d, 1.5);
                    // As the page does: 429 and 503 are sent again, the same number.
                    loop {
                        let (status, text) = post(&agent, &url, &body);
                        match status {
                            200 if text.contains("\"applied\":true") => {
                                applied += 1;
                                break;
                            }
                            200 => break, // a duplicate: it was applied before
                            429 | 503 => std::thread::sleep(Duration::from_millis(50)),
                            _ => {
                                failed.store(true, Ordering::SeqCst);
                                return applied;
                            }
                        }
                    }
                }
                applied
            }) as Box<dyn FnOnce() -> usize + Send>
        })
        .collect();
    let applied = with_window(&mut room, &mut doc, clients);
    assert!(!failed.load(Ordering::SeqCst), "a request was refused");
    assert_eq!(applied.iter().sum::<usize>(), 40 * 200);
    let w = &doc.session().workshops[0];
    assert_eq!(w.placements.len(), 40 * 200, "each exactly once");
    for link in &links {
        let d = f64::from(link.group % 11);
        for id in ids.iter() {
            let p = w.placement(link.group, id).expect("placed");
            assert_eq!((p.desirability, p.ambition), (d, 1.5));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("room.ron");
    cocreate::file::save(doc.session(), &path).unwrap();
    let saved = cocreate::file::load(&path).unwrap();
    assert_eq!(saved.workshops[0].placements.len(), 40 * 200);
    assert_eq!(&saved, doc.session());
}

/// The state's version only grows, even when an undo takes the document back: a page takes
/// the newest state it heard.
#[test]
fn the_served_version_grows_through_undo() {
    let (mut doc, mut room) = open(workshop(1, 3));
    let url = api(&room.links(&doc)[0].url, "state");
    let version = |url: &str| -> u64 {
        let (_, body) = get(&agent(), url);
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["version"]
            .as_u64()
            .unwrap()
    };
    let first = version(&url);
    let edit_url = api(&room.links(&doc)[0].url, "edit");
    with_window(
        &mut room,
        &mut doc,
        vec![Box::new(move || {
            post(&agent(), &edit_url, &place("p", 1, "1", 5.0, 1.0)).0
        })],
    );
    let placed = version(&url);
    assert!(doc.undo());
    room.publish(&doc);
    let undone = version(&url);
    assert!(
        first < placed && placed < undone,
        "{first} {placed} {undone}"
    );
}

/// A link replaced while its page listens: the page is told once, at the next change, and
/// its stream ends with the change after (it is not told again at every change).
#[test]
fn a_replaced_links_stream_is_told_once_and_ends() {
    let (doc, mut room) = open(workshop(2, 3));
    let link = room.links(&doc)[0].clone();
    let events = api(&link.url, "events");
    let (heard, hear) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::Read as _;
        let mut response = agent().get(&events).call().unwrap();
        let mut all = Vec::new();
        let _ended = response.body_mut().as_reader().read_to_end(&mut all);
        heard
            .send(String::from_utf8_lossy(&all).into_owned())
            .unwrap();
    });
    std::thread::sleep(Duration::from_millis(300)); // the page has its first state
    room.new_link(link.group).unwrap();
    room.set_locked(true, &doc); // a change: the page is told its link is gone
    std::thread::sleep(Duration::from_millis(200));
    room.set_locked(false, &doc); // another: its stream ends
    room.set_locked(true, &doc);
    let all = hear
        .recv_timeout(Duration::from_secs(5))
        .expect("the stream ends");
    assert_eq!(all.matches("unknown link").count(), 1, "{all}");
}

/// An edit that changes nothing (sending back a commitment that is not placed) is still
/// applied: its page hears that its number arrived, so it does not wait for ever.
#[test]
fn an_edit_that_changes_nothing_still_reaches_its_page() {
    let (mut doc, mut room) = open(workshop(1, 3));
    let url = room.links(&doc)[0].url.clone();
    let edit_url = api(&url, "edit");
    let body = serde_json::json!({"client": "p", "seq": 1, "op": "unplace", "commitment": "2"})
        .to_string();
    let answers = with_window(
        &mut room,
        &mut doc,
        vec![Box::new(move || post(&agent(), &edit_url, &body).0)],
    );
    assert_eq!(answers, [200]);
    assert!(!doc.is_unsaved(), "nothing changed");
    let (_, state) = get(&agent(), &api(&url, "state"));
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    assert_eq!(state["last_seq"]["p"], 1, "{state}");
}

/// Issue 15: a session on the IRM's current scale is placed on it from the phones too: the
/// page is told the scale's three levels (and draws three bands), and a point sent beyond
/// its top is kept at the top, "substantial", as on the window's grid.
#[test]
fn the_page_is_told_the_sessions_scale_and_points_stay_on_it() {
    let mut session = workshop(2, 3);
    session.ambition_scale = cocreate::model::AmbitionScale::PotentialForResults;
    let (mut doc, mut room) = open(session);
    let link = room.links(&doc).remove(0);
    let phone = agent();
    let (status, body) = get(&phone, &api(&link.url, "state"));
    assert_eq!(status, 200);
    let state: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        state["levels"],
        serde_json::json!(["unclear", "modest", "substantial"])
    );
    let url = api(&link.url, "edit");
    let sent = with_window(
        &mut room,
        &mut doc,
        vec![Box::new(move || {
            post(&phone, &url, &place("phone", 1, "2", 6.0, 3.0)).0
        })],
    );
    assert_eq!(sent, [200]);
    let p = doc.session().workshops[0]
        .placement(link.group, "2")
        .expect("placed");
    assert_eq!((p.desirability, p.ambition), (6.0, 2.0));
    // And a session on the 2016 scale is told its four.
    let (doc, room) = open(workshop(1, 2));
    let link = room.links(&doc).remove(0);
    let (_, body) = get(&agent(), &api(&link.url, "state"));
    let state: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        state["levels"],
        serde_json::json!(["none", "minor", "moderate", "transformative"])
    );
}
