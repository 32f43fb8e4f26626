//! The evidence pack: a dated folder that an organizer publishes in the OGP repository as
//! it is, and that anyone can check later (`cocreate pack` and `cocreate pack --verify`).
//!
//! A pack is the folder `cocreate-evidence-YYYY-MM-DD/` and holds, in English:
//!
//! | file | what it holds |
//! |---|---|
//! | `README.md` | what the folder holds, whether it holds personal data, the session files it was made from, how to check it |
//! | `workshops.md` | a record of each workshop: date, place, mode, facilitator, attendance by stakeholder type, groups, what was placed (counts, medians per commitment) and selected |
//! | `timeline.md` | the workshops in date order, what came of them, the plan period |
//! | `response.md` | the reasoned response: every idea with its outcome, reason and evidence ([`crate::response::markdown`]) |
//! | `plan.md`, `plan-grid.svg` | the action-plan draft and its grid ([`crate::export::write`]) |
//! | `placements.csv` | every placement ([`crate::report::csv`]) |
//! | `commitments.csv` | the commitment list, readable again by `cocreate new --commitments` |
//! | `MANIFEST` | the SHA-256 and size of every file above and of the session files the pack was made from |
//!
//! Sign-ups (names, organizations, e-mails) and the leads' contacts are left out unless
//! asked for ([`Options::include_contacts`]). The session files themselves are never copied
//! in: they hold personal data. Their names ([`crate::merge::source_names`], never a full
//! path) and hashes are in the MANIFEST, so whoever holds them can tell that the pack was
//! made from them.
//!
//! The pack is written in a hidden folder beside its place, each file atomically
//! ([`crate::file::write_atomically`]), and renamed into place once whole: a failed pack
//! leaves nothing behind, and a folder that already holds files is never written into.
//!
//! ## The MANIFEST
//!
//! UTF-8 text, one line per file, `\n` line ends:
//!
//! ```text
//! # cocreate evidence pack MANIFEST, format 1
//! # Each line: SHA-256, size in bytes, path (sorted by path); sources/NAME: a session file the pack was made from, not in this folder.
//! 6a1f…  1234  README.md
//! …
//! 9c2e…  40210  sources/ontario-2016-central.ron
//! # SHA-256 of the lines above: 51b0…
//! ```
//!
//! Each file line is the SHA-256 in 64 lower-case hexadecimal digits, two spaces, the size in
//! bytes in decimal, two spaces, and the path relative to the pack's folder with `/` between
//! folders (a `\` in a name is written `\\`, a line feed `\n`, a carriage return `\r`).
//! Lines are sorted by path, byte by byte; no path is listed twice; `MANIFEST` is not listed.
//! The last line holds the SHA-256 of every byte before it, so a MANIFEST changed by hand
//! or by accident — a source's hash edited, a line dropped — is caught too.
//!
//! What a MANIFEST cannot prove on its own: someone who changes a file and writes a new
//! MANIFEST to match is caught only by the pack's *fingerprint*, the SHA-256 of the MANIFEST
//! file, which `cocreate pack` prints and the organizer publishes apart from the pack (in
//! the repository's page, say). `cocreate pack --verify DIR --fingerprint HASH` checks it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use sha2::Digest as _;

use crate::file::{EntryKind, FileError, FileErrorKind, ReadError};
use crate::model::{Mode, Outcome, Session, Workshop};
use crate::report::{fixed, md_heading, md_inline};
use crate::text::{Localized, Message};

/// What every pack folder's name starts with; the date follows.
pub const FOLDER_PREFIX: &str = "cocreate-evidence-";
/// The MANIFEST's file name.
pub const MANIFEST: &str = "MANIFEST";
/// How a MANIFEST names a session file the pack was made from: `sources/NAME`. No pack
/// holds a folder of that name.
pub const SOURCES: &str = "sources/";
/// What the pack holds and how to check it.
pub const README: &str = "README.md";
/// The record of each workshop.
pub const WORKSHOPS: &str = "workshops.md";
/// The co-creation timeline.
pub const TIMELINE: &str = "timeline.md";
/// The reasoned response.
pub const RESPONSE: &str = "response.md";
/// The action-plan draft; its grid is written beside it as `plan-grid.svg`.
pub const PLAN: &str = "plan.md";
/// The placements.
pub const PLACEMENTS: &str = "placements.csv";
/// The commitment list.
pub const COMMITMENTS: &str = "commitments.csv";

/// The MANIFEST's first line: what it is and the version of its format.
pub const MANIFEST_HEADER: &str = "# cocreate evidence pack MANIFEST, format 1";
/// The MANIFEST's second line: how to read it.
const MANIFEST_HELP: &str = "# Each line: SHA-256, size in bytes, path (sorted by path); sources/NAME: a session file the pack was made from, not in this folder.";
/// What the MANIFEST's last line starts with; the SHA-256 of the lines above follows.
const MANIFEST_TRAILER: &str = "# SHA-256 of the lines above: ";
/// The largest MANIFEST read: far more than a pack's few lines.
const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;

/// A SHA-256 hash.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sha256(pub [u8; 32]);

impl Sha256 {
    /// The hash of some bytes.
    pub fn of(bytes: &[u8]) -> Self {
        Self(sha2::Sha256::digest(bytes).into())
    }

    /// Reads 64 hexadecimal digits (either case); anything else is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.as_bytes();
        if text.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (byte, pair) in out.iter_mut().zip(text.chunks(2)) {
            let digit = |b: u8| (b as char).to_digit(16);
            *byte = u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()?;
        }
        Some(Self(out))
    }
}

impl std::fmt::Display for Sha256 {
    /// 64 lower-case hexadecimal digits.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl std::fmt::Debug for Sha256 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// A calendar date, `YYYY-MM-DD`: the pack's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A date of the calendar (years 1 to 9999), else `None`.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=9999).contains(&year) && (1..=days).contains(&day)).then_some(Self {
            year,
            month,
            day,
        })
    }

    /// Reads `YYYY-MM-DD` (four, two and two digits); anything else, or a day the calendar
    /// does not have, is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<u16> {
            let part = bytes.get(range)?;
            if !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            std::str::from_utf8(part).ok()?.parse().ok()
        };
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        Self::new(
            digits(0..4)?,
            u8::try_from(digits(5..7)?).ok()?,
            u8::try_from(digits(8..10)?).ok()?,
        )
    }

    /// Today, in the local time zone where the system tells it (Unix), else in UTC.
    pub fn today() -> Self {
        local_today().unwrap_or_else(|| {
            let seconds = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            Self::from_days(i64::try_from(seconds / 86_400).unwrap_or(0))
        })
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        let fallback = Self {
            year: 1970,
            month: 1,
            day: 1,
        };
        match (u16::try_from(year), u8::try_from(month), u8::try_from(day)) {
            (Ok(y), Ok(m), Ok(d)) => Self::new(y, m, d).unwrap_or(fallback),
            _ => fallback,
        }
    }
}

