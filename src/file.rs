//! The session file: pretty RON with a `format_version`, read with size and depth limits,
//! checked for consistency, and saved atomically (temporary file, sync, rename).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{
    AMBITION_MAX, AMBITION_MIN, Conflict, ConflictKey, DESIRABILITY_MAX, DESIRABILITY_MIN,
    FORMAT_VERSION, Session, Source, Version,
};

/// Session files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Longest text accepted in a session (a spreadsheet cell's limit, as for CSV imports).
pub const MAX_TEXT_CHARS: usize = 32_767;

/// Deepest bracket nesting accepted; a session file needs fewer than ten levels.
pub const MAX_DEPTH: usize = 64;

/// Why a session file could not be read or written. Its `Display` names the file and, for
/// syntax errors, the `line:column`.
#[derive(Debug, thiserror::Error)]
#[error("{path}{}: {kind}", location.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default(), path = path.display())]
pub struct FileError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line and column of a syntax error.
    pub location: Option<(usize, usize)>,
    /// What went wrong.
    pub kind: FileErrorKind,
}

/// What went wrong with a session file.
#[derive(Debug, thiserror::Error)]
pub enum FileErrorKind {
    /// The operating system refused.
    Io(#[from] std::io::Error),
    /// Nothing in it.
    Empty,
    /// Over [`MAX_FILE_BYTES`].
    TooLarge(u64),
    /// Not UTF-8 text.
    NotUtf8(usize),
    /// Brackets nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Written by a newer cocreate.
    NewerVersion {
        /// The file's `format_version`.
        found: u32,
    },
    /// RON syntax or a field of the wrong type.
    Syntax(String),
    /// Well-formed, but its content contradicts itself.
    Invalid(String),
    /// Could not turn the session into text.
    Serialize(String),
}

impl std::fmt::Display for FileErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::i18n::{tr, trf};
        let text = match self {
            Self::Io(e) => io_message(e),
            Self::Empty => tr("the file is empty"),
            Self::TooLarge(n) => trf(
                "the file is %{n} bytes; session files are limited to 20 MiB",
                &[("n", n)],
            ),
            Self::NotUtf8(b) => trf(
                "the file is not UTF-8 text (byte %{b} is invalid)",
                &[("b", b)],
            ),
            Self::TooDeep => trf(
                "brackets are nested more than %{max} deep; this is not a session file",
                &[("max", &MAX_DEPTH)],
            ),
            Self::NewerVersion { found } => trf(
                "this file was written by a newer version of cocreate (format %{found}; this version reads up to %{max}); update cocreate to open it",
                &[("found", found), ("max", &FORMAT_VERSION)],
            ),
            Self::Syntax(text) | Self::Invalid(text) => text.clone(),
            Self::Serialize(e) => trf("could not write the session: %{e}", &[("e", e)]),
        };
        f.write_str(&text)
    }
}

/// What an operating-system error means for the user, in the window's language, with the
/// system's error number for whoever supports them (`(os error 28)`). The system's own text
/// is English whatever the language.
pub fn io_message(e: &std::io::Error) -> String {
    use crate::i18n::tr;
    use std::io::ErrorKind;
    let meaning = match e.kind() {
        ErrorKind::NotFound => tr("the file or its folder does not exist"),
        ErrorKind::PermissionDenied => {
            tr("permission denied: the file or its folder is read-only or belongs to someone else")
        }
        ErrorKind::ReadOnlyFilesystem => tr("the disk is read-only"),
        ErrorKind::StorageFull => tr("the disk is full"),
        ErrorKind::QuotaExceeded => tr("the disk quota is used up"),
        ErrorKind::FileTooLarge => tr("the file is larger than this disk allows"),
        ErrorKind::IsADirectory => tr("this is a folder, not a file"),
        ErrorKind::NotADirectory => tr("a part of the path is a file, not a folder"),
        _ => return e.to_string(),
    };
    match e.raw_os_error() {
        Some(code) => format!("{meaning} (os error {code})"),
        None => meaning,
    }
}

impl FileError {
    /// Names the file a parse error was found in.
    fn in_file(path: &Path) -> impl FnOnce(ParseError) -> Self + '_ {
        move |(location, kind)| Self {
            path: path.to_owned(),
            location,
            kind,
        }
    }

    fn new(path: &Path, kind: FileErrorKind) -> Self {
        Self {
            path: path.to_owned(),
            location: None,
            kind,
        }
    }
}

