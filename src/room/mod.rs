//! The room: groups place from their own devices. While it is open, an HTTP server (axum on
//! tokio, on a thread of its own) serves each group a page at an unguessable link, and takes
//! the group's placements, moves, send-backs and notes. They reach the document as
//! [`Edit`]s of origin [`Origin::Device`], through the same [`Document::apply`] as the
//! window's own, so undo, the unsaved mark, autosave and recovery follow them.
//!
//! The server never touches the document: it queues what a device asks for and waits for
//! the window's answer ([`Room::take_edits`], [`DeviceEdit::answer`]); what it serves comes
//! from the snapshot the window publishes after each change ([`Room::publish`]): one group's
//! own placements and the commitments, nothing else of the session. No translations here:
//! the window passes the page's texts in its language ([`RoomConfig::texts`]).

mod server;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use crate::document::{Change, Document, Edit, EditError, Op, Origin};
use crate::model::Workshop;

/// Devices a room hears from, all groups together, at most (a hostile page making up ids
/// cannot make it grow without bound).
pub const MAX_DEVICES: usize = 10_000;

/// Where the room listens when not told: every interface, this port (or any free one).
pub const DEFAULT_PORT: u16 = 7878;

/// What the window asks of the room.
#[derive(Clone, Debug)]
pub struct RoomConfig {
    /// Address and port to listen on. Port 0: any free one.
    pub addr: SocketAddr,
    /// The page's texts, translated, keyed by their English text.
    pub texts: BTreeMap<String, String>,
    /// The page's language (`en`, `fr`).
    pub language: String,
}

impl Default for RoomConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), DEFAULT_PORT),
            texts: BTreeMap::new(),
            language: "en".into(),
        }
    }
}

/// One group's way in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupLink {
    /// Group id.
    pub group: u32,
    /// Its name.
    pub name: String,
    /// The page's address, with the group's token.
    pub url: String,
}

/// A device that has been heard from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    /// The id the page made for itself.
    pub client: String,
    /// The group whose link it used.
    pub group: u32,
}

/// What a device asked for.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum DeviceOp {
    Place {
        commitment: String,
        desirability: f64,
        ambition: f64,
    },
    Unplace {
        commitment: String,
    },
    Note {
        commitment: String,
        note: String,
    },
}

/// The window's answer to a device's edit.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Outcome {
    Applied,
    Duplicate,
    Locked,
    Refused(String),
}

/// An edit from a device, queued for the window.
pub(crate) struct Queued {
    group: u32,
    client: String,
    seq: u64,
    op: DeviceOp,
    reply: tokio::sync::oneshot::Sender<Outcome>,
}

/// One group's part of the session, as its page shows it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub(crate) struct GroupView {
    pub(crate) id: u32,
    pub(crate) name: String,
    pub(crate) placements: Vec<PlacementView>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub(crate) struct PlacementView {
    pub(crate) commitment: String,
    pub(crate) desirability: f64,
    pub(crate) ambition: f64,
    pub(crate) note: String,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub(crate) struct CommitmentView {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) theme: String,
    pub(crate) description: String,
}

/// What the server may serve, as the window last published it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Snapshot {
    /// Counts the snapshots published: it only grows (the document's generation goes back
    /// on undo).
    pub(crate) version: u64,
    /// The document's generation it shows.
    pub(crate) generation: u64,
    pub(crate) workshop: String,
    pub(crate) locked: bool,
    /// The session's ambition scale: its levels' names (the page's text keys), low to high.
    pub(crate) levels: Vec<&'static str>,
    pub(crate) commitments: Arc<[CommitmentView]>,
    pub(crate) groups: HashMap<u32, GroupView>,
    /// The last edit applied from each device, by group.
    pub(crate) last_seq: HashMap<u32, BTreeMap<String, u64>>,
}

