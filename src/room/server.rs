//! The room's HTTP server: axum on a tokio runtime of its own thread. It checks a request's
//! link, device, size and rate, queues edits for the window and waits for its answer, and
//! serves each group its own part of the published snapshot. It parses no HTTP itself.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio_stream::StreamExt as _;

use super::{DeviceOp, Outcome, Queued, Shared, Snapshot};

/// Largest request body.
pub(crate) const MAX_BODY: usize = 64 * 1024;
/// Requests handled at once, all devices together; more wait their turn.
const MAX_CONCURRENT: usize = 1024;
/// A link's requests per second, on average, and the burst it may make.
const RATE: f64 = 20.0;
const BURST: f64 = 40.0;
/// How long a device's edit waits for the window before the device is told to retry.
const WINDOW_ANSWER: Duration = Duration::from_secs(5);

const PAGE: &str = include_str!("../../assets/room/index.html");
const SCRIPT: &str = include_str!("../../assets/room/room.js");
const STYLE: &str = include_str!("../../assets/room/room.css");

/// No inline script or style, nothing from elsewhere.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// A link's allowance of requests (a token bucket).
pub(crate) struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Starts serving on its own thread until `stop` fires.
pub(crate) fn spawn(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    stop: tokio::sync::oneshot::Receiver<()>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("cocreate-room")
        .enable_all()
        .build()?;
    std::thread::Builder::new()
        .name("cocreate-room".into())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                // Small answers go out at once, not after the peer's delayed ACK (40 ms).
                let listener = axum::serve::ListenerExt::tap_io(listener, |stream| {
                    let _unset = stream.set_nodelay(true);
                });
                let app = router(shared);
                // Closing does not wait for the pages' open event streams (they never end by
                // themselves): the listener goes at once, and what is left of the
                // connections with the runtime, below.
                tokio::select! {
                    _ended = std::future::IntoFuture::into_future(axum::serve(listener, app)) => {}
                    _closed = stop => {}
                }
            });
            runtime.shutdown_timeout(Duration::from_millis(200));
        })
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/g/{token}", get(page))
        .route("/room.js", get(script))
        .route("/room.css", get(style))
        .route("/api/{token}/state", get(state))
        .route("/api/{token}/events", get(events))
        .route("/api/{token}/edit", post(edit))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
            MAX_CONCURRENT,
        ))
        .layer(axum::middleware::map_response(secure_headers))
        .with_state(shared)
}

async fn secure_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

