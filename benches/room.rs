//! The room's latency: from a device's request to the changed document, and to the end of
//! the window's next frame, with 1 and with 40 groups placing at once over loopback; and
//! the process's peak memory with the room open. Criterion times one device's placement
//! round trip; the percentiles (p50, p99) are measured by hand, as criterion reports means
//! and medians only. Figures and how to reproduce them: BENCHMARKS.md.
//!
//! The "window" here is the real app (`shell::App`) on egui_kittest's harness, which runs a
//! frame whenever the room wakes it, as eframe does on `request_repaint`.

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use cocreate::app::AppState;
use cocreate::model::Session;
use criterion::Criterion;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn post(agent: &ureq::Agent, url: &str, body: &str) -> u16 {
    agent
        .post(url)
        .header("content-type", "application/json")
        .send(body)
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

fn session(groups: usize) -> Session {
    Session::new_workshop(cocreate::demo::synthetic_commitments(200), "Bench", groups)
}

/// Wakes the bench's frame loop as `request_repaint` wakes eframe's.
#[derive(Default)]
struct Wake {
    woken: Mutex<bool>,
    signal: Condvar,
}

impl Wake {
    fn wake(&self) {
        *self.woken.lock().unwrap() = true;
        self.signal.notify_one();
    }
    fn wait(&self, timeout: Duration) {
        let guard = self.woken.lock().unwrap();
        let (mut guard, _) = self
            .signal
            .wait_timeout_while(guard, timeout, |woken| !*woken)
            .unwrap();
        *guard = false;
    }
}

/// `groups` devices each place `per_device` commitments, one request after the other, all
/// at once; the app runs a frame whenever it is woken. Returns the latencies from each
/// request's start to the document holding it (the frame's start) and to the end of that
/// frame.
fn run(groups: usize, per_device: usize) -> (Vec<Duration>, Vec<Duration>) {
    let wake = Arc::new(Wake::default());
    let mut state = AppState::new(session(groups), None);
    state.room_addr = Some("127.0.0.1:0".parse().unwrap());
    let w = Arc::clone(&wake);
    state.wake.set(move || w.wake());
    state.open_room(state.room_addr).expect("the room opens");
    let links = state.room.as_ref().unwrap().links(&state.doc);
    let mut h = egui_kittest::Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| {
            cocreate::ui::theme::setup_style(&cc.egui_ctx);
            cocreate::shell::App::new(state)
        });
    h.run_steps(2);
    // Each request: when it was last sent (a 429 from the device's allowance is sent again:
    // the latency is the one of the attempt that got through), by group and commitment.
    let sent: Arc<Mutex<std::collections::HashMap<(u32, String), Instant>>> = Arc::default();
    let ids: Vec<String> = (1..=per_device).map(|i| i.to_string()).collect();
    let clients: Vec<_> = links
        .iter()
        .map(|link| {
            let url = link.url.replacen("/g/", "/api/", 1) + "/edit";
            let sent = Arc::clone(&sent);
            let ids = ids.clone();
            let group = link.group;
            std::thread::spawn(move || {
                let agent = agent();
                for (seq, id) in ids.iter().enumerate() {
                    let body = serde_json::json!({
                        "client": format!("d{group}"), "seq": seq + 1, "op": "place",
                        "commitment": id, "desirability": 5.0, "ambition": 1.0,
                    })
                    .to_string();
                    loop {
                        sent.lock()
                            .unwrap()
                            .insert((group, id.clone()), Instant::now());
                        if post(&agent, &url, &body) != 429 {
                            break;
                        }
                        std::thread::sleep(Duration::from_millis(20));
                    }
                }
            })
        })
        .collect();
    let mut to_document = Vec::new();
    let mut to_frame = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while seen.len() < groups * per_device {
        wake.wait(Duration::from_millis(100));
        let frame_start = Instant::now();
        h.step();
        let frame_end = Instant::now();
        let w = h.state().state.workshop().clone();
        for ((group, id), at) in sent.lock().unwrap().iter() {
            if !seen.contains(&(*group, id.clone())) && w.placement(*group, id).is_some() {
                seen.insert((*group, id.clone()));
                to_document.push(frame_start.saturating_duration_since(*at));
                to_frame.push(frame_end.saturating_duration_since(*at));
            }
        }
    }
    for c in clients {
        c.join().unwrap();
    }
    (to_document, to_frame)
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn percentiles() {
    println!("\nroom latency over loopback (p50 / p99), the app's frame run when woken");
    for (groups, per_device) in [(1, 200), (40, 25)] {
        let (mut doc, mut frame) = run(groups, per_device);
        println!(
            "{groups:>2} groups × {per_device:>3} placements: request → document {:>7.2?} / {:>7.2?}   → frame shown {:>7.2?} / {:>7.2?}",
            percentile(&mut doc, 0.5),
            percentile(&mut doc, 0.99),
            percentile(&mut frame, 0.5),
            percentile(&mut frame, 0.99),
        );
    }
    if let Some(kib) = peak_memory_kib() {
        println!(
            "peak memory (VmHWM) of this process, room open: {:.1} MiB",
            kib as f64 / 1024.0
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "percentiles") {
        // Criterion: one device's placement, request to answer, the document applied on a
        // thread of its own (no frame).
        let doc = cocreate::document::Document::saved(session(1), None);
        let mut room = cocreate::room::Room::open(
            cocreate::room::RoomConfig {
                addr: "127.0.0.1:0".parse().unwrap(),
                ..Default::default()
            },
            &doc,
            0,
            || {},
        )
        .unwrap();
        let url = room.links(&doc)[0].url.replacen("/g/", "/api/", 1) + "/edit";
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let applier = {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut doc = doc;
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    room.apply_pending(&mut doc);
                    std::thread::sleep(Duration::from_micros(200));
                }
            })
        };
        let agent = agent();
        let mut seq = 0u64;
        let mut c = Criterion::default().configure_from_args();
        c.bench_function("room/place round trip", |b| {
            b.iter(|| {
                seq += 1;
                // A device of its own each time: one device is held to 20 requests a
                // second, which would time the allowance, not the server.
                let body = format!(
                    r#"{{"client":"bench-{seq}","seq":1,"op":"place","commitment":"{}","desirability":5.0,"ambition":1.0}}"#,
                    seq % 200 + 1
                );
                assert_eq!(post(&agent, &url, &body), 200);
            })
        });
        c.final_summary();
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        applier.join().unwrap();
    }
    percentiles();
}