/// Reads and checks a session file.
pub fn load(path: &Path) -> Result<Session, FileError> {
    parse(&read_bounded(path)?).map_err(FileError::in_file(path))
}

/// Reads a session file for the window: like [`load`], but a file from a newer version
/// whose content this version still understands is returned with `true` — to be opened
/// read-only, never overwritten. Newer files this version cannot read stay an error.
pub fn load_for_window(path: &Path) -> Result<(Session, bool), FileError> {
    parse_allowing_newer(&read_bounded(path)?).map_err(FileError::in_file(path))
}

/// A file's bytes, refused before reading when over [`MAX_FILE_BYTES`].
fn read_bounded(path: &Path) -> Result<Vec<u8>, FileError> {
    let err = |kind| FileError::new(path, kind);
    let file = std::fs::File::open(path).map_err(|e| err(e.into()))?;
    let len = file.metadata().map_err(|e| err(e.into()))?.len();
    if len > MAX_FILE_BYTES {
        return Err(err(FileErrorKind::TooLarge(len)));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // `take` bounds memory even if the file grows while it is read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| err(e.into()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(err(FileErrorKind::TooLarge(bytes.len() as u64)));
    }
    Ok(bytes)
}

/// Why bytes are not a session: the place (`line`, `column`) when known, and the reason.
pub type ParseError = (Option<(usize, usize)>, FileErrorKind);

/// Parses and checks the bytes of a session file. The error carries a `line:column` for
/// syntax errors.
pub fn parse(bytes: &[u8]) -> Result<Session, ParseError> {
    match parse_allowing_newer(bytes)? {
        (session, false) => Ok(session),
        (session, true) => Err((
            None,
            FileErrorKind::NewerVersion {
                found: session.format_version,
            },
        )),
    }
}

/// Like [`parse`], but a file from a newer version that this version reads in full and
/// finds valid comes back marked `true` instead of refused.
fn parse_allowing_newer(bytes: &[u8]) -> Result<(Session, bool), ParseError> {
    let text =
        std::str::from_utf8(bytes).map_err(|e| (None, FileErrorKind::NotUtf8(e.valid_up_to())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err((None, FileErrorKind::Empty));
    }
    if let Some(location) = too_deep(text) {
        return Err((Some(location), FileErrorKind::TooDeep));
    }
    let options = ron::Options::default().with_recursion_limit(MAX_DEPTH);
    let syntax = |e: ron::error::SpannedError| {
        (
            Some((e.span.start.line, e.span.start.col)),
            FileErrorKind::Syntax(e.code.to_string()),
        )
    };

    let not_ours = || {
        (
            None,
            FileErrorKind::Invalid(crate::i18n::tr(
                "no `format_version` field: this is not a cocreate session file",
            )),
        )
    };
    let session: Session = match options.from_str(text) {
        Ok(session) => session,
        Err(e) => {
            // A newer file may use fields or variants this version does not know: refuse
            // it as newer rather than as broken. (Read only on failure: one parse otherwise.)
            #[derive(Deserialize)]
            struct VersionProbe {
                #[serde(default)]
                format_version: u32,
            }
            return Err(match options.from_str::<VersionProbe>(text) {
                Ok(p) if p.format_version > FORMAT_VERSION => (
                    None,
                    FileErrorKind::NewerVersion {
                        found: p.format_version,
                    },
                ),
                _ => syntax(e),
            });
        }
    };
    match session.format_version {
        0 => Err(not_ours()),
        found if found > FORMAT_VERSION => match validate(&session) {
            Ok(()) => Ok((session, true)),
            Err(_) => Err((None, FileErrorKind::NewerVersion { found })),
        },
        _ => {
            validate(&session).map_err(|m| (None, FileErrorKind::Invalid(m)))?;
            Ok((session, false))
        }
    }
}

/// The position of the first bracket nested deeper than [`MAX_DEPTH`], ignoring strings
/// and comments. Checked before parsing so hostile nesting costs one linear scan.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    /// Where the scan is: in code, in a string, in a raw string closed by `"` and this many
    /// `#`, or in a comment.
    enum Mode {
        Code,
        Str,
        Raw(usize),
        LineComment,
        BlockComment,
    }
    // Every character that matters here is ASCII, so the scan goes byte by byte (no copy of
    // the text); columns count characters, so UTF-8 continuation bytes are not counted.
    let chars = text.as_bytes();
    let (mut depth, mut line, mut col) = (0usize, 1usize, 0usize);
    let mut mode = Mode::Code;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c & 0xC0 != 0x80 {
            col += 1;
        }
        if c == b'\n' {
            line += 1;
            col = 0;
        }
        match mode {
            Mode::Str => match c {
                b'\\' => i += 1, // the escaped character cannot end the string
                b'"' => mode = Mode::Code,
                _ => {}
            },
            Mode::Raw(hashes) => {
                if c == b'"'
                    && chars[i + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|h| **h == b'#')
                        .count()
                        == hashes
                {
                    i += hashes;
                    mode = Mode::Code;
                }
            }
            Mode::LineComment => {
                if c == b'\n' {
                    mode = Mode::Code;
                }
            }
            Mode::BlockComment => {
                if c == b'*' && next == Some(b'/') {
                    i += 1;
                    mode = Mode::Code;
                }
            }
            Mode::Code => match c {
                b'"' => mode = Mode::Str,
                // A raw string: r"…", r#"…"#, r##"…"##, …
                b'r' if matches!(next, Some(b'"' | b'#')) => {
                    let hashes = chars[i + 1..].iter().take_while(|h| **h == b'#').count();
                    if chars.get(i + 1 + hashes) == Some(&b'"') {
                        i += 1 + hashes;
                        mode = Mode::Raw(hashes);
                    }
                }
                b'/' if next == Some(b'/') => mode = Mode::LineComment,
                b'/' if next == Some(b'*') => {
                    i += 1;
                    mode = Mode::BlockComment;
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some((line, col));
                    }
                }
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        i += 1;
    }
    None
}

