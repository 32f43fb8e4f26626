//! A real browser on a group's page: Debian's `chromium`, headless, driven through the
//! Chrome DevTools Protocol over a WebSocket, against the room's real server. The test plays
//! the window too: a thread applies the devices' edits to the `Document` in a loop, as the
//! window does each frame.
//!
//! It places one commitment by touch (tap it in the list, tap the grid, drag the point) and
//! another by keyboard (its row focused, Enter, arrows), and finds both in the document; a
//! commitment titled `<img src=x onerror=alert(1)>` shows as that text; the page makes no
//! request elsewhere, throws nothing and breaks no Content-Security-Policy rule. It leaves a
//! screenshot of the page on a 360×740 phone at `<target dir>/room-phone.png`.
//!
//! A second test drops the connection under the page: the room closes, the group places a
//! commitment, the page says it is offline and keeps the edit, and sends it once the room is
//! back on the same address with the same links.
//!
//! `.ci/run` installs chromium; without it this test fails and says so.

use std::io::{BufRead, BufReader, ErrorKind};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use cocreate::document::Document;
use cocreate::model::{Commitment, Session};
use cocreate::room::{Room, RoomConfig};
use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

const HOSTILE: &str = "<img src=x onerror=alert(1)>";
const PHONE: (u32, u32) = (360, 740);
/// How long any one thing may take before the test gives up.
const PATIENCE: Duration = Duration::from_secs(30);

/// Debian's chromium, found on PATH.
fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser"] {
        let found = std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|path| path.is_file())
        });
        if let Some(path) = found {
            return path;
        }
    }
    panic!(
        "chromium is not installed, and this test needs a real browser. `.ci/run` installs \
         it (apt-get install chromium); on Debian or Ubuntu: sudo apt-get install chromium"
    );
}

/// A headless chromium, killed when dropped.
struct Browser {
    child: Child,
    ws_url: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch() -> Self {
        let program = chromium();
        let profile = tempfile::tempdir().expect("a temporary profile");
        let mut child = Command::new(&program)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--remote-debugging-port=0",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--mute-audio",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{} does not start: {e}", program.display()));
        // Chromium says where its DevTools listen on stderr; the rest of stderr is drained
        // so that it never blocks on a full pipe.
        let stderr = child.stderr.take().expect("stderr is piped");
        let (found, url) = mpsc::channel();
        std::thread::spawn(move || {
            let mut found = Some(found);
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(at) = line.find("ws://")
                    && line.contains("DevTools listening on")
                    && let Some(found) = found.take()
                {
                    let _gone = found.send(line[at..].trim().to_owned());
                }
            }
        });
        let Ok(ws_url) = url.recv_timeout(PATIENCE) else {
            let _ = child.kill();
            panic!("chromium never said where its DevTools listen");
        };
        Self {
            child,
            ws_url,
            _profile: profile,
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A DevTools connection, attached to one page.
struct Cdp {
    ws: WebSocket<TcpStream>,
    next_id: u64,
    session: Option<String>,
    /// The events seen so far, in order.
    events: Vec<Value>,
}

impl Cdp {
    fn connect(ws_url: &str) -> Self {
        let host = ws_url
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .expect("ws://host:port/…");
        let stream = TcpStream::connect(host).expect("chromium's DevTools port answers");
        let (ws, _) = tungstenite::client(ws_url, stream).expect("the DevTools handshake");
        // From now on a read waits a moment at most, so that waits have deadlines.
        ws.get_ref()
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("a read timeout");
        Self {
            ws,
            next_id: 0,
            session: None,
            events: Vec::new(),
        }
    }

    /// Reads one message, or None when nothing came for a moment.
    fn read(&mut self) -> Option<Value> {
        match self.ws.read() {
            Ok(Message::Text(text)) => Some(serde_json::from_str(&text).expect("DevTools JSON")),
            Ok(_) => None,
            Err(tungstenite::Error::Io(e))
                if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
            {
                None
            }
            Err(e) => panic!("the DevTools connection broke: {e}"),
        }
    }

    /// Calls a method (on the attached page, once attached) and returns its result.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = &self.session {
            message["sessionId"] = json!(session);
        }
        self.ws
            .send(Message::text(message.to_string()))
            .expect("DevTools takes the call");
        let deadline = Instant::now() + PATIENCE;
        loop {
            assert!(Instant::now() < deadline, "{method} never answered");
            let Some(message) = self.read() else { continue };
            if message["id"] == id {
                if let Some(error) = message.get("error") {
                    panic!("{method} failed: {error}");
                }
                return message["result"].clone();
            }
            if message.get("method").is_some() {
                self.events.push(message);
            }
        }
    }