impl std::fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Today in the local time zone, as the C library knows it (`TZ`, `/etc/localtime`).
#[cfg(unix)]
fn local_today() -> Option<Date> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    let now: libc::time_t = seconds.try_into().ok()?;
    let mut tm = std::mem::MaybeUninit::<libc::tm>::zeroed();
    // SAFETY: `localtime_r` (the thread-safe variant) reads `now` and writes only into
    // `tm`, both live locals; it returns null and leaves `tm` unused when it fails.
    let filled = unsafe { libc::localtime_r(&now, tm.as_mut_ptr()) };
    if filled.is_null() {
        return None;
    }
    // SAFETY: `localtime_r` succeeded, so it filled `tm` in (and zeroed is a valid `tm`).
    let tm = unsafe { tm.assume_init() };
    Date::new(
        u16::try_from(tm.tm_year.checked_add(1900)?).ok()?,
        u8::try_from(tm.tm_mon.checked_add(1)?).ok()?,
        u8::try_from(tm.tm_mday).ok()?,
    )
}

#[cfg(not(unix))]
fn local_today() -> Option<Date> {
    None
}

/// The name of the pack folder for a date: `cocreate-evidence-YYYY-MM-DD`.
pub fn folder_name(date: Date) -> String {
    format!("{FOLDER_PREFIX}{date}")
}

/// A session file a pack was made from: the name it goes by ([`crate::merge::source_names`])
/// and what it held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// Its name: the file name, with folders only where two inputs share one.
    pub name: String,
    /// The SHA-256 of its bytes.
    pub sha256: Sha256,
    /// Its size in bytes.
    pub size: u64,
}

impl SourceFile {
    /// A source of these bytes.
    pub fn of(name: &str, bytes: &[u8]) -> Self {
        Self {
            name: name.to_owned(),
            sha256: Sha256::of(bytes),
            size: bytes.len() as u64,
        }
    }
}

/// Reads and checks a session file as [`crate::file::load`] does (the same limits and
/// errors: a FIFO or a folder is refused before it is read), and gives its bytes too, so
/// the hash in the MANIFEST is that of the very bytes the pack was made from.
pub fn load_with_bytes(path: &Path) -> Result<(Session, Vec<u8>), FileError> {
    let error = |location, kind| FileError {
        path: path.to_owned(),
        location,
        kind,
    };
    let bytes = crate::file::read_regular(path, crate::file::MAX_FILE_BYTES).map_err(|e| {
        error(
            None,
            match e {
                ReadError::Io(e) => FileErrorKind::Io(e),
                ReadError::NotAFile(what) => FileErrorKind::NotAFile(what),
                ReadError::TooLarge(n) => FileErrorKind::TooLarge(n),
            },
        )
    })?;
    let session = crate::file::parse(&bytes).map_err(|(location, kind)| error(location, kind))?;
    Ok((session, bytes))
}

/// What goes into a pack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The pack's date: its folder's name, and the date its README gives.
    pub date: Date,
    /// Include sign-ups (names, organizations, e-mails) and the leads' contacts: personal
    /// data, in the plan draft's appendix.
    pub include_contacts: bool,
}

/// A pack written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// Its folder.
    pub folder: PathBuf,
    /// The files in it, the MANIFEST too.
    pub files: usize,
    /// The SHA-256 of its MANIFEST: publish it apart from the pack.
    pub fingerprint: Sha256,
}

/// Why a pack could not be written or checked. Nothing was written.
#[derive(Debug)]
pub enum PackError {
    /// The pack's folder exists and holds files: a new pack is never mixed with them.
    NotEmpty(PathBuf),
    /// Something that is not a folder is where a folder must be.
    NotAFolder(PathBuf),
    /// The operating system refused to read or write this file or folder.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file could not be read: a FIFO, a device, too large (see
    /// [`crate::file::read_regular`]).
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        kind: FileErrorKind,
    },
    /// The plan draft or the placements could not be written.
    Export(crate::export::ExportError),
}

impl PackError {
    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Self + '_ {
        move |source| Self::Io {
            path: path.to_owned(),
            source,
        }
    }
}

impl Localized for PackError {
    fn message(&self) -> Message {
        match self {
            Self::NotEmpty(path) => Message::new(
                "%{folder}: this folder already exists and holds files; a new pack is never mixed with an old one. Move it away, or choose another folder (-o) or date (--date)",
            )
            .with("folder", path.display()),
            Self::NotAFolder(path) => {
                Message::new("%{place}: %{reason}")
                    .with("place", path.display())
                    .with_message(
                        "reason",
                        Message::new("this is not a folder; a pack is a folder"),
                    )
            }
            Self::Io { path, source } => Message::new("%{place}: %{reason}")
                .with("place", path.display())
                .with_message("reason", crate::file::io_message(source)),
            Self::Read { path, kind } => Message::new("%{place}: %{reason}")
                .with("place", path.display())
                .with_message("reason", kind.message()),
            Self::Export(e) => e.message(),
        }
    }
}