fn text(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

async fn page(State(shared): State<Arc<Shared>>, Path(token): Path<String>) -> Response {
    // An old or wrong link gets the page too (refused): it asks for its state, is refused,
    // and says so in the group's language.
    let status = match group_of(&shared, &token) {
        Some(_) => StatusCode::OK,
        None => StatusCode::UNAUTHORIZED,
    };
    (status, text("text/html; charset=utf-8", PAGE)).into_response()
}

async fn script() -> Response {
    text("text/javascript; charset=utf-8", SCRIPT)
}

async fn style() -> Response {
    text("text/css; charset=utf-8", STYLE)
}

fn group_of(shared: &Shared, token: &str) -> Option<u32> {
    shared
        .tokens
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(token)
        .copied()
}

/// The page's whole state for one group: its placements, the commitments, the texts.
fn state_json(shared: &Shared, snapshot: &Snapshot, group: u32) -> serde_json::Value {
    let view = snapshot.groups.get(&group);
    serde_json::json!({
        "version": snapshot.version,
        "group": { "id": group, "name": view.map(|v| v.name.as_str()) },
        "workshop": snapshot.workshop,
        "lang": shared.language,
        "text": shared.texts,
        "locked": snapshot.locked,
        "levels": snapshot.levels,
        "show_room": false,
        "commitments": &*snapshot.commitments,
        "placements": view.map(|v| v.placements.as_slice()).unwrap_or_default(),
        "last_seq": snapshot.last_seq.get(&group),
    })
}

async fn state(State(shared): State<Arc<Shared>>, Path(token): Path<String>) -> Response {
    let Some(group) = group_of(&shared, &token) else {
        return error(StatusCode::UNAUTHORIZED, "unknown link");
    };
    let snapshot = shared.snapshot.borrow().clone();
    axum::Json(state_json(&shared, &snapshot, group)).into_response()
}

async fn events(State(shared): State<Arc<Shared>>, Path(token): Path<String>) -> Response {
    let Some(group) = group_of(&shared, &token) else {
        return error(StatusCode::UNAUTHORIZED, "unknown link");
    };
    let receiver = shared.snapshot.subscribe();
    let mut refused = false;
    let stream = tokio_stream::wrappers::WatchStream::new(receiver)
        .map(move |snapshot| {
            // A link revoked while listening: the page is told once, and the stream ends at
            // the next change.
            if refused {
                return None;
            }
            let json = match group_of(&shared, &token) {
                Some(_) => state_json(&shared, &snapshot, group),
                None => {
                    refused = true;
                    serde_json::json!({ "error": "unknown link" })
                }
            };
            Some(Ok::<_, Infallible>(
                Event::default().event("state").data(json.to_string()),
            ))
        })
        .take_while(Option::is_some)
        .map(|event| event.unwrap_or_else(|| Ok(Event::default())));
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// What a page sends to change its group's placements.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct EditRequest {
    client: String,
    seq: u64,
    op: String,
    commitment: String,
    #[serde(default)]
    desirability: Option<f64>,
    #[serde(default)]
    ambition: Option<f64>,
    #[serde(default)]
    note: Option<String>,
}

impl EditRequest {
    fn op(self) -> Option<DeviceOp> {
        let commitment = self.commitment;
        Some(match self.op.as_str() {
            "place" => DeviceOp::Place {
                commitment,
                desirability: self.desirability.filter(|v| v.is_finite())?,
                ambition: self.ambition.filter(|v| v.is_finite())?,
            },
            "unplace" => DeviceOp::Unplace { commitment },
            "note" => DeviceOp::Note {
                commitment,
                note: self.note?,
            },
            _ => return None,
        })
    }
}

/// Takes one request from the link's allowance; false when it is spent.
fn allowed(shared: &Shared, key: &str) -> bool {
    let mut rates = shared.rates.lock().unwrap_or_else(|e| e.into_inner());
    if rates.len() > super::MAX_DEVICES {
        rates.clear(); // keyed by link: never this many, but never without bound either
    }
    let now = Instant::now();
    let bucket = rates.entry(key.to_owned()).or_insert(Bucket {
        tokens: BURST,
        at: now,
    });
    bucket.tokens = (bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * RATE).min(BURST);
    bucket.at = now;
    if bucket.tokens >= 1.0 {
        bucket.tokens -= 1.0;
        true
    } else {
        false
    }
}

async fn edit(
    State(shared): State<Arc<Shared>>,
    Path(token): Path<String>,
    body: Bytes,
) -> Response {
    let Some(group) = group_of(&shared, &token) else {
        return error(StatusCode::UNAUTHORIZED, "unknown link");
    };
    let Ok(request) = serde_json::from_slice::<EditRequest>(&body) else {
        return error(StatusCode::BAD_REQUEST, "not an edit");
    };
    let client = request.client.clone();
    if client.is_empty() || client.len() > 64 {
        return error(StatusCode::BAD_REQUEST, "no device id");
    }
    // By link, not by the device id the request claims: a new id each time gains nothing.
    if !allowed(&shared, &token) {
        return error(StatusCode::TOO_MANY_REQUESTS, "too many requests");
    }
    if shared
        .removed
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .contains(&client)
    {
        return error(StatusCode::UNAUTHORIZED, "this device was removed");
    }
    if shared.locked.load(Ordering::SeqCst) {
        return error(StatusCode::LOCKED, "placing is locked");
    }
    let seq = request.seq;
    let Some(op) = request.op() else {
        return error(StatusCode::BAD_REQUEST, "not an edit");
    };
    {
        let mut devices = shared.devices.lock().unwrap_or_else(|e| e.into_inner());
        if devices.len() < super::MAX_DEVICES && devices.insert(client.clone(), group).is_none() {
            shared.changed(); // a device joined: the window lists it
        }
    }
    let (reply, answer) = tokio::sync::oneshot::channel();
    let queued = Queued {
        group,
        client,
        seq,
        op,
        reply,
    };
    if shared.queue.send(queued).is_err() {
        return error(StatusCode::SERVICE_UNAVAILABLE, "the room is closing");
    }
    (shared.wake)();
    match tokio::time::timeout(WINDOW_ANSWER, answer).await {
        Ok(Ok(Outcome::Applied)) => {
            axum::Json(serde_json::json!({ "applied": true })).into_response()
        }
        Ok(Ok(Outcome::Duplicate)) => {
            axum::Json(serde_json::json!({ "applied": false, "duplicate": true })).into_response()
        }
        Ok(Ok(Outcome::Locked)) => error(StatusCode::LOCKED, "placing is locked"),
        Ok(Ok(Outcome::Refused(why))) => error(StatusCode::BAD_REQUEST, &why),
        // The window did not answer in time (or is gone): the page sends it again; the
        // same number is applied once.
        Ok(Err(_)) | Err(_) => error(StatusCode::SERVICE_UNAVAILABLE, "try again"),
    }
}