    /// Evaluates JavaScript in the page (awaiting a promise) and returns its value.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression} threw: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Waits until `expression` is true in the page.
    fn wait_for(&mut self, expression: &str, what: &str) {
        let deadline = Instant::now() + PATIENCE;
        while self.eval(expression) != json!(true) {
            assert!(Instant::now() < deadline, "the page never showed {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// An element's box in the viewport, in CSS pixels: left, top, width, height. With
    /// `scroll`, the page is first scrolled to put it in the middle.
    fn rect(&mut self, selector: &str, scroll: bool) -> [f64; 4] {
        let at = self.eval(&format!(
            "(() => {{ const e = document.querySelector({selector:?}); \
             if ({scroll}) e.scrollIntoView({{ block: 'center' }}); \
             const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; }})()"
        ));
        let n = |i: usize| at[i].as_f64().expect("a number");
        [n(0), n(1), n(2), n(3)]
    }

    fn centre(&mut self, selector: &str, scroll: bool) -> (f64, f64) {
        let [x, y, w, h] = self.rect(selector, scroll);
        (x + w / 2.0, y + h / 2.0)
    }

    fn touch(&mut self, kind: &str, at: Option<(f64, f64)>) {
        let points = at.map_or_else(Vec::new, |(x, y)| vec![json!({ "x": x, "y": y })]);
        self.call(
            "Input.dispatchTouchEvent",
            json!({ "type": kind, "touchPoints": points }),
        );
    }

    fn tap(&mut self, at: (f64, f64)) {
        self.touch("touchStart", Some(at));
        self.touch("touchEnd", None);
    }

    /// Presses and releases a key, as the keyboard would.
    fn key(&mut self, key: &str, code: u32, shift: bool) {
        let modifiers = if shift { 8 } else { 0 };
        for kind in ["rawKeyDown", "keyUp"] {
            self.call(
                "Input.dispatchKeyEvent",
                json!({
                    "type": kind, "key": key, "code": key,
                    "windowsVirtualKeyCode": code, "modifiers": modifiers,
                }),
            );
        }
    }

    /// Lets events arrive for a moment (they are read only while waiting for an answer).
    fn settle(&mut self) {
        let until = Instant::now() + Duration::from_millis(300);
        while Instant::now() < until {
            if let Some(message) = self.read()
                && message.get("method").is_some()
            {
                self.events.push(message);
            }
        }
    }

    fn events_named<'a>(&'a self, method: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.events.iter().filter(move |e| e["method"] == method)
    }
}

/// The bundled commitments, and one whose title, theme and description are markup.
fn session() -> Session {
    let mut commitments = cocreate::demo::bundled_commitments();
    commitments.push(Commitment {
        id: "16".into(),
        title: HOSTILE.into(),
        theme: "<b>theme</b>".into(),
        votes: 0,
        description: "<script>alert(2)</script>".into(),
        ..Default::default()
    });
    let mut session = Session::new_workshop(commitments, "Browser test", 2);
    // Something on the grid already, as in a workshop under way.
    let group = session.workshops[0].groups[0].id;
    session.workshops[0].place(group, "1", 7.5, 2.0);
    session.workshops[0].place(group, "3", 4.0, 0.3);
    session
}

/// Where the screenshot goes: beside the build, in the target directory.
fn screenshot_path() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("room-phone.png")
}

/// A PNG's width and height, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().expect("4 bytes"));
    (be(16), be(20))
}