/// What the server and the window share.
pub(crate) struct Shared {
    /// Token → group.
    pub(crate) tokens: RwLock<HashMap<String, u32>>,
    /// Devices the facilitator removed: refused from then on.
    pub(crate) removed: RwLock<HashSet<String>>,
    /// Devices heard from.
    pub(crate) devices: Mutex<BTreeMap<String, u32>>,
    pub(crate) locked: AtomicBool,
    pub(crate) snapshot: tokio::sync::watch::Sender<Arc<Snapshot>>,
    pub(crate) queue: std::sync::mpsc::Sender<Queued>,
    pub(crate) wake: Box<dyn Fn() + Send + Sync>,
    pub(crate) texts: BTreeMap<String, String>,
    pub(crate) language: String,
    pub(crate) rates: Mutex<HashMap<String, server::Bucket>>,
    /// Counts changes the window shows of the room (a device joined or was removed, a
    /// link replaced, the lock): the window rebuilds its picture of the room only then.
    pub(crate) revision: std::sync::atomic::AtomicU64,
}

impl Shared {
    /// Something the window shows of the room changed.
    pub(crate) fn changed(&self) {
        self.revision.fetch_add(1, Ordering::SeqCst);
    }
}

/// An open room. Dropping it closes it.
pub struct Room {
    shared: Arc<Shared>,
    queue: std::sync::mpsc::Receiver<Queued>,
    workshop: String,
    addr: SocketAddr,
    base: String,
    /// The last edit applied from each device of each group.
    last_seq: HashMap<(u32, String), u64>,
    /// A device's last edit changed since the last publication (an edit that changed
    /// nothing still tells its page it arrived).
    seq_unpublished: bool,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for Room {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Room").field("addr", &self.addr).finish()
    }
}

/// An edit a device asked for, checked (its link, its device, not a duplicate, not locked)
/// and waiting for the window to apply it.
pub struct DeviceEdit {
    /// The edit, of origin [`Origin::Device`] (the group's name).
    pub edit: Edit,
    reply: tokio::sync::oneshot::Sender<Outcome>,
}

impl DeviceEdit {
    /// Tells the device how it went.
    pub fn answer(self, result: &Result<Change, EditError>) {
        let outcome = match result {
            Ok(_) => Outcome::Applied,
            Err(e) => Outcome::Refused(e.to_string()),
        };
        let _gone = self.reply.send(outcome); // the device may have given up waiting
    }
}

impl Room {
    /// Opens the room on a workshop of the document: binds the address (an error if it
    /// cannot), makes a link per group, and starts serving. `wake` is called whenever a
    /// device's edit waits for [`Room::take_edits`] (the window asks for a frame).
    pub fn open(
        config: RoomConfig,
        doc: &Document,
        workshop: usize,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        Self::reopen(config, doc, workshop, wake, &HashMap::new())
    }