impl std::fmt::Display for PackError {
    /// The message in English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for PackError {}

/// Writes the pack of `session` (the inputs, merged) into `dir`: the folder
/// `dir/cocreate-evidence-DATE` ([`folder_name`]), which must not exist or be empty. `dir`
/// is made if it is missing. `sources` are the session files it was made from, for the
/// MANIFEST. Everything is written in a hidden folder in `dir` first, renamed into place
/// once whole; on failure that folder is removed and nothing is left.
pub fn write(
    session: &Session,
    sources: &[SourceFile],
    dir: &Path,
    options: &Options,
) -> Result<Written, PackError> {
    let folder = dir.join(folder_name(options.date));
    refuse_unless_empty(&folder)?;
    std::fs::create_dir_all(dir).map_err(PackError::io(dir))?;
    let staging = make_staging(dir, options.date)?;
    let result =
        write_files(session, sources, &staging, options).and_then(|(files, fingerprint)| {
            move_into_place(&staging, &folder)?;
            Ok(Written {
                folder: folder.clone(),
                files,
                fingerprint,
            })
        });
    if result.is_err() {
        // Best effort: the error that matters is returned. The folder is this process's own.
        let _ignored = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Refuses a pack folder that exists and is not an empty folder.
fn refuse_unless_empty(folder: &Path) -> Result<(), PackError> {
    match std::fs::symlink_metadata(folder) {
        Ok(meta) if meta.is_dir() => {
            let mut entries = std::fs::read_dir(folder).map_err(PackError::io(folder))?;
            match entries.next() {
                None => Ok(()),
                Some(_) => Err(PackError::NotEmpty(folder.to_owned())),
            }
        }
        Ok(_) => Err(PackError::NotAFolder(folder.to_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(PackError::io(folder)(e)),
    }
}

/// A new, hidden folder in `dir` for this process to write the pack in:
/// `.cocreate-evidence-DATE.PID-N.tmp`, never one that exists.
fn make_staging(dir: &Path, date: Date) -> Result<PathBuf, PackError> {
    let mut n = 0u32;
    loop {
        let path = dir.join(format!(
            ".{}.{}-{n}.tmp",
            folder_name(date),
            std::process::id()
        ));
        match std::fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            // Said of the folder the user named, not of the hidden one.
            Err(e) => return Err(PackError::io(dir)(e)),
        }
    }
}

/// Renames the written pack into place: over nothing, or over an empty folder.
fn move_into_place(staging: &Path, folder: &Path) -> Result<(), PackError> {
    refuse_unless_empty(folder)?;
    if let Err(e) = std::fs::rename(staging, folder) {
        // Not every system renames a folder over an empty one (Windows does not).
        let empty_folder = std::fs::read_dir(folder).is_ok_and(|mut d| d.next().is_none());
        if !(empty_folder
            && std::fs::remove_dir(folder).is_ok()
            && std::fs::rename(staging, folder).is_ok())
        {
            return Err(match refuse_unless_empty(folder) {
                Err(taken) => taken,
                Ok(()) => PackError::io(folder)(e),
            });
        }
    }
    if let Some(parent) = folder.parent()
        && let Ok(d) = std::fs::File::open(parent)
    {
        let _ignored = d.sync_all(); // not supported everywhere; every file is synced already
    }
    Ok(())
}

/// Writes every file of the pack into `folder`, the MANIFEST last (from the files as they
/// are on disk). Returns how many files and the fingerprint.
fn write_files(
    session: &Session,
    sources: &[SourceFile],
    folder: &Path,
    options: &Options,
) -> Result<(usize, Sha256), PackError> {
    let put = |name: &str, text: &str| {
        let path = folder.join(name);
        crate::file::write_atomically(&path, text.as_bytes()).map_err(PackError::io(&path))
    };
    put(README, &readme_md(session, sources, options))?;
    put(WORKSHOPS, &workshops_md(session, options.include_contacts))?;
    put(TIMELINE, &timeline_md(session))?;
    // In English, as the plan draft: the pack is one record, published as it is.
    put(
        RESPONSE,
        &crate::response::markdown(session, &|m| m.to_string()),
    )?;
    let plan_options = crate::report::MarkdownOptions {
        grid_image: None,
        include_contacts: options.include_contacts,
        // Published as it is: the SMART checker's working notes stay in the window.
        omit_smart_notes: true,
        // The session's own template, in English.
        ..Default::default()
    };
    use crate::export::Format;
    crate::export::write(session, &folder.join(PLAN), Format::Markdown, &plan_options)
        .map_err(PackError::Export)?;
    crate::export::write(
        session,
        &folder.join(PLACEMENTS),
        Format::Csv,
        &plan_options,
    )
    .map_err(PackError::Export)?;
    put(COMMITMENTS, &commitments_csv(session))?;

    let mut entries: Vec<Entry> = sources
        .iter()
        .map(|s| Entry {
            sha256: s.sha256,
            size: s.size,
            path: format!("{SOURCES}{}", s.name),
        })
        .collect();
    let mut seen = BTreeSet::new();
    entries.retain(|e| seen.insert(e.path.clone()));
    let mut files = 0;
    for path in files_in(folder).map_err(|(path, e)| PackError::io(&path)(e))? {
        let (sha256, size) = match hash_file(&folder.join(&path)) {
            Ok(hashed) => hashed,
            Err(HashProblem::Io(e)) => return Err(PackError::io(&folder.join(&path))(e)),
            Err(HashProblem::NotAFile(_)) => {
                return Err(PackError::Read {
                    path: folder.join(&path),
                    kind: FileErrorKind::NotAFile(EntryKind::Other),
                });
            }
        };
        entries.push(Entry { sha256, size, path });
        files += 1;
    }
    let manifest = Manifest { entries }.to_text();
    put(MANIFEST, &manifest)?;
    Ok((files + 1, Sha256::of(manifest.as_bytes())))
}

// ---------------------------------------------------------------------------------------
// The documents.

/// Text that shows nothing becomes a dash; anything else is escaped for a line.
fn cell(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_owned()
    } else {
        match md_inline(text) {
            escaped if escaped.is_empty() => "—".to_owned(),
            escaped => escaped,
        }
    }
}

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::InPerson => "in person",
        Mode::Online => "online",
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The workshops in date order: dated ones first (`YYYY-MM-DD` sorts as text), then by
/// name and id, so the order never depends on the files' order.
pub fn in_date_order(session: &Session) -> Vec<&Workshop> {
    let mut workshops: Vec<&Workshop> = session.workshops.iter().collect();
    workshops.sort_by_cached_key(|w| {
        let date = w.details.date.trim();
        (
            date.is_empty(),
            date.to_owned(),
            w.details.name.clone(),
            w.id.clone(),
        )
    });
    workshops
}

/// A commitment as a reader finds it: `id title`.
fn commitment_label(session_titles: &HashMap<&str, &str>, id: &str) -> String {
    match session_titles.get(id) {
        Some(title) => format!("{} {}", md_inline(id), cell(title)),
        None => md_inline(id),
    }
}

fn titles(session: &Session) -> HashMap<&str, &str> {
    session
        .commitments
        .iter()
        .map(|c| (c.id.as_str(), c.title.as_str()))
        .collect()
}

/// `workshops.md`: a record of each workshop, in date order.
pub fn workshops_md(session: &Session, include_contacts: bool) -> String {
    let titles = titles(session);
    let scale = session.ambition_scale;
    let levels = scale.levels();
    let mut out = String::new();
    let _ = writeln!(out, "# Workshops\n");
    let workshops = in_date_order(session);
    let _ = writeln!(
        out,
        "{} of co-creation. Groups placed each commitment on a grid: desirability from 0 to 10, and ambition on the IRM's scale “{}”, from 0 ({}) to {} ({}).\n",
        plural(workshops.len(), "workshop", "workshops"),
        scale.name(),
        levels[0].name(),
        fixed(scale.max(), 0),
        levels[levels.len() - 1].name(),
    );
    for (n, w) in workshops.iter().enumerate() {
        let d = &w.details;
        let _ = writeln!(out, "## {}. {}\n", n + 1, md_heading(&d.name));
        let _ = writeln!(out, "| | |\n|---|---|");
        let _ = writeln!(out, "| Date | {} |", cell(&d.date));
        let _ = writeln!(out, "| Place | {} |", cell(&d.location));
        let _ = writeln!(out, "| Mode | {} |", mode_name(d.mode));
        let _ = writeln!(out, "| Facilitator | {} |", cell(&d.facilitator));
        let _ = writeln!(
            out,
            "| Plan period | {} to {} |\n",
            cell(&d.plan_period.start),
            cell(&d.plan_period.end)
        );

        let a = d.attendance;
        let _ = writeln!(out, "### Attendance\n");
        let _ = writeln!(out, "| Stakeholder type | People |\n|---|--:|");
        for (what, n) in [
            ("Civil society", a.civil_society),
            ("Ministry representatives", a.ministry),
            ("Individual citizens", a.citizens),
            ("Other", a.other),
        ] {
            let _ = writeln!(out, "| {what} | {n} |");
        }
        let _ = writeln!(out, "| **In all** | **{}** |\n", a.total());

        let _ = writeln!(out, "### Groups\n");
        if w.groups.is_empty() {
            let _ = writeln!(out, "No groups.\n");
        } else {
            let mut per_group: HashMap<u32, usize> = HashMap::new();
            for p in &w.placements {
                *per_group.entry(p.group).or_default() += 1;
            }
            let _ = writeln!(out, "| Group | Commitments placed |\n|---|--:|");
            for g in &w.groups {
                let _ = writeln!(
                    out,
                    "| {} | {} |",
                    cell(&g.name),
                    per_group.get(&g.id).copied().unwrap_or(0)
                );
            }
            out.push('\n');
        }

        let _ = writeln!(out, "### What was placed\n");
        let aggregates =
            crate::stats::aggregates(session.commitments.iter().map(|c| c.id.as_str()), &[*w]);
        if aggregates.is_empty() {
            let _ = writeln!(out, "Nothing was placed.\n");
        } else {
            let _ = writeln!(
                out,
                "{} of {} by {}. Medians over the groups that placed each one:\n",
                plural(w.placements.len(), "placement", "placements"),
                plural(aggregates.len(), "commitment", "commitments"),
                plural(w.groups.len(), "group", "groups"),
            );
            let _ = writeln!(
                out,
                "| Commitment | Groups | Desirability (0–10) | Ambition (0–{}) | Nearest level | Selected |\n|---|--:|--:|--:|---|---|",
                fixed(scale.max(), 0)
            );
            for agg in &aggregates {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} |",
                    commitment_label(&titles, &agg.commitment),
                    agg.groups,
                    fixed(agg.desirability, 1),
                    fixed(agg.ambition, 1),
                    scale.nearest(agg.ambition).name(),
                    if w.is_selected(&agg.commitment) {
                        "yes"
                    } else {
                        "no"
                    }
                );
            }
            out.push('\n');
        }

        let _ = writeln!(out, "### Selected\n");
        if w.selection.is_empty() {
            let _ = writeln!(out, "Nothing was selected.\n");
        } else {
            let _ = writeln!(
                out,
                "{} selected for the action plan:\n",
                plural(w.selection.len(), "commitment", "commitments")
            );
            for id in &w.selection {
                let _ = writeln!(out, "- {}", commitment_label(&titles, id));
            }
            out.push('\n');
        }
        let refined = w
            .refinements
            .iter()
            .filter(|r| !crate::report::is_blank(r))
            .count();
        if refined > 0 {
            let _ = writeln!(
                out,
                "{} refined into the commitment template (see {PLAN}).\n",
                plural(refined, "commitment was", "commitments were")
            );
        }
        if !w.sign_ups.is_empty() {
            let _ = writeln!(
                out,
                "{}{}\n",
                plural(w.sign_ups.len(), "sign-up", "sign-ups"),
                if include_contacts {
                    format!(": see the contacts in {PLAN}.")
                } else {
                    " to help carry commitments forward (names, organizations and e-mails are personal data and are not in this pack).".to_owned()
                }
            );
        }
    }
    out
}

/// `timeline.md`: the workshops in date order, what came of them, and the plan period.
pub fn timeline_md(session: &Session) -> String {
    let titles = titles(session);
    let workshops = in_date_order(session);
    let mut out = String::new();
    let _ = writeln!(out, "# Co-creation timeline\n");

    let mut periods: BTreeMap<(String, String), Vec<&str>> = BTreeMap::new();
    for w in &workshops {
        let p = &w.details.plan_period;
        if !(p.start.trim().is_empty() && p.end.trim().is_empty()) {
            periods
                .entry((p.start.clone(), p.end.clone()))
                .or_default()
                .push(&w.details.name);
        }
    }
    match periods.len() {
        0 => {
            let _ = writeln!(out, "No plan period is recorded.\n");
        }
        1 => {
            let ((start, end), _) = periods.iter().next().expect("one period");
            let _ = writeln!(
                out,
                "The action plan covers {} to {}.\n",
                cell(start),
                cell(end)
            );
        }
        _ => {
            let _ = writeln!(out, "The workshops name different plan periods:\n");
            for ((start, end), names) in &periods {
                let names: Vec<String> = names.iter().map(|n| cell(n)).collect();
                let _ = writeln!(
                    out,
                    "- {} to {}: {}",
                    cell(start),
                    cell(end),
                    names.join(", ")
                );
            }
            out.push('\n');
        }
    }

    let _ = writeln!(
        out,
        "| Date | Workshop | Place | Mode | People | Groups | Placements | Selected | Refined |\n|---|---|---|---|--:|--:|--:|--:|--:|"
    );
    for w in &workshops {
        let d = &w.details;
        let refined = w
            .refinements
            .iter()
            .filter(|r| !crate::report::is_blank(r))
            .count();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            cell(&d.date),
            cell(&d.name),
            cell(&d.location),
            mode_name(d.mode),
            d.attendance.total(),
            w.groups.len(),
            w.placements.len(),
            w.selection.len(),
            refined
        );
    }
    out.push('\n');