/// Standard base64, as DevTools sends a screenshot.
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    let mut bytes = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | u32::from(d) << (18 - 6 * i));
        let [_, a, b, c] = n.to_be_bytes();
        bytes.extend_from_slice(&[a, b, c][..chunk.len() - 1]);
    }
    bytes
}

/// A new tab on a phone's screen (touch, 360×740), at `url`.
fn open_phone(cdp: &mut Cdp, url: &str) {
    let target = cdp.call("Target.createTarget", json!({ "url": "about:blank" }));
    let attached = cdp.call(
        "Target.attachToTarget",
        json!({ "targetId": target["targetId"], "flatten": true }),
    );
    cdp.session = Some(
        attached["sessionId"]
            .as_str()
            .expect("a session")
            .to_owned(),
    );
    for domain in ["Page", "Runtime", "Log", "Network"] {
        cdp.call(&format!("{domain}.enable"), json!({}));
    }
    cdp.call(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": PHONE.0, "height": PHONE.1, "deviceScaleFactor": 1, "mobile": true }),
    );
    cdp.call(
        "Emulation.setTouchEmulationEnabled",
        json!({ "enabled": true, "maxTouchPoints": 5 }),
    );
    cdp.call("Page.navigate", json!({ "url": url }));
}

#[test]
fn a_group_places_from_a_real_browser_by_touch_and_by_keyboard() {
    let doc = Document::saved(session(), None);
    let config = RoomConfig {
        addr: "127.0.0.1:0".parse().expect("an address"),
        texts: Default::default(), // the page falls back to its English keys
        language: "en".into(),
    };
    let mut room = Room::open(config, &doc, 0, || {}).expect("the room opens");
    let link = room.links(&doc)[0].clone();
    let base = link.url.split("/g/").next().expect("a base").to_owned();
    let total = doc.session().commitments.len();

    // The window: the devices' edits applied to the document as they come.
    let doc = Arc::new(Mutex::new(doc));
    let done = Arc::new(AtomicBool::new(false));
    let window = {
        let (doc, done) = (Arc::clone(&doc), Arc::clone(&done));
        std::thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                room.apply_pending(&mut doc.lock().expect("the document"));
                std::thread::sleep(Duration::from_millis(2));
            }
            room
        })
    };
    let placed = |commitment: &str| {
        let doc = doc.lock().expect("the document");
        doc.session().workshops[0]
            .placement(link.group, commitment)
            .map(|p| (p.desirability, p.ambition))
    };
    let wait_placed = |commitment: &str, check: &dyn Fn(f64, f64) -> bool, what: &str| {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some((d, a)) = placed(commitment)
                && check(d, a)
            {
                return (d, a);
            }
            assert!(
                Instant::now() < deadline,
                "{what}: the document has {:?}",
                placed(commitment)
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };

    let browser = Browser::launch();
    let mut cdp = Cdp::connect(&browser.ws_url);
    open_phone(&mut cdp, &link.url);
    cdp.wait_for(
        &format!("document.querySelectorAll('#list .choose').length === {total}"),
        "the commitments",
    );
    cdp.wait_for(
        "document.querySelectorAll('#grid g.pt').length === 2",
        "the placements already made",
    );

    // A hostile title is text: shown as typed, and no element made of it.
    let titles = cdp.eval("[...document.querySelectorAll('#list .title')].map(t => t.textContent)");
    assert!(
        titles
            .as_array()
            .expect("titles")
            .iter()
            .any(|t| t == HOSTILE),
        "the hostile title shows as text: {titles}"
    );
    assert_eq!(
        cdp.eval("document.querySelectorAll('img, b, script:not([src])').length"),
        json!(0),
        "no element was made from a commitment's text"
    );
    assert_eq!(
        cdp.eval("[...document.querySelectorAll('#list .theme')].some(t => t.textContent === '<b>theme</b>')"),
        json!(true)
    );

    // By touch: tap commitment 2 in the list, tap the grid, then drag the point to
    // desirability 8.5, ambition 2.5 (on the border of "moderate" and "transformative").
    let row = |id: &str| format!("#list li[data-id=\"{id}\"] .choose");
    let tapped = cdp.centre(&row("2"), true);
    cdp.tap(tapped);
    cdp.wait_for(
        "document.querySelector('#list li[data-id=\"2\"]').classList.contains('chosen')",
        "commitment 2 chosen",
    );
    // The whole grid is in view from the top of a 740 px high phone. Its frame spans
    // ambition -0.5 to 3.5 and desirability -0.5 to 10.5.
    cdp.eval("window.scrollTo(0, 0)");
    let [left, top, width, height] = cdp.rect("#grid rect.frame", false);
    assert!(top + height < f64::from(PHONE.1), "the grid is in view");
    let spot = |d: f64, a: f64| {
        (
            left + (a + 0.5) / 4.0 * width,
            top + (10.5 - d) / 11.0 * height,
        )
    };
    cdp.tap(spot(3.0, 0.0));
    wait_placed("2", &|_, _| true, "commitment 2 tapped onto the grid");
    cdp.wait_for(
        "!!document.querySelector('#grid g.pt[data-id=\"2\"]')",
        "commitment 2's point",
    );
    let from = cdp.centre("#grid g.pt[data-id=\"2\"] .dot", false);
    let to = spot(8.5, 2.5);
    cdp.touch("touchStart", Some(from));
    for step in 1..=12 {
        let t = f64::from(step) / 12.0;
        cdp.touch(
            "touchMove",
            Some((from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t)),
        );
    }
    cdp.touch("touchEnd", None);
    let (d, a) = wait_placed(
        "2",
        &|d, a| (d - 8.5).abs() <= 0.15 && (a - 2.5).abs() <= 0.06,
        "commitment 2 dragged to desirability 8.5, ambition 2.5",
    );
    assert!(
        (d * 10.0 - (d * 10.0).round()).abs() < 1e-9
            && (a * 20.0 - (a * 20.0).round()).abs() < 1e-9,
        "sent rounded to 0.1 and 0.05: {d}, {a}"
    );

    // By keyboard: commitment 4's row focused, Enter places it in the middle of "minor"
    // (5, 1.0); four times Right is ambition 2.0, twice Up and once Shift+Up desirability 6.1.
    cdp.eval(&format!("document.querySelector({:?}).focus()", row("4")));
    cdp.key("Enter", 13, false);
    for _ in 0..4 {
        cdp.key("ArrowRight", 39, false);
    }
    cdp.key("ArrowUp", 38, false);
    cdp.key("ArrowUp", 38, false);
    cdp.key("ArrowUp", 38, true);
    wait_placed(
        "4",
        &|d, a| (d - 6.1).abs() < 1e-9 && (a - 2.0).abs() < 1e-9,
        "commitment 4 placed by Enter and moved by the arrows to 6.1, 2.0",
    );
    assert_eq!(
        cdp.eval("document.activeElement.matches('#list li[data-id=\"4\"] .choose')"),
        json!(true),
        "the row keeps the keyboard focus"
    );
    cdp.wait_for(
        &format!("document.getElementById('progress').textContent === '4/{total} placed'"),
        "4 placed",
    );
    cdp.wait_for(
        "document.getElementById('save-status').textContent === 'Saved'",
        "everything saved",
    );
    assert_eq!(
        placed("1"),
        Some((7.5, 2.0)),
        "what was placed before is untouched"
    );

    // The phone's screenshot, from the top.
    cdp.eval("window.scrollTo(0, 0)");
    cdp.settle();
    let shot = cdp.call("Page.captureScreenshot", json!({ "format": "png" }));
    let png = base64(shot["data"].as_str().expect("PNG data"));
    assert_eq!(png_size(&png), PHONE, "a 360×740 screenshot");
    let path = screenshot_path();
    std::fs::write(&path, &png).expect("the screenshot is written");
    eprintln!("the phone's page: {}", path.display());

    // Nothing from elsewhere, no script error, no alert, no CSP violation.
    cdp.settle();
    let requested: Vec<&str> = cdp
        .events_named("Network.requestWillBeSent")
        .map(|request| request["params"]["request"]["url"].as_str().unwrap_or(""))
        .collect();
    // The events were heard (else every check below passes on nothing): the page, its
    // script and style, its state.
    for own in [
        link.url.clone(),
        format!("{base}/room.js"),
        format!("{base}/room.css"),
        link.url.replacen("/g/", "/api/", 1) + "/state",
    ] {
        assert!(
            requested.contains(&own.as_str()),
            "{own} was not requested: {requested:?}"
        );
    }
    for url in &requested {
        assert!(
            url.starts_with(&base) || url.starts_with("data:") || *url == "about:blank",
            "a request elsewhere: {url}"
        );
    }
    let thrown: Vec<_> = cdp.events_named("Runtime.exceptionThrown").collect();
    assert!(thrown.is_empty(), "the page threw: {thrown:?}");
    let dialogs: Vec<_> = cdp.events_named("Page.javascriptDialogOpening").collect();
    assert!(dialogs.is_empty(), "a dialog opened: {dialogs:?}");
    let refused: Vec<_> = cdp
        .events_named("Log.entryAdded")
        .chain(cdp.events_named("Runtime.consoleAPICalled"))
        .filter(|e| e.to_string().contains("Content Security Policy"))
        .collect();
    assert!(refused.is_empty(), "the CSP refused something: {refused:?}");

    drop(cdp);
    drop(browser);
    done.store(true, Ordering::SeqCst);
    let room = window.join().expect("the window's loop");
    room.close();
}