    /// Opens the room again with the links it had ([`Room::tokens`]): the phones' pages
    /// (and what they kept while the room was closed) carry on. Groups without a link get a
    /// new one.
    pub fn reopen(
        config: RoomConfig,
        doc: &Document,
        workshop: usize,
        wake: impl Fn() + Send + Sync + 'static,
        previous: &HashMap<u32, String>,
    ) -> std::io::Result<Self> {
        let listener = bind(config.addr)?;
        let addr = listener.local_addr()?;
        let w = doc.workshop(workshop);
        let mut tokens = HashMap::new();
        for g in &w.groups {
            let token = match previous.get(&g.id) {
                Some(token) => token.clone(),
                None => new_token()?,
            };
            tokens.insert(token, g.id);
        }
        let (queue_tx, queue_rx) = std::sync::mpsc::channel();
        let (snapshot, _) = tokio::sync::watch::channel(Arc::new(Snapshot::default()));
        let shared = Arc::new(Shared {
            tokens: RwLock::new(tokens),
            removed: RwLock::default(),
            devices: Mutex::default(),
            locked: AtomicBool::new(false),
            snapshot,
            queue: queue_tx,
            wake: Box::new(wake),
            texts: config.texts,
            language: config.language,
            rates: Mutex::default(),
            revision: std::sync::atomic::AtomicU64::new(0),
        });
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel();
        let thread = server::spawn(listener, Arc::clone(&shared), stop_rx)?;
        let mut room = Self {
            shared,
            queue: queue_rx,
            workshop: w.id.clone(),
            base: format!("http://{}", shown_addr(addr)),
            addr,
            last_seq: HashMap::new(),
            seq_unpublished: false,
            stop: Some(stop_tx),
            thread: Some(thread),
        };
        room.publish(doc);
        Ok(room)
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The id of the workshop the room is on.
    pub fn workshop_id(&self) -> &str {
        &self.workshop
    }

    /// The workshop the room is on, in the document (gone if the document no longer has it).
    pub fn workshop<'d>(&self, doc: &'d Document) -> Option<&'d Workshop> {
        doc.session()
            .workshops
            .iter()
            .find(|w| w.id == self.workshop)
    }

    /// Changes whenever something the window shows of the room changes: a device joined or
    /// was removed, a link was replaced, placing was locked or unlocked.
    pub fn revision(&self) -> u64 {
        self.shared.revision.load(Ordering::SeqCst)
    }

    /// Each group's link, in the workshop's order of groups.
    pub fn links(&self, doc: &Document) -> Vec<GroupLink> {
        let tokens = self.shared.tokens.read().unwrap_or_else(|e| e.into_inner());
        let Some(w) = self.workshop(doc) else {
            return Vec::new();
        };
        w.groups
            .iter()
            .filter_map(|g| {
                let token = tokens.iter().find(|(_, id)| **id == g.id)?.0;
                Some(GroupLink {
                    group: g.id,
                    name: g.name.clone(),
                    url: format!("{}/g/{token}", self.base),
                })
            })
            .collect()
    }

    /// Each group's token, to open the room again with the same links.
    pub fn tokens(&self) -> HashMap<u32, String> {
        let tokens = self.shared.tokens.read().unwrap_or_else(|e| e.into_inner());
        tokens.iter().map(|(t, g)| (*g, t.clone())).collect()
    }

    /// Whether placing is locked.
    pub fn is_locked(&self) -> bool {
        self.shared.locked.load(Ordering::SeqCst)
    }

    /// Locks or unlocks placing; the pages say so at once.
    pub fn set_locked(&mut self, locked: bool, doc: &Document) {
        self.shared.locked.store(locked, Ordering::SeqCst);
        self.shared.changed();
        self.publish(doc);
    }

    /// The devices heard from, by group.
    pub fn devices(&self) -> Vec<Device> {
        let devices = self
            .shared
            .devices
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        devices
            .iter()
            .map(|(client, group)| Device {
                client: client.clone(),
                group: *group,
            })
            .collect()
    }

    /// Refuses a device from now on (its page says its link is no longer valid).
    pub fn remove_device(&mut self, client: &str) {
        self.shared
            .removed
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(client.to_owned());
        self.shared
            .devices
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(client);
        self.shared.changed();
    }

    /// Gives a group a new link; the old one is refused from now on.
    pub fn new_link(&mut self, group: u32) -> std::io::Result<()> {
        let token = new_token()?;
        let mut tokens = self
            .shared
            .tokens
            .write()
            .unwrap_or_else(|e| e.into_inner());
        tokens.retain(|_, g| *g != group);
        tokens.insert(token, group);
        drop(tokens);
        self.shared.changed();
        Ok(())
    }

    /// Publishes the document as the pages show it: after every change, whoever made it.
    /// Cheap when nothing changed.
    pub fn publish(&mut self, doc: &Document) {
        let locked = self.is_locked();
        let current = self.shared.snapshot.borrow().clone();
        if current.generation == doc.generation()
            && current.locked == locked
            && !self.seq_unpublished
        {
            return;
        }
        self.seq_unpublished = false;
        let Some(w) = self.workshop(doc) else {
            return;
        };
        // Rebuilt at each change: a resolved conflict can change a title without changing
        // how many there are.
        let commitments: Arc<[CommitmentView]> = doc
            .session()
            .commitments
            .iter()
            .map(|c| CommitmentView {
                id: c.id.clone(),
                title: c.title.clone(),
                theme: c.theme.clone(),
                description: c.description.clone(),
            })
            .collect();
        let mut groups: HashMap<u32, GroupView> = w
            .groups
            .iter()
            .map(|g| {
                (
                    g.id,
                    GroupView {
                        id: g.id,
                        name: g.name.clone(),
                        placements: Vec::new(),
                    },
                )
            })
            .collect();
        for p in &w.placements {
            if let Some(g) = groups.get_mut(&p.group) {
                g.placements.push(PlacementView {
                    commitment: p.commitment.clone(),
                    desirability: p.desirability,
                    ambition: p.ambition,
                    note: p.note.clone(),
                });
            }
        }
        let mut last_seq: HashMap<u32, BTreeMap<String, u64>> = HashMap::new();
        for ((group, client), seq) in &self.last_seq {
            last_seq
                .entry(*group)
                .or_default()
                .insert(client.clone(), *seq);
        }
        let snapshot = Snapshot {
            version: current.version + 1,
            generation: doc.generation(),
            workshop: w.details.name.clone(),
            locked,
            levels: doc
                .session()
                .ambition_scale
                .levels()
                .iter()
                .map(|l| l.name())
                .collect(),
            commitments,
            groups,
            last_seq,
        };
        self.shared.snapshot.send_replace(Arc::new(snapshot));
    }

    /// The devices' edits waiting for the window, in the order they came, as edits of the
    /// shown workshop. A repeated edit (the same device's number again, resent after a
    /// dropped connection) and an edit made while placing is locked are answered here and
    /// not handed on: an edit is applied once, however often it is sent.
    pub fn take_edits(&mut self, doc: &Document) -> Vec<DeviceEdit> {
        let mut edits = Vec::new();
        while let Ok(q) = self.queue.try_recv() {
            let key = (q.group, q.client.clone());
            if !self.last_seq.contains_key(&key) && self.last_seq.len() >= MAX_DEVICES {
                let _gone = q.reply.send(Outcome::Refused("too many devices".into()));
                continue;
            }
            let last = self.last_seq.get(&key).copied().unwrap_or(0);
            if q.seq <= last {
                let _gone = q.reply.send(Outcome::Duplicate);
                continue;
            }
            if self.is_locked() {
                let _gone = q.reply.send(Outcome::Locked);
                continue;
            }
            let name = self
                .workshop(doc)
                .and_then(|w| w.group(q.group))
                .map_or_else(|| format!("#{}", q.group), |g| g.name.clone());
            self.last_seq.insert(key, q.seq);
            self.seq_unpublished = true;
            let workshop = self.workshop.clone();
            let group = q.group;
            let op = match q.op {
                DeviceOp::Place {
                    commitment,
                    desirability,
                    ambition,
                } => Op::Place {
                    workshop,
                    group,
                    commitment,
                    desirability,
                    ambition,
                },
                DeviceOp::Unplace { commitment } => Op::Unplace {
                    workshop,
                    group,
                    commitment,
                },
                DeviceOp::Note { commitment, note } => Op::SetNote {
                    workshop,
                    group,
                    commitment,
                    note,
                },
            };
            edits.push(DeviceEdit {
                edit: Edit {
                    origin: Origin::Device(name),
                    op,
                },
                reply: q.reply,
            });
        }
        edits
    }

    /// Applies the devices' waiting edits to a document and publishes the result: the
    /// whole loop for a caller without a window (tests, a headless room). The window runs
    /// the same steps through its own state, to announce them.
    pub fn apply_pending(&mut self, doc: &mut Document) -> Vec<Change> {
        let mut changes = Vec::new();
        for device_edit in self.take_edits(doc) {
            let result = doc.apply(device_edit.edit.clone());
            device_edit.answer(&result);
            if let Ok(change) = result {
                changes.push(change);
            }
        }
        self.publish(doc);
        changes
    }

    /// Closes the room: the server stops listening and its thread ends.
    pub fn close(mut self) {
        self.stop_server();
    }

    fn stop_server(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _gone = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ended = thread.join();
        }
    }
}