    let _ = writeln!(out, "## What came of each workshop\n");
    for w in &workshops {
        let _ = writeln!(
            out,
            "### {} — {}\n",
            md_heading(if w.details.date.trim().is_empty() {
                "Date not recorded"
            } else {
                &w.details.date
            }),
            md_heading(&w.details.name)
        );
        if w.selection.is_empty() {
            let _ = writeln!(out, "Nothing was selected.\n");
        } else {
            let _ = writeln!(out, "Selected for the action plan:\n");
            for id in &w.selection {
                let _ = writeln!(out, "- {}", commitment_label(&titles, id));
            }
            out.push('\n');
        }
    }

    let _ = writeln!(out, "## Across the workshops\n");
    let mut selected_by: Vec<(&str, Vec<&Workshop>)> = Vec::new();
    for c in &session.commitments {
        let by: Vec<&Workshop> = workshops
            .iter()
            .copied()
            .filter(|w| w.is_selected(&c.id))
            .collect();
        if !by.is_empty() {
            selected_by.push((c.id.as_str(), by));
        }
    }
    if selected_by.is_empty() {
        let _ = writeln!(out, "No workshop selected a commitment.\n");
    } else {
        let _ = writeln!(out, "Commitments selected, and where:\n");
        for (id, by) in &selected_by {
            let names: Vec<String> = by.iter().map(|w| cell(&w.details.name)).collect();
            let _ = writeln!(
                out,
                "- {}: {} ({})",
                commitment_label(&titles, id),
                plural(by.len(), "workshop", "workshops"),
                names.join(", ")
            );
        }
        out.push('\n');
    }

    // The reasoned response, counted by outcome: an idea without one has no decision yet.
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut answered = 0;
    for r in &session.responses {
        if session.commitment(&r.commitment).is_some() {
            *counts.entry(r.outcome.name()).or_default() += 1;
            answered += 1;
        }
    }
    let undecided = session.commitments.len().saturating_sub(answered);
    *counts.entry(Outcome::Undecided.name()).or_default() += undecided;
    let parts: Vec<String> = Outcome::kinds()
        .iter()
        .filter_map(|k| {
            let n = counts.get(k.name()).copied().unwrap_or(0);
            (n > 0).then(|| format!("{n} {}", k.name()))
        })
        .collect();
    let _ = writeln!(
        out,
        "The reasoned response to the {} ({RESPONSE}): {}.\n",
        plural(session.commitments.len(), "idea", "ideas"),
        if parts.is_empty() {
            "none yet".to_owned()
        } else {
            parts.join(", ")
        }
    );
    out
}

/// `commitments.csv`: the commitment list, `id,title,theme,votes,description,decidim_id`
/// (the columns `cocreate new --commitments` reads, and the Decidim id), formulas defused.
pub fn commitments_csv(session: &Session) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut write = |cells: &[String]| writer.write_record(cells).expect("writing to memory");
    write(&["id", "title", "theme", "votes", "description", "decidim_id"].map(str::to_owned));
    use crate::report::csv_cell;
    for c in &session.commitments {
        write(&[
            csv_cell(&c.id),
            csv_cell(&c.title),
            csv_cell(&c.theme),
            c.votes.to_string(),
            csv_cell(&c.description),
            csv_cell(&c.decidim_id),
        ]);
    }
    String::from_utf8(writer.into_inner().expect("memory")).expect("UTF-8 in, UTF-8 out")
}