/// Checks what the type system cannot: values on the grid, references between parts.
pub fn validate(session: &Session) -> Result<(), String> {
    use crate::i18n::trf;
    let too_long = session
        .commitments
        .iter()
        .flat_map(|c| [&c.id, &c.title, &c.theme, &c.description])
        .chain(session.workshops.iter().flat_map(|w| {
            [&w.id, &w.name, &w.location, &w.facilitator]
                .into_iter()
                .chain(w.groups.iter().map(|g| &g.name))
                .chain(w.placements.iter().map(|p| &p.note))
                .chain(w.refinements.iter().flat_map(|r| {
                    [
                        &r.lead,
                        &r.problem,
                        &r.objective,
                        &r.description,
                        &r.relevance,
                        &r.ambition,
                    ]
                }))
        }))
        .any(|text| text.chars().count() > MAX_TEXT_CHARS);
    if too_long {
        return Err(trf(
            "a text is longer than %{max} characters; this is not a session file",
            &[("max", &MAX_TEXT_CHARS)],
        ));
    }
    let mut ids = std::collections::HashSet::new();
    for c in &session.commitments {
        if c.id.trim().is_empty() {
            return Err(trf(
                "commitment \"%{0}\" has an empty id",
                &[("0", &c.title)],
            ));
        }
        if !ids.insert(c.id.as_str()) {
            return Err(trf("commitment id \"%{0}\" appears twice", &[("0", &c.id)]));
        }
    }
    let mut workshop_ids = std::collections::HashSet::new();
    for w in &session.workshops {
        let at = trf("workshop \"%{0}\" (%{1})", &[("0", &w.name), ("1", &w.id)]);
        if w.id.trim().is_empty() {
            return Err(trf("workshop \"%{0}\" has an empty id", &[("0", &w.name)]));
        }
        if !workshop_ids.insert(w.id.as_str()) {
            return Err(trf("%{at} appears twice", &[("at", &at)]));
        }
        let mut group_ids = std::collections::HashSet::new();
        for g in &w.groups {
            if !group_ids.insert(g.id) {
                return Err(trf(
                    "%{at}: group id %{0} appears twice",
                    &[("at", &at), ("0", &g.id)],
                ));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for p in &w.placements {
            if !group_ids.contains(&p.group) {
                return Err(trf(
                    "%{at}: a placement refers to group %{0}, which is not in the workshop",
                    &[("at", &at), ("0", &p.group)],
                ));
            }
            if !ids.contains(p.commitment.as_str()) {
                return Err(trf(
                    "%{at}: a placement refers to commitment \"%{0}\", which is not in the file",
                    &[("at", &at), ("0", &p.commitment)],
                ));
            }
            if !seen.insert((p.group, p.commitment.as_str())) {
                return Err(trf(
                    "%{at}: group %{0} placed commitment \"%{1}\" twice",
                    &[("at", &at), ("0", &p.group), ("1", &p.commitment)],
                ));
            }
            if !(DESIRABILITY_MIN..=DESIRABILITY_MAX).contains(&p.desirability) {
                return Err(trf(
                    "%{at}: commitment \"%{0}\" has desirability %{1}, outside 0–10",
                    &[("at", &at), ("0", &p.commitment), ("1", &p.desirability)],
                ));
            }
            if !(AMBITION_MIN..=AMBITION_MAX).contains(&p.ambition) {
                return Err(trf(
                    "%{at}: commitment \"%{0}\" has ambition %{1}, outside 0–3",
                    &[("at", &at), ("0", &p.commitment), ("1", &p.ambition)],
                ));
            }
        }
        let referenced = w
            .selection
            .iter()
            .chain(w.refinements.iter().map(|r| &r.commitment))
            .chain(w.sign_ups.iter().map(|s| &s.commitment));
        for id in referenced {
            if !ids.contains(id.as_str()) {
                return Err(trf(
                    "%{at} refers to commitment \"%{id}\", which is not in the file",
                    &[("at", &at), ("id", &id)],
                ));
            }
        }
    }
    for (n, conflict) in session.conflicts.iter().enumerate() {
        validate_conflict(conflict, &ids, &workshop_ids).map_err(|e| {
            trf(
                "conflict %{n} (%{key}): %{e}",
                &[
                    ("n", &(n + 1)),
                    ("key", &key_text(&conflict.key)),
                    ("e", &e),
                ],
            )
        })?;
    }
    Ok(())
}

/// A conflict's key as written in the file, for messages.
fn key_text(key: &ConflictKey) -> String {
    ron::to_string(key).unwrap_or_default()
}

/// What the merge assumes of a conflict: the key refers to what is in the file, at least one
/// version, every version of the key's own kind and about the same thing, values the
/// session itself would accept, resolutions among the versions, one set of sources per
/// version (when recorded), and file names that are not paths.
fn validate_conflict(
    conflict: &Conflict,
    commitments: &std::collections::HashSet<&str>,
    workshops: &std::collections::HashSet<&str>,
) -> Result<(), String> {
    use crate::i18n::{tr, trf};
    let commitment = |id: &str| {
        if commitments.contains(id) {
            Ok(())
        } else {
            Err(trf(
                "it refers to commitment \"%{0}\", which is not in the file",
                &[("0", &id)],
            ))
        }
    };
    let workshop = |id: &str| {
        if workshops.contains(id) {
            Ok(())
        } else {
            Err(trf(
                "it refers to workshop \"%{0}\", which is not in the file",
                &[("0", &id)],
            ))
        }
    };
    match &conflict.key {
        ConflictKey::Commitment(id) => commitment(id)?,
        ConflictKey::WorkshopDetails(w) | ConflictKey::Group { workshop: w, .. } => workshop(w)?,
        ConflictKey::Placement {
            workshop: w,
            commitment: c,
            ..
        }
        | ConflictKey::Refinement {
            workshop: w,
            commitment: c,
        } => {
            workshop(w)?;
            commitment(c)?;
        }
    }
    if conflict.versions.is_empty() {
        return Err(tr("it has no version"));
    }
    for version in conflict.versions.iter().chain(&conflict.resolutions) {
        validate_version(&conflict.key, version)?;
    }
    if conflict
        .resolutions
        .iter()
        .any(|r| !conflict.versions.contains(r))
    {
        return Err(tr("a resolution is not one of its versions"));
    }
    if !conflict.sources.is_empty() && conflict.sources.len() != conflict.versions.len() {
        return Err(trf(
            "it has %{0} versions but sources for %{1}",
            &[
                ("0", &conflict.versions.len()),
                ("1", &conflict.sources.len()),
            ],
        ));
    }
    for source in conflict.sources.iter().flatten() {
        if let Source::File { file, .. } = source {
            let bytes = file.as_bytes();
            let path_like = file.is_empty()
                || bytes[0] == b'/'
                || bytes[0] == b'\\'
                || (bytes.len() > 1 && bytes[1] == b':')
                || file.split(['/', '\\']).any(|part| part == "..");
            if path_like {
                return Err(trf(
                    "a source's file name \"%{0}\" is empty or a path",
                    &[("0", &file)],
                ));
            }
        }
    }
    Ok(())
}

/// One version of a conflict: of the key's kind, about the key's thing, and as the
/// session's own checks would accept it in its place.
fn validate_version(key: &ConflictKey, version: &Version) -> Result<(), String> {
    use crate::i18n::{tr, trf};
    let texts: Vec<&String> = match (key, version) {
        (ConflictKey::Commitment(id), Version::Commitment(c)) if &c.id == id => {
            vec![&c.id, &c.title, &c.theme, &c.description]
        }
        (ConflictKey::WorkshopDetails(_), Version::WorkshopDetails(d)) => {
            vec![&d.name, &d.location, &d.facilitator]
        }
        (ConflictKey::Group { group, .. }, Version::Group(g)) if g.id == *group => vec![&g.name],
        (
            ConflictKey::Placement {
                group, commitment, ..
            },
            Version::Placement(p),
        ) if p.group == *group && &p.commitment == commitment => {
            if !(DESIRABILITY_MIN..=DESIRABILITY_MAX).contains(&p.desirability) {
                return Err(trf(
                    "a version has desirability %{0}, outside 0–10",
                    &[("0", &p.desirability)],
                ));
            }
            if !(AMBITION_MIN..=AMBITION_MAX).contains(&p.ambition) {
                return Err(trf(
                    "a version has ambition %{0}, outside 0–3",
                    &[("0", &p.ambition)],
                ));
            }
            vec![&p.note]
        }
        (ConflictKey::Refinement { commitment, .. }, Version::Refinement(r))
            if &r.commitment == commitment =>
        {
            vec![
                &r.lead,
                &r.problem,
                &r.objective,
                &r.description,
                &r.relevance,
                &r.ambition,
            ]
        }
        _ => return Err(tr("a version is not of what the conflict is about")),
    };
    if texts.iter().any(|t| t.chars().count() > MAX_TEXT_CHARS) {
        return Err(trf(
            "a text is longer than %{max} characters; this is not a session file",
            &[("max", &MAX_TEXT_CHARS)],
        ));
    }
    Ok(())
}

/// The session as pretty RON, as it is saved.
pub fn to_ron(session: &Session) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .escape_strings(false)
        .indentor("    ".to_owned());
    let mut text = ron::ser::to_string_pretty(session, config)?;
    text.push('\n');
    Ok(text)
}

/// Saves atomically: writes a temporary file in the same folder, syncs it, and renames it
/// over `path`. A crash leaves either the old file or the new one, never a mix.
pub fn save(session: &Session, path: &Path) -> Result<(), FileError> {
    let err = |kind| FileError::new(path, kind);
    let mut session = session.clone();
    session.format_version = FORMAT_VERSION;
    let text = to_ron(&session).map_err(|e| err(FileErrorKind::Serialize(e.to_string())))?;
    // Keep the previous version beside the file (`NAME.ron.bak`).
    if path.is_file() {
        let mut bak = path.as_os_str().to_owned();
        bak.push(".bak");
        // A hard link costs nothing and is never half-written; the rename below gives `path`
        // a new file, so the link keeps the old content. Copy where links are not possible.
        let _gone = std::fs::remove_file(&bak);
        if std::fs::hard_link(path, &bak).is_err() {
            std::fs::copy(path, &bak).map_err(|e| err(e.into()))?;
        }
    }
    write_atomically(path, text.as_bytes()).map_err(|e| err(e.into()))
}

/// Removes temporary files (`.NAME.PID.tmp`) left by saves that were killed mid-way: their
/// process is gone, so they will never be renamed.
fn remove_stale_temporaries(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    // Whether this system tells which processes run (Linux's /proc): asked once.
    let proc = Path::new("/proc/self").exists();
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(name) = file_name.to_str() else {
            continue;
        };
        let Some(pid) = name
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let running = proc.then(|| Path::new(&format!("/proc/{pid}")).exists());
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok());
        if is_stale(pid, running, age) {
            let _gone = std::fs::remove_file(entry.path()); // best effort: a leftover costs only disk
        }
    }
}