impl Drop for Room {
    fn drop(&mut self) {
        self.stop_server();
    }
}

/// Binds the address; a busy default port falls back to any free one.
fn bind(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    match std::net::TcpListener::bind(addr) {
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && addr.port() == DEFAULT_PORT => {
            std::net::TcpListener::bind(SocketAddr::new(addr.ip(), 0))
        }
        other => other,
    }
}

/// The address as a device in the room reaches it: listening on every interface, the
/// address of the interface that leads to the network (no packet is sent to find it).
fn shown_addr(addr: SocketAddr) -> SocketAddr {
    if !addr.ip().is_unspecified() {
        return addr;
    }
    let lan = std::net::UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0))
        .and_then(|s| {
            s.connect((Ipv4Addr::new(192, 0, 2, 1), 9))?; // TEST-NET-1: never routed out
            s.local_addr()
        })
        .map(|a| a.ip())
        .ok()
        .filter(|ip| !ip.is_unspecified());
    SocketAddr::new(lan.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST)), addr.port())
}

/// 128 random bits, as 26 lowercase letters and digits (base32: no padding, no confusable
/// punctuation in a URL).
fn new_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut bits = u128::from_be_bytes(bytes);
    let mut out = String::with_capacity(26);
    for _ in 0..26 {
        out.push(ALPHABET[(bits & 31) as usize] as char);
        bits >>= 5;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Session;

    #[test]
    fn tokens_carry_128_bits_and_differ() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 26); // 26 × 5 = 130 bits of room for 128 random ones
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
        assert_ne!(a, b);
    }

    fn loopback() -> RoomConfig {
        RoomConfig {
            addr: "127.0.0.1:0".parse().unwrap(),
            ..RoomConfig::default()
        }
    }

    /// A document of two workshops (the room opens on the second) with three groups each.
    fn document() -> Document {
        let mut s = Session::new_workshop(crate::demo::bundled_commitments(), "Central", 3);
        let mut other = s.workshops[0].clone();
        other.id = "north".into();
        other.details.name = "Northern".into();
        s.workshops.insert(0, other);
        s.workshops[1].place(2, "1", 7.0, 1.0);
        s.workshops[0].place(2, "2", 3.0, 2.0);
        Document::saved(s, None)
    }

    /// Sends an edit as the server would queue it; the receiver gets the window's answer.
    fn send(
        room: &Room,
        group: u32,
        client: &str,
        seq: u64,
        op: DeviceOp,
    ) -> tokio::sync::oneshot::Receiver<Outcome> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        room.shared
            .queue
            .send(Queued {
                group,
                client: client.into(),
                seq,
                op,
                reply,
            })
            .unwrap();
        answer
    }

    fn place(commitment: &str, d: f64) -> DeviceOp {
        DeviceOp::Place {
            commitment: commitment.into(),
            desirability: d,
            ambition: 1.0,
        }
    }

    #[test]
    fn a_room_on_a_workshop_gives_each_of_its_groups_a_link_of_its_own() {
        let doc = document();
        let mut room = Room::open(loopback(), &doc, 1, || {}).unwrap();
        let addr = room.addr();
        assert!(addr.ip().is_loopback() && addr.port() != 0, "{addr}");
        let w = &doc.session().workshops[1];
        assert_eq!(room.workshop_id(), w.id);
        assert_eq!(
            room.workshop(&doc).map(|w| &w.details.name),
            Some(&w.details.name)
        );
        let links = room.links(&doc);
        let tokens = room.tokens();
        assert_eq!(
            links,
            w.groups
                .iter()
                .map(|g| GroupLink {
                    group: g.id,
                    name: g.name.clone(),
                    url: format!("http://{addr}/g/{}", tokens[&g.id]),
                })
                .collect::<Vec<_>>()
        );
        assert_eq!(tokens.len(), 3);
        // A new link for group 2: its token changes, the others' stay.
        let revision = room.revision();
        room.new_link(2).unwrap();
        assert!(room.revision() > revision);
        let after = room.tokens();
        assert_ne!(after[&2], tokens[&2]);
        assert_eq!(
            (after[&1].as_str(), after[&3].as_str()),
            (tokens[&1].as_str(), tokens[&3].as_str())
        );
        assert_eq!(after.len(), 3);
        // Opened again with those tokens, the links are the same.
        room.close();
        let again = Room::reopen(loopback(), &doc, 1, || {}, &after).unwrap();
        assert_eq!(again.tokens(), after);
        again.close();
    }

    #[test]
    fn a_devices_edits_are_applied_once_in_order_and_locked_out_when_locked() {
        let mut doc = document();
        let mut room = Room::open(loopback(), &doc, 1, || {}).unwrap();
        let ws = room.workshop_id().to_owned();
        let a = send(&room, 1, "phone", 1, place("4", 6.0));
        let b = send(&room, 1, "phone", 2, place("4", 8.0));
        let again = send(&room, 1, "phone", 2, place("4", 2.0));
        let note = send(
            &room,
            3,
            "tablet",
            1,
            DeviceOp::Note {
                commitment: "1".into(),
                note: "ours".into(),
            },
        );
        let edits = room.take_edits(&doc);
        let ops: Vec<(Origin, Op)> = edits
            .iter()
            .map(|e| (e.edit.origin.clone(), e.edit.op.clone()))
            .collect();
        assert_eq!(
            ops,
            [
                (
                    Origin::Device("Group 1".into()),
                    Op::Place {
                        workshop: ws.clone(),
                        group: 1,
                        commitment: "4".into(),
                        desirability: 6.0,
                        ambition: 1.0
                    }
                ),
                (
                    Origin::Device("Group 1".into()),
                    Op::Place {
                        workshop: ws.clone(),
                        group: 1,
                        commitment: "4".into(),
                        desirability: 8.0,
                        ambition: 1.0
                    }
                ),
                (
                    Origin::Device("Group 3".into()),
                    Op::SetNote {
                        workshop: ws.clone(),
                        group: 3,
                        commitment: "1".into(),
                        note: "ours".into()
                    }
                ),
            ]
        );
        for e in edits {
            let result = doc.apply(e.edit.clone());
            e.answer(&result);
        }
        assert_eq!(a.blocking_recv().unwrap(), Outcome::Applied);
        assert_eq!(b.blocking_recv().unwrap(), Outcome::Applied);
        assert_eq!(again.blocking_recv().unwrap(), Outcome::Duplicate);
        assert_eq!(note.blocking_recv().unwrap(), Outcome::Applied);
        assert_eq!(
            doc.session().workshops[1]
                .placement(1, "4")
                .unwrap()
                .desirability,
            8.0
        );
        // The next number from the same device goes through; an old one does not.
        let old = send(
            &room,
            1,
            "phone",
            1,
            DeviceOp::Unplace {
                commitment: "4".into(),
            },
        );
        let next = send(
            &room,
            1,
            "phone",
            3,
            DeviceOp::Unplace {
                commitment: "4".into(),
            },
        );
        let changes = room.apply_pending(&mut doc);
        assert_eq!(changes.len(), 1);
        assert_eq!(old.blocking_recv().unwrap(), Outcome::Duplicate);
        assert_eq!(next.blocking_recv().unwrap(), Outcome::Applied);
        assert_eq!(doc.session().workshops[1].placement(1, "4"), None);
        // Locked: answered as locked, nothing applied; unlocked, it goes through.
        let revision = room.revision();
        room.set_locked(true, &doc);
        assert!(room.is_locked() && room.revision() > revision);
        let locked = send(&room, 2, "laptop", 1, place("5", 4.0));
        assert!(room.apply_pending(&mut doc).is_empty());
        assert_eq!(locked.blocking_recv().unwrap(), Outcome::Locked);
        room.set_locked(false, &doc);
        assert!(!room.is_locked());
        let open = send(&room, 2, "laptop", 1, place("5", 4.0));
        assert_eq!(room.apply_pending(&mut doc).len(), 1);
        assert_eq!(open.blocking_recv().unwrap(), Outcome::Applied);
        // A refused edit is answered with why.
        let bad = send(&room, 2, "laptop", 2, place("no such idea", 4.0));
        assert!(room.apply_pending(&mut doc).is_empty());
        assert!(matches!(bad.blocking_recv().unwrap(), Outcome::Refused(_)));
        room.close();
    }

    #[test]
    fn what_is_published_is_the_shown_workshop_group_by_group_and_only_on_change() {
        let mut doc = document();
        let mut room = Room::open(loopback(), &doc, 1, || {}).unwrap();
        let snapshot = |room: &Room| room.shared.snapshot.borrow().clone();
        room.publish(&doc);
        let first = snapshot(&room);
        assert_eq!(first.workshop, "Central");
        assert_eq!(first.generation, doc.generation());
        assert_eq!(
            first.levels,
            ["none", "minor", "moderate", "transformative"]
        );
        assert_eq!(first.commitments.len(), 15);
        assert_eq!(
            first.groups[&2].placements,
            [PlacementView {
                commitment: "1".into(),
                desirability: 7.0,
                ambition: 1.0,
                note: String::new()
            }],
            "the shown workshop's placements, not the other's"
        );
        assert!(first.groups[&1].placements.is_empty());
        assert_eq!(first.groups.len(), 3);
        room.publish(&doc);
        assert_eq!(
            snapshot(&room).version,
            first.version,
            "nothing changed: nothing published"
        );
        room.set_locked(true, &doc);
        let locked = snapshot(&room);
        assert!(locked.locked && locked.version == first.version + 1);
        // A device's edit that changed nothing still tells its page it arrived.
        room.set_locked(false, &doc);
        let v = snapshot(&room).version;
        let _same = send(&room, 2, "phone", 5, place("1", 7.0));
        room.apply_pending(&mut doc);
        let after = snapshot(&room);
        assert_eq!(after.version, v + 1);
        assert_eq!(after.last_seq[&2]["phone"], 5);
        room.close();
    }

    #[test]
    fn devices_heard_from_are_listed_and_a_removed_one_goes() {
        let doc = document();
        let mut room = Room::open(loopback(), &doc, 1, || {}).unwrap();
        assert_eq!(room.devices(), []);
        // As the server notes a device at its first request.
        for (client, group) in [("phone", 1), ("tablet", 3)] {
            room.shared
                .devices
                .lock()
                .unwrap()
                .insert(client.into(), group);
        }
        let device = |client: &str, group| Device {
            client: client.into(),
            group,
        };
        assert_eq!(room.devices(), [device("phone", 1), device("tablet", 3)]);
        let revision = room.revision();
        room.remove_device("phone");
        assert_eq!(room.devices(), [device("tablet", 3)]);
        assert!(
            room.shared.removed.read().unwrap().contains("phone"),
            "refused from now on"
        );
        assert!(room.revision() > revision);
        room.close();
    }

    #[test]
    fn past_ten_thousand_devices_a_new_one_is_refused_and_the_known_ones_go_on() {
        let mut doc = document();
        let mut room = Room::open(loopback(), &doc, 1, || {}).unwrap();
        for i in 0..MAX_DEVICES {
            room.last_seq.insert((1, format!("device {i}")), 1);
        }
        let new = send(&room, 1, "one more", 1, place("4", 6.0));
        let known = send(&room, 1, "device 7", 2, place("4", 6.0));
        assert_eq!(room.apply_pending(&mut doc).len(), 1);
        assert_eq!(
            new.blocking_recv().unwrap(),
            Outcome::Refused("too many devices".into())
        );
        assert_eq!(known.blocking_recv().unwrap(), Outcome::Applied);
        room.close();
    }

    #[test]
    fn a_closed_or_dropped_room_stops_listening() {
        let doc = document();
        let reachable = |addr: SocketAddr| std::net::TcpStream::connect(addr).is_ok();
        let room = Room::open(loopback(), &doc, 1, || {}).unwrap();
        let addr = room.addr();
        assert!(reachable(addr));
        room.close();
        assert!(!reachable(addr), "closed");
        let room = Room::open(loopback(), &doc, 1, || {}).unwrap();
        let addr = room.addr();
        assert!(reachable(addr));
        drop(room);
        assert!(!reachable(addr), "dropped");
    }

    #[test]
    fn the_room_listens_on_every_interface_at_7878_and_a_busy_7878_falls_back_to_a_free_port() {
        assert_eq!(
            RoomConfig::default().addr,
            "0.0.0.0:7878".parse::<SocketAddr>().unwrap()
        );
        let default = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), DEFAULT_PORT);
        // Hold 7878 (unless something else already does): it is busy either way.
        let _held = std::net::TcpListener::bind(default);
        let fallback = bind(default).unwrap();
        let port = fallback.local_addr().unwrap().port();
        assert!(port != DEFAULT_PORT && port != 0, "{port}");
        // Another busy port is an error: the facilitator asked for that one.
        let other = fallback.local_addr().unwrap();
        assert_eq!(
            bind(other).map(|_| ()).unwrap_err().kind(),
            std::io::ErrorKind::AddrInUse
        );
    }

    #[test]
    fn every_character_of_a_token_is_random_and_the_last_holds_three_bits() {
        // 25 characters of 5 bits and one of 3: 128 bits. A shorter random number padded
        // to 26 characters would leave its high characters constant.
        let tokens: Vec<Vec<u8>> = (0..200)
            .map(|_| new_token().unwrap().into_bytes())
            .collect();
        for place in 0..26 {
            let seen: std::collections::BTreeSet<u8> = tokens.iter().map(|t| t[place]).collect();
            let most = if place == 25 { 8 } else { 32 };
            assert!(
                seen.len() > most / 2 && seen.len() <= most,
                "character {place}: {} values",
                seen.len()
            );
            if place == 25 {
                assert!(seen.iter().all(|c| (b'a'..=b'h').contains(c)), "{seen:?}");
            }
        }
    }
}