/// `README.md`: what the folder holds, whether it holds personal data, the session files
/// it was made from, and how to check it.
pub fn readme_md(session: &Session, sources: &[SourceFile], options: &Options) -> String {
    let mut out = String::new();
    let workshops = in_date_order(session);
    let _ = writeln!(out, "# Evidence of co-creation\n");
    let dates: Vec<&str> = workshops
        .iter()
        .map(|w| w.details.date.trim())
        .filter(|d| !d.is_empty())
        .collect();
    let span = match (dates.first(), dates.last()) {
        (Some(first), Some(last)) if first != last => {
            format!(", from {} to {}", cell(first), cell(last))
        }
        (Some(day), _) => format!(", on {}", cell(day)),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "How the action plan was co-created: {}{span}. Made with cocreate on {} from {}. This folder can be published as it is.\n",
        plural(workshops.len(), "workshop", "workshops"),
        options.date,
        plural(sources.len(), "session file", "session files"),
    );
    let _ = writeln!(out, "| File | What it holds |\n|---|---|");
    for (file, what) in [
        (
            README,
            "This file: what the folder holds, whether it holds personal data, where it came from, how to check it",
        ),
        (
            WORKSHOPS,
            "Each workshop: date, place, mode, facilitator, attendance by stakeholder type, groups, what was placed (medians per commitment) and selected",
        ),
        (
            TIMELINE,
            "The workshops in date order, what came of each, the plan period, and the reasoned response in numbers",
        ),
        (
            RESPONSE,
            "The reasoned response: what became of every idea, and why, with the evidence of the workshops",
        ),
        (
            PLAN,
            "The action-plan draft: the selected commitments in the commitment template",
        ),
        (
            "plan-grid.svg",
            "The grid: every commitment's median desirability and ambition over all groups",
        ),
        (
            PLACEMENTS,
            "Every placement: workshop, group, commitment, desirability, ambition, whether selected, the group's note",
        ),
        (
            COMMITMENTS,
            "The ideas placed: id, title, theme, votes, description, Decidim id",
        ),
        (
            MANIFEST,
            "The SHA-256 and size of every file here and of the session files the pack was made from",
        ),
    ] {
        let _ = writeln!(out, "| `{file}` | {what} |");
    }
    out.push('\n');

    let _ = writeln!(out, "## Personal data\n");
    if options.include_contacts {
        let _ = writeln!(
            out,
            "This pack **holds personal data**: the names, organizations and e-mails of the people who signed up, and the leads' contacts, in {PLAN}. Publish it only with their consent.\n"
        );
    } else {
        let _ = writeln!(
            out,
            "None: the names, organizations and e-mails of the people who signed up, and the leads' contacts, are left out. The session files are not in this pack either.\n"
        );
    }
    if !session.conflicts.is_empty() {
        let _ = writeln!(out, "## Disagreements between the session files\n");
        let _ = writeln!(
            out,
            "The session files disagree on {}; none was resolved before this pack was made. The documents show the first version of each; {PLAN} lists the versions that differ.\n",
            plural(session.conflicts.len(), "thing", "things")
        );
    }

    let _ = writeln!(out, "## Sources\n");
    let _ = writeln!(out, "| Session file | Bytes | SHA-256 |\n|---|--:|---|");
    let mut sources: Vec<&SourceFile> = sources.iter().collect();
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    for s in sources {
        let _ = writeln!(out, "| {} | {} | `{}` |", cell(&s.name), s.size, s.sha256);
    }
    out.push('\n');

    let _ = writeln!(out, "## Checking this pack\n");
    let _ = writeln!(
        out,
        "`{MANIFEST}` lists every file of this folder with its SHA-256 and size, one line each (`SHA-256  SIZE  PATH`, sorted by path); the lines `sources/NAME` are the session files the pack was made from, which are not here. Its last line is the SHA-256 of the lines above it.\n"
    );
    let _ = writeln!(
        out,
        "- With cocreate: `cocreate pack --verify FOLDER` says which files were changed, are missing, or were added, and ends with `ok` when none was.\n- Without it (GNU coreutils): in this folder, `grep -v -e '^#' -e '  sources/' MANIFEST | while read -r hash size path; do echo \"$hash  $path\"; done | sha256sum -c`\n- Whoever holds the session files can compare their SHA-256 (`sha256sum FILE`) with the `sources/` lines.\n"
    );
    let _ = writeln!(
        out,
        "A MANIFEST rewritten to match changed files would still pass these checks. The pack's **fingerprint** — the SHA-256 of the file `{MANIFEST}`, which cocreate printed when it made the pack — is published apart from it, by whoever published the pack; `cocreate pack --verify FOLDER --fingerprint HASH` (or `sha256sum {MANIFEST}`) checks it.\n"
    );
    out
}

// ---------------------------------------------------------------------------------------
// The MANIFEST.

/// One line of the MANIFEST: a file's SHA-256, size and path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The SHA-256 of its bytes.
    pub sha256: Sha256,
    /// Its size in bytes.
    pub size: u64,
    /// Its path in the pack, `/` between folders; `sources/NAME` for a session file the pack
    /// was made from.
    pub path: String,
}

impl Entry {
    /// Whether it is a session file the pack was made from (not a file of the pack).
    pub fn is_source(&self) -> bool {
        self.path.starts_with(SOURCES)
    }
}

/// A MANIFEST: its entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Its lines, in any order: [`Manifest::to_text`] sorts them.
    pub entries: Vec<Entry>,
}

/// What is wrong with a MANIFEST's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManifestProblem {
    /// The first line is not [`MANIFEST_HEADER`].
    NotAManifest,
    /// Not UTF-8 text.
    NotUtf8,
    /// A line is not `SHA-256  SIZE  PATH`.
    BadLine(usize),
    /// A path that leaves the folder, is absolute, or is not a plain relative path.
    BadPath(usize),
    /// A line that is not after the one before it in path order.
    Unsorted(usize),
    /// A path listed a second time.
    Duplicate(usize),
    /// The last line, the SHA-256 of the lines above, is missing (the MANIFEST was cut).
    NoTrailer,
    /// The lines no longer hash to what the last line says.
    Changed,
}

impl ManifestProblem {
    /// The line it is about, if one.
    pub fn line(&self) -> Option<usize> {
        match self {
            Self::BadLine(n) | Self::BadPath(n) | Self::Unsorted(n) | Self::Duplicate(n) => {
                Some(*n)
            }
            _ => None,
        }
    }
}

impl Localized for ManifestProblem {
    fn message(&self) -> Message {
        match self {
            Self::NotAManifest => Message::new(
                "this is not a MANIFEST of an evidence pack cocreate knows (its first line should be “%{header}”)",
            )
            .with("header", MANIFEST_HEADER),
            Self::NotUtf8 => Message::new("the MANIFEST is not UTF-8 text"),
            Self::BadLine(_) => Message::new(
                "this line is not “SHA-256  SIZE  PATH” (64 hexadecimal digits, two spaces, a number, two spaces, a path)",
            ),
            Self::BadPath(_) => Message::new(
                "this path is not a plain path inside the pack's folder",
            ),
            Self::Unsorted(_) => Message::new(
                "this line is out of order: cocreate sorts the lines by path, so the MANIFEST was edited",
            ),
            Self::Duplicate(_) => Message::new("this path is listed twice"),
            Self::NoTrailer => Message::new(
                "the last line, the SHA-256 of the lines above, is missing: the MANIFEST was cut or edited",
            ),
            Self::Changed => Message::new(
                "the MANIFEST was changed after it was written: its lines no longer have the SHA-256 its last line gives",
            ),
        }
    }
}