/// A dropped connection loses nothing: the room closes under the page, the group places a
/// commitment, the page says it is offline and keeps the edit; the room opens again on the
/// same address with the same links, and the page sends it.
#[test]
fn a_dropped_connection_keeps_the_edit_says_so_and_sends_it_when_back() {
    let mut doc = Document::saved(session(), None);
    let config = RoomConfig {
        addr: "127.0.0.1:0".parse().expect("an address"),
        texts: Default::default(),
        language: "en".into(),
    };
    let room = Room::open(config.clone(), &doc, 0, || {}).expect("the room opens");
    let link = room.links(&doc)[0].clone();
    let (addr, tokens) = (room.addr(), room.tokens());
    let browser = Browser::launch();
    let mut cdp = Cdp::connect(&browser.ws_url);
    open_phone(&mut cdp, &link.url);
    cdp.wait_for(
        "document.querySelectorAll('#grid g.pt').length === 2",
        "the page has the group's placements",
    );
    room.close();

    // Placed while the room is gone: kept, and the page says so.
    cdp.eval("document.querySelector('#list li[data-id=\"4\"] .choose').focus()");
    cdp.key("Enter", 13, false);
    cdp.wait_for(
        "document.getElementById('banner').textContent.startsWith('Offline: your changes will be sent')",
        "the page says it is offline",
    );
    cdp.wait_for(
        "document.querySelectorAll('#grid g.pt').length === 3",
        "the point stays on the page",
    );
    assert_eq!(doc.session().workshops[0].placement(link.group, "4"), None);

    // Back: the same address and links; the page sends what it kept.
    let mut room = Room::reopen(RoomConfig { addr, ..config }, &doc, 0, || {}, &tokens)
        .expect("the room opens again on its address");
    let deadline = Instant::now() + PATIENCE;
    while doc.session().workshops[0]
        .placement(link.group, "4")
        .is_none()
    {
        assert!(Instant::now() < deadline, "the kept edit never arrived");
        room.apply_pending(&mut doc);
        std::thread::sleep(Duration::from_millis(20));
    }
    let placed = doc.session().workshops[0]
        .placement(link.group, "4")
        .map(|p| (p.desirability, p.ambition));
    assert_eq!(placed, Some((5.0, 1.0)), "placed in the middle of minor");
    let deadline = Instant::now() + PATIENCE;
    loop {
        room.apply_pending(&mut doc);
        let state = cdp.eval(
            "[document.getElementById('banner').hidden, document.getElementById('save-status').textContent]",
        );
        if state == json!([true, "Saved"]) {
            break;
        }
        assert!(Instant::now() < deadline, "the page still says {state}");
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(cdp);
    drop(browser);
    room.close();
}