/// A temporary file untouched this long is a leftover on systems without `/proc`: a save
/// writes its temporary file within seconds.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Whether another save's temporary file is a leftover. `running`: whether process `pid`
/// exists, where the system can tell (`/proc`, on Linux); elsewhere the file's `age`
/// decides, so a save in progress in another window is never removed under it.
fn is_stale(pid: u32, running: Option<bool>, age: Option<std::time::Duration>) -> bool {
    if pid == std::process::id() {
        return false;
    }
    match running {
        Some(running) => !running,
        None => age.is_some_and(|age| age > STALE_AFTER),
    }
}

/// Where saving `path` writes first: `.NAME.` then this process's id then `.tmp`, in
/// the same folder (so the rename stays on one file system). Returns the folder, the
/// `.NAME.` prefix shared by every process's temporaries, and this process's file.
fn temporary(path: &Path) -> std::io::Result<(PathBuf, String, PathBuf)> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "no file name"))?;
    let prefix = format!(".{}.", name.to_string_lossy());
    let tmp = dir.join(format!("{prefix}{}.tmp", std::process::id()));
    Ok((dir, prefix, tmp))
}

/// The temporary file this process writes before renaming it over `path` (tests use it
/// to make a save fail).
pub fn temporary_path(path: &Path) -> std::io::Result<PathBuf> {
    temporary(path).map(|(_, _, tmp)| tmp)
}