/// A path as a MANIFEST line writes it: `\` → `\\`, line feed → `\n`, carriage return → `\r`.
fn escape_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// The path a MANIFEST line wrote ([`escape_path`] undone); `None` for another escape.
fn unescape_path(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(match chars.next()? {
                '\\' => '\\',
                'n' => '\n',
                'r' => '\r',
                _ => return None,
            }),
            c => out.push(c),
        }
    }
    Some(out)
}

/// Whether a path of the pack (not a source) is plain: relative, `/` between non-empty
/// names that are not `.` or `..`, no `\`, no NUL, not the MANIFEST itself.
fn plain_path(path: &str) -> bool {
    path != MANIFEST
        && !path.contains(['\\', '\0'])
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && !path.contains(':')
}

impl Manifest {
    /// Its text: the two header lines, the entries sorted by path, and the SHA-256 of all
    /// that as the last line.
    pub fn to_text(&self) -> String {
        let mut entries: Vec<&Entry> = self.entries.iter().collect();
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        let mut out = format!("{MANIFEST_HEADER}\n{MANIFEST_HELP}\n");
        for e in entries {
            let _ = writeln!(out, "{}  {}  {}", e.sha256, e.size, escape_path(&e.path));
        }
        let trailer = Sha256::of(out.as_bytes());
        let _ = writeln!(out, "{MANIFEST_TRAILER}{trailer}");
        out
    }

    /// Reads a MANIFEST's bytes: the entries that read, and every problem found (a line
    /// that does not read is left out and said). Lines are numbered from 1.
    pub fn parse(bytes: &[u8]) -> (Self, Vec<ManifestProblem>) {
        let mut problems = Vec::new();
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => {
                problems.push(ManifestProblem::NotUtf8);
                String::from_utf8_lossy(bytes)
            }
        };
        let mut entries: Vec<Entry> = Vec::new();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut trailer_found = false;
        let mut offset = 0;
        let mut lines = text.split_inclusive('\n').enumerate().peekable();
        while let Some((i, raw)) = lines.next() {
            let number = i + 1;
            let start = offset;
            offset += raw.len();
            let line = raw.strip_suffix('\n').unwrap_or(raw);
            if number == 1 {
                if line != MANIFEST_HEADER {
                    problems.push(ManifestProblem::NotAManifest);
                }
                continue;
            }
            if let Some(hash) = line.strip_prefix(MANIFEST_TRAILER) {
                let last = lines.peek().is_none() && raw.ends_with('\n');
                if !last {
                    problems.push(ManifestProblem::BadLine(number));
                    continue;
                }
                trailer_found = true;
                if Sha256::parse(hash) != Some(Sha256::of(&text.as_bytes()[..start]))
                    || hash.bytes().any(|b| b.is_ascii_uppercase())
                {
                    problems.push(ManifestProblem::Changed);
                }
                continue;
            }
            if line.starts_with('#') {
                if number != 2 || line != MANIFEST_HELP {
                    problems.push(ManifestProblem::BadLine(number));
                }
                continue;
            }
            let Some(entry) = parse_line(line) else {
                problems.push(ManifestProblem::BadLine(number));
                continue;
            };
            let named_source = entry.is_source() && entry.path.len() > SOURCES.len();
            if !(named_source || plain_path(&entry.path)) {
                problems.push(ManifestProblem::BadPath(number));
                continue;
            }
            if !seen.insert(entry.path.clone()) {
                problems.push(ManifestProblem::Duplicate(number));
                continue;
            }
            if entries
                .last()
                .is_some_and(|before| before.path > entry.path)
            {
                problems.push(ManifestProblem::Unsorted(number));
            }
            entries.push(entry);
        }
        if !trailer_found {
            problems.push(ManifestProblem::NoTrailer);
        }
        (Self { entries }, problems)
    }
}

/// One file line: `SHA-256  SIZE  PATH`, the hash in lower case, the size in decimal digits
/// without a leading zero (but `0` itself).
fn parse_line(line: &str) -> Option<Entry> {
    let (hash, rest) = line.split_once("  ")?;
    let (size, path) = rest.split_once("  ")?;
    let plain_number = !size.is_empty()
        && size.bytes().all(|b| b.is_ascii_digit())
        && (size == "0" || !size.starts_with('0'));
    if hash.bytes().any(|b| b.is_ascii_uppercase()) || !plain_number || path.is_empty() {
        return None;
    }
    Some(Entry {
        sha256: Sha256::parse(hash)?,
        size: size.parse().ok()?,
        path: unescape_path(path)?,
    })
}

// ---------------------------------------------------------------------------------------
// Checking a pack.

/// Something found wrong in a pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The file it is about, relative to the pack's folder (`MANIFEST` for the MANIFEST).
    pub path: String,
    /// The MANIFEST's line it is about, if one.
    pub line: Option<usize>,
    /// What was found.
    pub what: FindingKind,
}

/// What was found wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindingKind {
    /// Its SHA-256 or its size is not the MANIFEST's.
    Modified,
    /// Listed, not there.
    Missing,
    /// There, not listed.
    Unlisted,
    /// Listed, and there, but not a regular file: what it is.
    NotAFile(Message),
    /// Could not be read: why.
    Unreadable(Message),
    /// Something wrong in the MANIFEST.
    Manifest(ManifestProblem),
    /// The MANIFEST's SHA-256 is not the fingerprint published with the pack.
    NotTheFingerprint {
        /// The MANIFEST's SHA-256.
        found: Sha256,
        /// The fingerprint published with the pack.
        expected: Sha256,
    },
}

impl Localized for FindingKind {
    fn message(&self) -> Message {
        match self {
            Self::Modified => {
                Message::new("modified: its SHA-256 or size is not the one in the MANIFEST")
            }
            Self::Missing => Message::new("missing: the MANIFEST lists it, the folder does not hold it"),
            Self::Unlisted => Message::new("added: the folder holds it, the MANIFEST does not list it"),
            Self::NotAFile(what) => Message::new("this is %{what}, not a file")
                .with_message("what", what.clone()),
            Self::Unreadable(why) => Message::new("could not be read: %{why}")
                .with_message("why", why.clone()),
            Self::Manifest(problem) => problem.message(),
            Self::NotTheFingerprint { found, expected } => Message::new(
                "the MANIFEST's SHA-256 is %{found}, not the fingerprint %{expected}: the MANIFEST is not the one published",
            )
            .with("found", found)
            .with("expected", expected),
        }
    }
}

/// The result of checking a pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// What was found wrong, the MANIFEST's problems first, then by path.
    pub findings: Vec<Finding>,
    /// Files of the pack that match the MANIFEST.
    pub matching: usize,
    /// The session files the pack says it was made from.
    pub sources: Vec<Entry>,
    /// The SHA-256 of the MANIFEST file.
    pub fingerprint: Sha256,
}

impl Verification {
    /// Whether nothing was found wrong.
    pub fn is_ok(&self) -> bool {
        self.findings.is_empty()
    }
}

/// Checks the pack in `folder` against its MANIFEST: every file listed must be there, a
/// regular file, with the SHA-256 and size listed; every file there must be listed; the
/// MANIFEST must read and hash to its last line — and to `fingerprint` when one is given.
/// Symbolic links are never followed. Fails only when the MANIFEST cannot be read at all.
pub fn verify(folder: &Path, fingerprint: Option<Sha256>) -> Result<Verification, PackError> {
    match std::fs::metadata(folder) {
        Ok(meta) if !meta.is_dir() => return Err(PackError::NotAFolder(folder.to_owned())),
        Ok(_) => {}
        Err(e) => return Err(PackError::io(folder)(e)),
    }
    let manifest_path = folder.join(MANIFEST);
    let bytes = crate::file::read_regular(&manifest_path, MAX_MANIFEST_BYTES).map_err(|e| {
        let kind = match e {
            ReadError::Io(e) => FileErrorKind::Io(e),
            ReadError::NotAFile(what) => FileErrorKind::NotAFile(what),
            ReadError::TooLarge(n) => FileErrorKind::TooLarge(n),
        };
        PackError::Read {
            path: manifest_path.clone(),
            kind,
        }
    })?;
    let found = Sha256::of(&bytes);
    let (manifest, problems) = Manifest::parse(&bytes);
    let mut findings: Vec<Finding> = problems
        .into_iter()
        .map(|p| Finding {
            path: MANIFEST.to_owned(),
            line: p.line(),
            what: FindingKind::Manifest(p),
        })
        .collect();
    if let Some(expected) = fingerprint
        && expected != found
    {
        findings.push(Finding {
            path: MANIFEST.to_owned(),
            line: None,
            what: FindingKind::NotTheFingerprint { found, expected },
        });
    }

    let mut by_file = Vec::new();
    let mut matching = 0;
    let mut listed = BTreeSet::new();
    let mut sources = Vec::new();
    for entry in manifest.entries {
        if entry.is_source() {
            sources.push(entry);
            continue;
        }
        listed.insert(entry.path.clone());
        let path = folder.join(&entry.path);
        let what = match hash_file(&path) {
            Ok((sha256, size)) if sha256 == entry.sha256 && size == entry.size => {
                matching += 1;
                continue;
            }
            Ok(_) => FindingKind::Modified,
            Err(HashProblem::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                FindingKind::Missing
            }
            Err(HashProblem::Io(e)) => FindingKind::Unreadable(crate::file::io_message(&e)),
            Err(HashProblem::NotAFile(what)) => FindingKind::NotAFile(what),
        };
        by_file.push(Finding {
            path: entry.path,
            line: None,
            what,
        });
    }
    match files_in(folder) {
        Ok(present) => {
            for path in present {
                if path != MANIFEST && !listed.contains(&path) {
                    by_file.push(Finding {
                        path,
                        line: None,
                        what: FindingKind::Unlisted,
                    });
                }
            }
        }
        Err((path, e)) => by_file.push(Finding {
            path: relative(folder, &path),
            line: None,
            what: FindingKind::Unreadable(crate::file::io_message(&e)),
        }),
    }
    by_file.sort_by(|a, b| a.path.cmp(&b.path));
    findings.extend(by_file);
    Ok(Verification {
        findings,
        matching,
        sources,
        fingerprint: found,
    })
}

/// Why a file could not be hashed.
enum HashProblem {
    Io(std::io::Error),
    NotAFile(Message),
}

/// What an entry that is not a regular file is, in words; `None` for a regular file.
fn not_a_file(file_type: std::fs::FileType) -> Option<Message> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_symlink() {
        return Some(Message::new("a symbolic link"));
    }
    if file_type.is_dir() {
        return Some(EntryKind::Folder.message());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return Some(EntryKind::Pipe.message());
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some(EntryKind::Device.message());
        }
        if file_type.is_socket() {
            return Some(EntryKind::Socket.message());
        }
    }
    Some(EntryKind::Other.message())
}

/// The SHA-256 and size of a regular file, read in pieces (memory stays small). A symbolic
/// link is not followed, and a FIFO or a device is refused before it is opened.
fn hash_file(path: &Path) -> Result<(Sha256, u64), HashProblem> {
    let meta = std::fs::symlink_metadata(path).map_err(HashProblem::Io)?;
    if let Some(what) = not_a_file(meta.file_type()) {
        return Err(HashProblem::NotAFile(what));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // If the path became a FIFO since: do not wait for a writer.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let mut file = options.open(path).map_err(HashProblem::Io)?;
    let meta = file.metadata().map_err(HashProblem::Io)?;
    if let Some(what) = not_a_file(meta.file_type()) {
        return Err(HashProblem::NotAFile(what));
    }
    let mut hasher = sha2::Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(HashProblem::Io(e)),
        };
        hasher.update(&buffer[..n]);
        size += n as u64;
    }
    Ok((Sha256(hasher.finalize().into()), size))
}