/// Writes bytes to `path` through a synced temporary file and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let (dir, prefix, tmp) = temporary(path)?;
    remove_stale_temporaries(&dir, &prefix);
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)?;
        // Make the rename itself durable.
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ignored = d.sync_all(); // not supported on every file system; the data is already synced
        }
        Ok(())
    })();
    if result.is_err() {
        let _ignored = std::fs::remove_file(&tmp); // best effort: the error that matters is returned
    }
    result
}

#[cfg(test)]
mod tests {
    use super::{MAX_DEPTH, STALE_AFTER, io_message, is_stale, too_deep};
    use std::time::Duration;

    #[test]
    fn system_errors_are_said_plainly_with_their_number() {
        let full = std::io::Error::from_raw_os_error(28); // ENOSPC on Linux
        if full.kind() == std::io::ErrorKind::StorageFull {
            assert_eq!(io_message(&full), "the disk is full (os error 28)");
        }
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(io_message(&denied).starts_with("permission denied"));
        let other = std::io::Error::other("something else");
        assert_eq!(io_message(&other), "something else");
    }

    #[test]
    fn a_temporary_file_is_stale_when_its_process_is_gone_or_else_when_it_is_old() {
        let me = std::process::id();
        let other = me.wrapping_add(1);
        let old = Some(STALE_AFTER + Duration::from_secs(1));
        let fresh = Some(Duration::from_secs(2));
        assert!(!is_stale(me, Some(false), old), "never this process's own");
        assert!(is_stale(other, Some(false), fresh));
        assert!(!is_stale(other, Some(true), old));
        // Without /proc: only by age.
        assert!(!is_stale(other, None, fresh));
        assert!(is_stale(other, None, old));
        assert!(!is_stale(other, None, None));
    }

    #[test]
    fn nesting_is_found_where_it_goes_too_deep_in_characters_not_bytes() {
        // 16 characters (18 bytes) before the brackets; the `(` is the first level.
        let text = format!("(title: \"é\", x: {}", "[".repeat(MAX_DEPTH));
        assert_eq!(too_deep(&text), Some((1, 16 + MAX_DEPTH)));
        assert_eq!(
            too_deep(&format!("\n\n{}", "{".repeat(MAX_DEPTH + 1))),
            Some((3, MAX_DEPTH + 1))
        );
        assert_eq!(too_deep(&"[".repeat(MAX_DEPTH)), None);
    }

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        let many = "[".repeat(MAX_DEPTH + 1);
        for text in [
            format!("(a: \"{many}\")"),
            format!("(a: \"\\\"{many}\")"),
            format!("(a: r#\"{many}\"#)"),
            format!("// {many}\n()"),
            format!("/* {many} */ ()"),
            format!("(a: \"é{many}ü\")"),
        ] {
            assert_eq!(too_deep(&text), None, "{text}");
        }
    }
}