/// `path` relative to `folder`, `/` between names (lossy for names that are not UTF-8).
fn relative(folder: &Path, path: &Path) -> String {
    let rest = path.strip_prefix(folder).unwrap_or(path);
    rest.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every entry under `folder` that is not a folder holding something — files, links,
/// FIFOs, empty folders — relative to it, sorted. Links are not followed. Fails with the
/// folder that could not be read.
fn files_in(folder: &Path) -> Result<Vec<String>, (PathBuf, std::io::Error)> {
    let mut found = Vec::new();
    let mut stack = vec![folder.to_owned()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| (dir.clone(), e))?;
        let mut empty = true;
        for entry in entries {
            let entry = entry.map_err(|e| (dir.clone(), e))?;
            empty = false;
            let path = entry.path();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
                stack.push(path);
            } else {
                found.push(relative(folder, &path));
            }
        }
        if empty && dir != folder {
            found.push(relative(folder, &dir));
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, byte: u8, size: u64) -> Entry {
        Entry {
            sha256: Sha256([byte; 32]),
            size,
            path: path.to_owned(),
        }
    }

    fn sample() -> Manifest {
        Manifest {
            entries: vec![
                entry("workshops.md", 1, 120),
                entry("README.md", 2, 0),
                entry("sources/b\\c\nd.ron", 3, 40_210),
                entry("plan-grid.svg", 4, 7),
            ],
        }
    }

    #[test]
    fn sha256_of_known_text() {
        assert_eq!(
            Sha256::of(b"abc").to_string(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let h = Sha256::of(b"");
        assert_eq!(Sha256::parse(&h.to_string()), Some(h));
        assert_eq!(Sha256::parse(&h.to_string().to_uppercase()), Some(h));
        assert_eq!(Sha256::parse("abc"), None);
        assert_eq!(Sha256::parse(&"g".repeat(64)), None);
        assert_eq!(Sha256::parse(&"é".repeat(32)), None);
    }

    #[test]
    fn the_manifest_is_sorted_by_path_and_ends_with_its_own_hash() {
        let text = sample().to_text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], MANIFEST_HEADER);
        assert_eq!(lines[1], MANIFEST_HELP);
        assert_eq!(
            lines[2],
            format!("{}  0  README.md", "02".repeat(32)),
            "{text}"
        );
        assert_eq!(lines[3], format!("{}  7  plan-grid.svg", "04".repeat(32)));
        assert_eq!(
            lines[4],
            format!("{}  40210  sources/b\\\\c\\nd.ron", "03".repeat(32)),
            "a line break in a name stays on its line"
        );
        assert_eq!(lines[5], format!("{}  120  workshops.md", "01".repeat(32)));
        let body = &text[..text.len() - lines[6].len() - 1];
        assert_eq!(
            lines[6],
            format!("{MANIFEST_TRAILER}{}", Sha256::of(body.as_bytes()))
        );
        assert!(text.ends_with('\n'));
        assert_eq!(lines.len(), 7);
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let manifest = sample();
        let (read, problems) = Manifest::parse(manifest.to_text().as_bytes());
        assert_eq!(problems, []);
        let mut expected = manifest.entries.clone();
        expected.sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(read.entries, expected);
        assert!(read.entries[2].is_source());
        assert_eq!(read.entries[2].path, "sources/b\\c\nd.ron");
        assert_eq!(
            Manifest::parse(Manifest::default().to_text().as_bytes()),
            (Manifest::default(), vec![])
        );
    }

    /// Each change of one byte anywhere in a MANIFEST is a problem, or (in a hash, a size,
    /// a path) changes what it lists.
    #[test]
    fn every_one_byte_change_is_seen() {
        let manifest = sample();
        let text = manifest.to_text().into_bytes();
        let (clean, _) = Manifest::parse(&text);
        for i in 0..text.len() {
            for flip in [0x01u8, 0x20, 0x80] {
                let mut changed = text.clone();
                changed[i] ^= flip;
                let (read, problems) = Manifest::parse(&changed);
                assert!(
                    !problems.is_empty() || read != clean,
                    "byte {i} ^ {flip:#x} went unseen"
                );
                assert!(
                    !problems.is_empty(),
                    "byte {i} ^ {flip:#x}: the last line catches every change"
                );
            }
        }
    }

    #[test]
    fn lines_that_do_not_read_are_named() {
        let good = sample().to_text();
        let lines: Vec<&str> = good.lines().collect();
        // A line without its size, then the trailer recomputed so only the line is wrong.
        let with = |body: Vec<String>| {
            let mut text = body.join("\n");
            text.push('\n');
            let trailer = Sha256::of(text.as_bytes());
            format!("{text}{MANIFEST_TRAILER}{trailer}\n")
        };
        let mut body: Vec<String> = lines[..6].iter().map(|l| (*l).to_owned()).collect();
        body[3] = format!("{}  plan-grid.svg", "04".repeat(32));
        let (_, problems) = Manifest::parse(with(body.clone()).as_bytes());
        assert_eq!(problems, [ManifestProblem::BadLine(4)]);

        for (bad, problem) in [
            (
                format!("{}  7  ../etc/passwd", "04".repeat(32)),
                ManifestProblem::BadPath(4),
            ),
            (
                format!("{}  7  /etc/passwd", "04".repeat(32)),
                ManifestProblem::BadPath(4),
            ),
            (
                format!("{}  7  a//b", "04".repeat(32)),
                ManifestProblem::BadPath(4),
            ),
            (
                format!("{}  7  MANIFEST", "04".repeat(32)),
                ManifestProblem::BadPath(4),
            ),
            (
                format!("{}  7  sources/", "04".repeat(32)),
                ManifestProblem::BadPath(4),
            ),
            (
                format!("{}  07  plan-grid.svg", "04".repeat(32)),
                ManifestProblem::BadLine(4),
            ),
            (
                format!("{}  7  plan-grid.svg", "0A".repeat(32)),
                ManifestProblem::BadLine(4),
            ),
            (
                format!("{}  7  a\\tb", "04".repeat(32)),
                ManifestProblem::BadLine(4),
            ),
            (
                format!("{}  7  README.md", "04".repeat(32)),
                ManifestProblem::Duplicate(4),
            ),
            (
                format!("{}  7  zzz", "04".repeat(32)),
                ManifestProblem::Unsorted(5),
            ),
            ("# a comment".to_owned(), ManifestProblem::BadLine(4)),
        ] {
            body[3] = bad.clone();
            let (_, problems) = Manifest::parse(with(body.clone()).as_bytes());
            assert_eq!(problems, [problem], "{bad}");
        }

        // Cut before its last line; the last line twice; another first line.
        let cut = &good[..good.len() - lines[6].len() - 1];
        assert_eq!(
            Manifest::parse(cut.as_bytes()).1,
            [ManifestProblem::NoTrailer]
        );
        let twice = format!("{good}{}\n", lines[6]);
        assert!(
            Manifest::parse(twice.as_bytes())
                .1
                .contains(&ManifestProblem::BadLine(7))
        );
        assert_eq!(
            Manifest::parse(b"").1,
            [ManifestProblem::NoTrailer],
            "an empty file"
        );
        let other = good.replacen("format 1", "format 2", 1);
        assert!(
            Manifest::parse(other.as_bytes())
                .1
                .starts_with(&[ManifestProblem::NotAManifest])
        );
        let mut not_utf8 = good.clone().into_bytes();
        not_utf8[lines[0].len() + 5] = 0xff;
        assert!(
            Manifest::parse(&not_utf8)
                .1
                .contains(&ManifestProblem::NotUtf8)
        );
    }

    #[test]
    fn escapes_round_trip_and_unknown_ones_are_refused() {
        for path in ["a", "a\\b", "line\nbreak\r", "\\n", "é/ü", "\\"] {
            assert_eq!(unescape_path(&escape_path(path)).as_deref(), Some(path));
            assert!(!escape_path(path).contains(['\n', '\r']));
        }
        assert_eq!(unescape_path("a\\"), None);
        assert_eq!(unescape_path("a\\x"), None);
    }

    #[test]
    fn dates_are_calendar_dates() {
        assert_eq!(
            Date::parse("2016-08-16").map(|d| d.to_string()).as_deref(),
            Some("2016-08-16")
        );
        assert!(Date::parse("2024-02-29").is_some());
        for bad in [
            "2023-02-29",
            "2016-13-01",
            "2016-00-10",
            "2016-08-32",
            "0000-01-01",
            "16-08-16",
            "2016-8-16",
            "2016/08/16",
            "2016-08-16 ",
            "+016-08-16",
            "２０１６-08-16",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(17_029).to_string(), "2016-08-16");
        assert_eq!(Date::from_days(19_782).to_string(), "2024-02-29");
        assert_eq!(
            folder_name(Date::parse("2016-09-01").unwrap()),
            "cocreate-evidence-2016-09-01"
        );
        let today = Date::today().to_string();
        assert_eq!(Date::parse(&today).map(|d| d.to_string()), Some(today));
    }

    #[test]
    fn a_session_without_anything_still_makes_documents() {
        let session = Session::default();
        let options = Options {
            date: Date::parse("2020-01-02").unwrap(),
            include_contacts: false,
        };
        assert!(workshops_md(&session, false).contains("0 workshops"));
        assert!(timeline_md(&session).contains("No plan period is recorded."));
        assert!(readme_md(&session, &[], &options).contains("2020-01-02"));
        assert_eq!(
            commitments_csv(&session),
            "id,title,theme,votes,description,decidim_id\n"
        );
    }
}
