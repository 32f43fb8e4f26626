//! The session file: pretty RON with a `format_version`, read with size and depth limits,
//! checked for consistency, and saved atomically (temporary file, sync, rename).
//!
//! Version 3 (this build's [`FORMAT_VERSION`]) nests each workshop's details under
//! `details:` and holds the ambition scale, the template, the criteria and the responses.
//! A file of version 2 is that layout without version 3's fields, which take their
//! defaults; a file of version 1 (the details were fields of the workshop) is read in its
//! own layout (the private `v1` module). Both are upgraded: the session in memory is of the
//! current version, and is saved as one ([`load_with_version`] tells which version the file
//! had).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{
    AMBITION_MIN, Conflict, ConflictKey, DESIRABILITY_MAX, DESIRABILITY_MIN, FORMAT_VERSION,
    Session, Source, Version,
};
use crate::text::{Localized, Message};

/// Session files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Longest text accepted in a session (a spreadsheet cell's limit, as for CSV imports).
pub const MAX_TEXT_CHARS: usize = 32_767;

/// Deepest bracket nesting accepted; a session file needs fewer than ten levels.
pub const MAX_DEPTH: usize = 64;

/// Why a session file could not be read or written. Its `Display` names the file and, for
/// syntax errors, the `line:column`, in English; [`Localized::message`] gives the message to
/// translate.
#[derive(Debug)]
pub struct FileError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line and column of a syntax error.
    pub location: Option<(usize, usize)>,
    /// What went wrong.
    pub kind: FileErrorKind,
}

impl Localized for FileError {
    /// `FILE:LINE:COLUMN: what happened` (French puts a no-break space before the colon).
    fn message(&self) -> Message {
        let place = match self.location {
            Some((line, col)) => format!("{}:{line}:{col}", self.path.display()),
            None => self.path.display().to_string(),
        };
        Message::new("%{place}: %{reason}")
            .with("place", place)
            .with_message("reason", self.kind.message())
    }
}

impl std::fmt::Display for FileError {
    /// The message in English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for FileError {}

/// What went wrong with a session file.
#[derive(Debug, thiserror::Error)]
pub enum FileErrorKind {
    /// The operating system refused.
    Io(#[from] std::io::Error),
    /// Nothing in it.
    Empty,
    /// A folder, a pipe, a device or a socket: what it is (see [`read_regular`]).
    NotAFile(EntryKind),
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
    /// RON syntax or a field of the wrong type, said in plain words. (Boxed, as is
    /// `Invalid`: they carry texts from the file, and every error should stay small.)
    Syntax(Box<SyntaxError>),
    /// Well-formed, but its content contradicts itself (or it is not a session at all).
    Invalid(Box<ValidationError>),
    /// Could not turn the session into text: the RON writer's own words.
    Serialize(String),
    /// Not written: the file would be refused when read back, for this reason.
    WouldBeRefused(Box<FileErrorKind>),
}

impl Localized for FileErrorKind {
    fn message(&self) -> Message {
        match self {
            Self::Io(e) => io_message(e),
            Self::Empty => Message::new("the file is empty"),
            Self::NotAFile(what) => Message::new(
                "this is %{what}, not a file; cocreate reads only regular files (save it to a file first)",
            )
            .with_message("what", what.message()),
            Self::TooLarge(n) => {
                Message::new("the file is %{n} bytes; session files are limited to 20 MiB")
                    .with("n", n)
            }
            Self::NotUtf8(b) => {
                Message::new("the file is not UTF-8 text (byte %{b} is invalid)").with("b", b)
            }
            Self::TooDeep => Message::new(
                "brackets are nested more than %{max} deep; this is not a session file",
            )
            .with("max", MAX_DEPTH),
            Self::NewerVersion { found } => Message::new(
                "this file was written by a newer version of cocreate (format %{found}; this version reads up to %{max}); update cocreate to open it",
            )
            .with("found", found)
            .with("max", FORMAT_VERSION),
            Self::Syntax(e) => e.message(),
            Self::Invalid(e) => e.message(),
            Self::Serialize(e) => {
                Message::new("could not write the session: %{e}").with("e", e)
            }
            Self::WouldBeRefused(why) => match **why {
                Self::TooLarge(n) => Message::new(
                    "nothing was written: the session would be %{n} bytes, and session files are limited to 20 MiB (cocreate could not read it back)",
                )
                .with("n", n),
                _ => Message::new(
                    "nothing was written, because cocreate would refuse to read the file: %{why}",
                )
                .with_message("why", why.message()),
            },
        }
    }
}

impl std::fmt::Display for FileErrorKind {
    /// The message in English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

/// What an operating-system error means for the user, with the system's error number for
/// whoever supports them (`(os error 28)`). The system's own text, for errors without a
/// plainer meaning, is English whatever the language.
pub fn io_message(e: &std::io::Error) -> Message {
    use std::io::ErrorKind;
    if e.raw_os_error().is_none()
        && let Some(inner) = e.get_ref()
    {
        // cocreate's own words (a read-only file, say).
        return match inner.downcast_ref::<Refusal>() {
            Some(refusal) => refusal.message(),
            None => Message::verbatim(e.to_string()),
        };
    }
    let meaning = match e.kind() {
        ErrorKind::NotFound => Message::new("the file or its folder does not exist"),
        ErrorKind::PermissionDenied => Message::new(
            "permission denied: the file or its folder is read-only or belongs to someone else",
        ),
        ErrorKind::ReadOnlyFilesystem => Message::new("the disk is read-only"),
        ErrorKind::StorageFull => Message::new("the disk is full"),
        ErrorKind::QuotaExceeded => Message::new("the disk quota is used up"),
        ErrorKind::FileTooLarge => Message::new("the file is larger than this disk allows"),
        ErrorKind::IsADirectory => Message::new("this is a folder, not a file"),
        ErrorKind::NotADirectory => Message::new("a part of the path is a file, not a folder"),
        _ => return Message::verbatim(e.to_string()),
    };
    match e.raw_os_error() {
        Some(code) => Message::new("%{meaning} (os error %{code})")
            .with_message("meaning", meaning)
            .with("code", code),
        None => meaning,
    }
}

impl Localized for std::io::Error {
    /// See [`io_message`].
    fn message(&self) -> Message {
        io_message(self)
    }
}

/// What a save refuses to write over, before writing anything: carried by the
/// `std::io::Error` it returns, and said by [`io_message`].
#[derive(Debug, thiserror::Error)]
enum Refusal {
    /// Its mode has no write permission.
    ReadOnly {
        /// The file's name.
        file: String,
    },
    /// A device or a pipe where a file was expected.
    NotRegular,
}

impl Localized for Refusal {
    fn message(&self) -> Message {
        match self {
            Self::ReadOnly { file } => Message::new(
                "%{file} is read-only (its permissions allow no writing): nothing was written",
            )
            .with("file", file),
            Self::NotRegular => Message::new(
                "this is not a regular file (a device or a pipe): only files are written",
            ),
        }
    }
}

impl std::fmt::Display for Refusal {
    /// The message in English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
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

/// Reads and checks a session file. A file of an older format version comes back upgraded
/// (it is saved as [`FORMAT_VERSION`]); a newer one is refused.
pub fn load(path: &Path) -> Result<Session, FileError> {
    parse(&read_bounded(path)?).map_err(FileError::in_file(path))
}

/// Like [`load`], with the file's own format version: [`FORMAT_VERSION`], or an older one
/// (1) whose session was upgraded on reading and is saved as [`FORMAT_VERSION`].
pub fn load_with_version(path: &Path) -> Result<(Session, u32), FileError> {
    parse_with_version(&read_bounded(path)?).map_err(FileError::in_file(path))
}

/// Reads a session file for the window: like [`load`], but a file from a newer version
/// whose content this version still understands is returned with `true` — to be opened
/// read-only, never overwritten. Newer files this version cannot read stay an error.
pub fn load_for_window(path: &Path) -> Result<(Session, bool), FileError> {
    parse_any_version(&read_bounded(path)?)
        .map(|(session, found)| (session, found > FORMAT_VERSION))
        .map_err(FileError::in_file(path))
}

/// A file's bytes, refused before reading when over [`MAX_FILE_BYTES`], or when it is not
/// a regular file.
fn read_bounded(path: &Path) -> Result<Vec<u8>, FileError> {
    read_regular(path, MAX_FILE_BYTES).map_err(|e| {
        FileError::new(
            path,
            match e {
                ReadError::Io(e) => FileErrorKind::Io(e),
                ReadError::NotAFile(what) => FileErrorKind::NotAFile(what),
                ReadError::TooLarge(n) => FileErrorKind::TooLarge(n),
            },
        )
    })
}

/// Why [`read_regular`] read nothing.
#[derive(Debug)]
pub enum ReadError {
    /// The operating system refused.
    Io(std::io::Error),
    /// A folder, a pipe (FIFO), a device or a socket: what it is.
    NotAFile(EntryKind),
    /// Over the limit: the size found (or the limit + 1 when it grew while read).
    TooLarge(u64),
}

/// What a file system entry that is not a regular file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A folder.
    Folder,
    /// A pipe (FIFO).
    Pipe,
    /// A character or block device.
    Device,
    /// A socket.
    Socket,
    /// Anything else that is not a regular file.
    Other,
}

impl Localized for EntryKind {
    /// What it is, in words: "a folder".
    fn message(&self) -> Message {
        match self {
            Self::Folder => Message::new("a folder"),
            Self::Pipe => Message::new("a pipe (FIFO)"),
            Self::Device => Message::new("a device"),
            Self::Socket => Message::new("a socket"),
            Self::Other => Message::new("not a regular file"),
        }
    }
}

/// What a file system entry that is not a regular file is (`None` for a regular file).
fn kind_of(file_type: std::fs::FileType) -> Option<EntryKind> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some(EntryKind::Folder);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return Some(EntryKind::Pipe);
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some(EntryKind::Device);
        }
        if file_type.is_socket() {
            return Some(EntryKind::Socket);
        }
    }
    Some(EntryKind::Other)
}

/// The bytes of a regular file of at most `max` bytes. Anything else is refused at once,
/// before it is read: a FIFO (which would block for ever), a device such as `/dev/zero` or
/// `/dev/urandom` (endless), a pipe, a folder. The file is opened without blocking and
/// checked again once open, and read through a `take` of `max + 1` bytes, so memory stays
/// bounded even if the file is swapped or grows while it is read.
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    // `metadata` follows symbolic links and opens nothing: a FIFO is refused before an
    // `open` could wait for a writer.
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if let Some(what) = kind_of(meta.file_type()) {
        return Err(ReadError::NotAFile(what));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // If the path became a FIFO since: do not wait for a writer.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if let Some(what) = kind_of(meta.file_type()) {
        return Err(ReadError::NotAFile(what));
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take` bounds memory even if the file grows while it is read.
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Why bytes are not a session: the place (`line`, `column`) when known, and the reason.
pub type ParseError = (Option<(usize, usize)>, FileErrorKind);

/// Parses and checks the bytes of a session file. The error carries a `line:column` for
/// syntax errors. An older format version is upgraded; a newer one is refused.
pub fn parse(bytes: &[u8]) -> Result<Session, ParseError> {
    parse_with_version(bytes).map(|(session, _)| session)
}

/// Like [`parse`], with the file's own format version (see [`load_with_version`]).
fn parse_with_version(bytes: &[u8]) -> Result<(Session, u32), ParseError> {
    match parse_any_version(bytes)? {
        (_, found) if found > FORMAT_VERSION => Err((None, FileErrorKind::NewerVersion { found })),
        read => Ok(read),
    }
}

/// Parses and checks the bytes of a session file of any format version, and gives the
/// file's version with the session: an older one upgraded, a newer one that this version
/// reads in full and finds valid as it is (to be opened read-only; its session keeps the
/// newer `format_version`).
fn parse_any_version(bytes: &[u8]) -> Result<(Session, u32), ParseError> {
    let text = std::str::from_utf8(bytes).map_err(|e| match e.error_len() {
        // The last character is cut in the middle: the file was cut short.
        None => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            (
                Some(end_of(valid)),
                FileErrorKind::Syntax(Box::new(SyntaxError::EndsEarly)),
            )
        }
        Some(_) => (None, FileErrorKind::NotUtf8(e.valid_up_to())),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err((None, FileErrorKind::Empty));
    }
    if let Some(location) = too_deep(text) {
        return Err((Some(location), FileErrorKind::TooDeep));
    }
    let not_ours = || {
        (
            None,
            FileErrorKind::Invalid(Box::new(ValidationError::NoFormatVersion)),
        )
    };
    let (mut session, version) = read_any_version(text)?;
    // Ids that look the same are the same id (see `model::canonical_id`); ids that still
    // differ only in case are refused by `validate` as ambiguous.
    session.canonicalize_ids();
    match version {
        0 => Err(not_ours()),
        found if found > FORMAT_VERSION => match validate(&session) {
            Ok(()) => Ok((session, found)),
            Err(_) => Err((None, FileErrorKind::NewerVersion { found })),
        },
        _ => {
            validate(&session).map_err(|e| (None, FileErrorKind::Invalid(Box::new(e))))?;
            Ok((session, version))
        }
    }
}

/// The session in `text` read in the layout of its version, and the file's version: the
/// current layout first (one parse for a current file), else the layout of version 1,
/// upgraded to the current version. A file of version 0 (none) comes back too, for the
/// caller to refuse.
///
/// When neither layout reads, the error is the one of the file's own version: a newer
/// version is refused as newer (it may use fields or variants this version does not know);
/// version 1 gets the old layout's error, version 2 the current one's, at their
/// `line:column`. A file whose version cannot be read (cut short, say) gets the error of
/// the layout that read further.
fn read_any_version(text: &str) -> Result<(Session, u32), ParseError> {
    let options = ron::Options::default().with_recursion_limit(MAX_DEPTH);
    let read_as_v1 = |text| options.from_str::<v1::Session>(text);
    let current = match options.from_str::<Session>(text) {
        Ok(mut session) if session.format_version != 1 => {
            let version = session.format_version;
            // Version 2 is the current layout without version 3's fields, which all have
            // their defaults: upgraded in memory by its number alone.
            if (2..FORMAT_VERSION).contains(&version) {
                session.format_version = FORMAT_VERSION;
            }
            return Ok((session, version));
        }
        // Version 1 without workshop details reads in both layouts: it is read in its own.
        Ok(_) => {
            return read_as_v1(text)
                .map(|old| {
                    let version = old.format_version;
                    (old.upgrade(), version)
                })
                .map_err(|e| syntax_error(text, &e));
        }
        Err(e) => e,
    };
    let old = match read_as_v1(text) {
        Ok(old) if old.format_version <= 1 => {
            let version = old.format_version;
            return Ok((old.upgrade(), version));
        }
        Ok(_) => None,
        Err(e) => Some(e),
    };
    // Read only on failure: one parse otherwise.
    #[derive(Deserialize)]
    struct VersionProbe {
        #[serde(default)]
        format_version: u32,
    }
    let version = options
        .from_str::<VersionProbe>(text)
        .ok()
        .map(|p| p.format_version);
    if let Some(found) = version
        && found > FORMAT_VERSION
    {
        return Err((None, FileErrorKind::NewerVersion { found }));
    }
    let at = |e: &ron::error::SpannedError| (e.span.start.line, e.span.start.col);
    let error = match old {
        Some(old)
            if version == Some(1)
                || (version != Some(FORMAT_VERSION) && at(&old) > at(&current)) =>
        {
            old
        }
        _ => current,
    };
    Err(syntax_error(text, &error))
}

/// The layout of format version 1, the previous release's: a workshop's details were
/// fields of the workshop. Only what differs from the current layout; read and upgraded,
/// never written.
mod v1 {
    use serde::Deserialize;

    use crate::model::{
        self, Attendance, Commitment, Conflict, Group, Mode, Placement, PlanPeriod, Refinement,
        SignUp, WorkshopDetails,
    };

    /// A session of version 1: its workshops are of the old layout.
    #[derive(Default, Deserialize)]
    #[serde(default, deny_unknown_fields)]
    pub(super) struct Session {
        /// 1, or 0 when the file has none (refused by the caller).
        pub(super) format_version: u32,
        commitments: Vec<Commitment>,
        workshops: Vec<Workshop>,
        conflicts: Vec<Conflict>,
    }

    /// A workshop of version 1, its fields in the order that release declared them (an
    /// unknown field's message lists them).
    #[derive(Default, Deserialize)]
    #[serde(default, deny_unknown_fields)]
    struct Workshop {
        id: String,
        name: String,
        location: String,
        mode: Mode,
        date: String,
        facilitator: String,
        attendance: Attendance,
        plan_period: PlanPeriod,
        groups: Vec<Group>,
        placements: Vec<Placement>,
        selection: Vec<String>,
        refinements: Vec<Refinement>,
        sign_ups: Vec<SignUp>,
    }

    impl Session {
        /// The same session in the current model and version.
        pub(super) fn upgrade(self) -> model::Session {
            model::Session {
                format_version: model::FORMAT_VERSION,
                commitments: self.commitments,
                workshops: self.workshops.into_iter().map(Workshop::upgrade).collect(),
                conflicts: self.conflicts,
                ..Default::default()
            }
        }
    }

    impl Workshop {
        fn upgrade(self) -> model::Workshop {
            model::Workshop {
                id: self.id,
                details: WorkshopDetails {
                    name: self.name,
                    location: self.location,
                    mode: self.mode,
                    date: self.date,
                    facilitator: self.facilitator,
                    attendance: self.attendance,
                    plan_period: self.plan_period,
                },
                groups: self.groups,
                placements: self.placements,
                selection: self.selection,
                refinements: self.refinements,
                sign_ups: self.sign_ups,
                placement_index: model::PlacementIndex::default(),
            }
        }
    }
}

/// The position of the first bracket nested deeper than [`MAX_DEPTH`], ignoring strings
/// and comments. Checked before parsing so hostile nesting costs one linear scan.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    scan(text, MAX_DEPTH).too_deep
}

/// What a scan of the brackets found: where they first nest deeper than the limit, and what
/// is still open where the text ends.
#[derive(Debug, Default, PartialEq, Eq)]
struct Scan {
    /// The first bracket nested deeper than the limit (the scan stops there).
    too_deep: Option<(usize, usize)>,
    /// Brackets still open at the end.
    depth: usize,
    /// Where the quoted text that is still open at the end starts.
    open_string: Option<(usize, usize)>,
    /// Where the block comment that is still open at the end starts.
    open_comment: Option<(usize, usize)>,
}

/// Scans brackets, ignoring strings and comments, up to the end of `text` or to the first
/// bracket nested deeper than `max_depth`. Positions are 1-based `line:column`, columns
/// counted in characters, as RON counts them.
fn scan(text: &str, max_depth: usize) -> Scan {
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
    let mut opened = (1, 1);
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
                b'\\' => {
                    // The escaped character cannot end the string.
                    if next == Some(b'\n') {
                        line += 1;
                        col = 0;
                    } else {
                        col += 1;
                    }
                    i += 1;
                }
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
                    col += hashes;
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
                b'"' => {
                    opened = (line, col);
                    mode = Mode::Str;
                }
                // A raw string: r"…", r#"…"#, r##"…"##, …
                b'r' if matches!(next, Some(b'"' | b'#')) => {
                    let hashes = chars[i + 1..].iter().take_while(|h| **h == b'#').count();
                    if chars.get(i + 1 + hashes) == Some(&b'"') {
                        opened = (line, col);
                        i += 1 + hashes;
                        col += 1 + hashes;
                        mode = Mode::Raw(hashes);
                    }
                }
                b'/' if next == Some(b'/') => mode = Mode::LineComment,
                b'/' if next == Some(b'*') => {
                    opened = (line, col);
                    i += 1;
                    col += 1;
                    mode = Mode::BlockComment;
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    if depth > max_depth {
                        return Scan {
                            too_deep: Some((line, col)),
                            depth,
                            ..Scan::default()
                        };
                    }
                }
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        i += 1;
    }
    Scan {
        too_deep: None,
        depth,
        open_string: matches!(mode, Mode::Str | Mode::Raw(_)).then_some(opened),
        open_comment: matches!(mode, Mode::BlockComment).then_some(opened),
    }
}

/// The 1-based `line:column` of a byte offset (a character boundary) of `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        1 + before.matches('\n').count(),
        1 + before[line_start..].chars().count(),
    )
}

/// Where the text stops: just after its last character that is not blank.
fn end_of(text: &str) -> (usize, usize) {
    position(text, text.trim_end().len())
}

/// A RON error in the user's words, at its `line:column`. A file that stops in the middle —
/// brackets or a quoted text still open where it ends, and the parser stopped at its last
/// word — is said to end early, at the place where it ends (or where the quoted text that
/// runs to the end starts). Other errors are said by kind, at the parser's place.
fn syntax_error(text: &str, e: &ron::error::SpannedError) -> ParseError {
    let at = (e.span.start.line, e.span.start.col);
    let open = scan(text, usize::MAX);
    if let Some(string) = open.open_string
        && at >= string
    {
        return (
            Some(string),
            FileErrorKind::Syntax(Box::new(SyntaxError::QuoteRunsToTheEnd)),
        );
    }
    if let Some(comment) = open.open_comment
        && at >= comment
    {
        return (
            Some(comment),
            FileErrorKind::Syntax(Box::new(SyntaxError::CommentRunsToTheEnd)),
        );
    }
    let content = text.trim_end();
    // The last word: after the last blank, bracket, comma, colon or quote.
    let last_word = content
        .rfind(|c: char| c.is_whitespace() || "()[]{},:\"".contains(c))
        .map_or(0, |i| {
            i + content[i..].chars().next().map_or(1, char::len_utf8)
        });
    // The parser's place after the error (before it, it may still be at the last colon).
    let after = (e.span.end.line, e.span.end.col);
    if open.depth > 0 && (e.code == ron::Error::Eof || after >= position(content, last_word)) {
        return (
            Some(end_of(text)),
            FileErrorKind::Syntax(Box::new(SyntaxError::EndsEarly)),
        );
    }
    (
        Some(at),
        FileErrorKind::Syntax(Box::new(SyntaxError::of(&e.code))),
    )
}

/// A syntax error in a session file, as the user is told it: what the parser met, in plain
/// words, with what it found and what it expected where that helps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyntaxError {
    /// The file stops in the middle of the session: it was cut off.
    EndsEarly,
    /// A quoted text opened here runs to the end of the file.
    QuoteRunsToTheEnd,
    /// A `/*` comment opened here runs to the end of the file.
    CommentRunsToTheEnd,
    /// A quoted text is not closed.
    QuoteNotClosed,
    /// A comment is not closed.
    CommentNotClosed,
    /// A comma is missing (or a bracket closed too early or too late).
    MissingComma,
    /// A colon is missing after a field name.
    MissingColon,
    /// A list `[ ]` should start here.
    ExpectedList,
    /// A list is not closed here.
    ListNotClosed,
    /// An entry `( )` should start here.
    ExpectedEntry,
    /// An entry is not closed here.
    EntryNotClosed,
    /// A table `{ }` should start here.
    ExpectedTable,
    /// A table is not closed here.
    TableNotClosed,
    /// `true` or `false` should be here.
    ExpectedBoolean,
    /// A whole number should be here.
    ExpectedWholeNumber,
    /// A number too large, or negative where it cannot be.
    NumberOutOfRange,
    /// A number should be here.
    ExpectedNumber,
    /// A quoted text should be here.
    ExpectedText,
    /// A backslash escape that does not exist.
    InvalidEscape,
    /// A field name should be here.
    ExpectedFieldName,
    /// A character that does not belong here.
    UnexpectedChar(char),
    /// More text after the session.
    TrailingText,
    /// A value of the wrong kind: serde's words for what was found and what was expected.
    WrongKind {
        /// What was found.
        found: String,
        /// What was expected.
        expected: String,
    },
    /// The wrong number of values.
    WrongLength {
        /// How many were found.
        found: usize,
        /// What was expected, in serde's words.
        expected: String,
    },
    /// A value that is not one of those allowed here.
    UnknownValue {
        /// The value found.
        found: String,
        /// The values allowed.
        expected: &'static [&'static str],
    },
    /// A field this version does not know.
    UnknownField {
        /// The field found.
        found: String,
        /// The expected field it is nearest to, if one is close.
        near: Option<String>,
        /// The fields allowed.
        expected: &'static [&'static str],
    },
    /// A field is missing.
    MissingField(&'static str),
    /// A field appears twice.
    DuplicateField(&'static str),
    /// Values nested too deeply.
    TooNested,
    /// A text that is not UTF-8.
    NotUtf8,
    /// A value that cannot be read: serde's words.
    Unreadable(String),
    /// A `#!` RON option line.
    RonOption,
    /// A name in front of the brackets that is not the one expected.
    UnexpectedName,
    /// Anything else a session file never holds.
    NotASession,
    /// The parser could not read on (a writing error; never met while reading a file).
    Unread,
}

impl SyntaxError {
    /// What a RON error kind means, for someone who did not write the parser.
    fn of(code: &ron::Error) -> Self {
        use ron::Error as E;
        match code {
            E::Eof => Self::EndsEarly,
            E::ExpectedStringEnd => Self::QuoteNotClosed,
            E::UnclosedBlockComment | E::UnclosedLineComment => Self::CommentNotClosed,
            E::ExpectedComma => Self::MissingComma,
            E::ExpectedMapColon => Self::MissingColon,
            E::ExpectedArray => Self::ExpectedList,
            E::ExpectedArrayEnd => Self::ListNotClosed,
            E::ExpectedStructLike | E::ExpectedNamedStructLike(_) | E::ExpectedUnit => {
                Self::ExpectedEntry
            }
            E::ExpectedStructLikeEnd | E::ExpectedOptionEnd => Self::EntryNotClosed,
            E::ExpectedMap => Self::ExpectedTable,
            E::ExpectedMapEnd => Self::TableNotClosed,
            E::ExpectedBoolean => Self::ExpectedBoolean,
            E::ExpectedInteger | E::InvalidIntegerDigit { .. } | E::UnderscoreAtBeginning => {
                Self::ExpectedWholeNumber
            }
            E::IntegerOutOfBounds => Self::NumberOutOfRange,
            E::ExpectedFloat | E::FloatUnderscore => Self::ExpectedNumber,
            E::ExpectedString
            | E::ExpectedChar
            | E::ExpectedByteString
            | E::ExpectedByteLiteral
            | E::ExpectedOption => Self::ExpectedText,
            E::InvalidEscape(_) => Self::InvalidEscape,
            E::ExpectedIdentifier | E::InvalidIdentifier(_) | E::SuggestRawIdentifier(_) => {
                Self::ExpectedFieldName
            }
            E::UnexpectedChar(c) => Self::UnexpectedChar(*c),
            E::TrailingCharacters => Self::TrailingText,
            E::InvalidValueForType { expected, found } => Self::WrongKind {
                found: found.clone(),
                expected: expected.clone(),
            },
            E::ExpectedDifferentLength { expected, found } => Self::WrongLength {
                found: *found,
                expected: expected.clone(),
            },
            E::NoSuchEnumVariant {
                expected, found, ..
            } => Self::UnknownValue {
                found: found.clone(),
                expected,
            },
            E::NoSuchStructField {
                expected, found, ..
            } => Self::UnknownField {
                near: nearest(found, expected),
                found: found.clone(),
                expected,
            },
            E::MissingStructField { field, .. } => Self::MissingField(field),
            E::DuplicateStructField { field, .. } => Self::DuplicateField(field),
            E::ExceededRecursionLimit => Self::TooNested,
            E::Utf8Error(_) => Self::NotUtf8,
            E::Message(message) => Self::Unreadable(message.clone()),
            E::ExpectedAttribute | E::ExpectedAttributeEnd | E::NoSuchExtension(_) => {
                Self::RonOption
            }
            E::ExpectedDifferentStructName { .. } | E::ExpectedStructName(_) => {
                Self::UnexpectedName
            }
            E::ExpectedRangeSyntax | E::ExpectedRawValue => Self::NotASession,
            // Writing errors (never met while reading a file); said as plainly as the rest.
            E::Fmt | E::Io(_) => Self::Unread,
            // A kind added by a later ron: its place is still given, its jargon is not.
            _ => Self::NotASession,
        }
    }
}

impl Localized for SyntaxError {
    fn message(&self) -> Message {
        match self {
            Self::EndsEarly => {
                Message::new("the file ends early, in the middle of the session: was it cut off?")
            }
            Self::QuoteRunsToTheEnd => Message::new(
                "a quoted text that starts here is never closed, so the file ends inside it: was it cut off, or is a closing \" missing?",
            ),
            Self::CommentRunsToTheEnd => Message::new(
                "a comment that starts here with /* is never closed: the file ends inside it",
            ),
            Self::QuoteNotClosed => {
                Message::new("a quoted text is not closed: a closing \" is missing")
            }
            Self::CommentNotClosed => Message::new("a comment that starts with /* is never closed"),
            Self::MissingComma => Message::new(
                "a comma is missing between two entries, or a bracket is closed too early or too late",
            ),
            Self::MissingColon => Message::new("a colon (:) is missing after a field name"),
            Self::ExpectedList => Message::new("a list in square brackets [ ] should start here"),
            Self::ListNotClosed => Message::new("a list is not closed here: a ] is missing"),
            Self::ExpectedEntry => Message::new("an entry in round brackets ( ) should start here"),
            Self::EntryNotClosed => Message::new("an entry is not closed here: a ) is missing"),
            Self::ExpectedTable => Message::new("a table in braces { } should start here"),
            Self::TableNotClosed => Message::new("a table is not closed here: a } is missing"),
            Self::ExpectedBoolean => Message::new("true or false should be here"),
            Self::ExpectedWholeNumber => Message::new("a whole number should be here"),
            Self::NumberOutOfRange => {
                Message::new("this number is too large, or negative where it cannot be")
            }
            Self::ExpectedNumber => Message::new("a number should be here"),
            Self::ExpectedText => Message::new("a text in double quotes should be here"),
            Self::InvalidEscape => Message::new(
                "a backslash in a quoted text is followed by a character it cannot escape (write \\\\ for a backslash)",
            ),
            Self::ExpectedFieldName => Message::new("a field name should be here"),
            Self::UnexpectedChar(c) => {
                Message::new("the character \"%{0}\" does not belong here").with("0", c)
            }
            Self::TrailingText => Message::new(
                "there is more text after the end of the session: a file holds one session",
            ),
            Self::WrongKind { found, expected } => {
                Message::new("a value of the wrong kind: %{found} where %{expected} should be")
                    .with_message("found", serde_words(found))
                    .with_message("expected", serde_words(expected))
            }
            Self::WrongLength { found, expected } => {
                Message::new("the wrong number of values: %{found} where %{expected} should be")
                    .with("found", found)
                    .with_message("expected", serde_words(expected))
            }
            Self::UnknownValue { found, expected } => {
                Message::new("\"%{found}\" is not one of the values allowed here (%{expected})")
                    .with("found", found)
                    .with("expected", expected.join(", "))
            }
            Self::UnknownField {
                found,
                near: Some(near),
                expected,
            } => Message::new(
                "unknown field `%{found}` (did you mean `%{near}`?); expected one of: %{expected}",
            )
            .with("found", found)
            .with("near", near)
            .with("expected", expected.join(", ")),
            Self::UnknownField {
                found,
                near: None,
                expected,
            } => Message::new("unknown field `%{found}`; expected one of: %{expected}")
                .with("found", found)
                .with("expected", expected.join(", ")),
            Self::MissingField(field) => {
                Message::new("the field \"%{0}\" is missing").with("0", field)
            }
            Self::DuplicateField(field) => {
                Message::new("the field \"%{0}\" appears twice").with("0", field)
            }
            Self::TooNested => Message::new(
                "values are nested too deeply here (entries inside entries); this is not a session file",
            ),
            Self::NotUtf8 => Message::new("a text in the file is not UTF-8"),
            Self::Unreadable(message) => Message::new("this value cannot be read: %{0}")
                .with_message("0", serde_words(message)),
            Self::RonOption => Message::new(
                "a line starting with #! (a RON option) does not belong in a session file; remove it",
            ),
            Self::UnexpectedName => Message::new(
                "a name in front of the brackets is not the one expected here; remove it",
            ),
            Self::NotASession => Message::new("this is not how a session file is written"),
            Self::Unread => Message::new("the file could not be read"),
        }
    }
}

impl std::fmt::Display for SyntaxError {
    /// The message in English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

/// The expected name nearest to a misspelled one (`sign_up` for `sign_ups`), if one is
/// close: the same ignoring case and `_`/`-`, or at most two letters apart.
fn nearest(found: &str, expected: &[&str]) -> Option<String> {
    fn folded(s: &str) -> Vec<char> {
        s.chars()
            .filter(|c| !matches!(c, '_' | '-' | ' '))
            .flat_map(char::to_lowercase)
            .collect()
    }
    fn distance(a: &[char], b: &[char]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let next = (diagonal + usize::from(ca != cb))
                    .min(row[j] + 1)
                    .min(row[j + 1] + 1);
                diagonal = row[j + 1];
                row[j + 1] = next;
            }
        }
        row[b.len()]
    }
    let found = folded(found);
    if found.len() > 64 {
        return None;
    }
    expected
        .iter()
        .map(|name| (distance(&found, &folded(name)), *name))
        .filter(|&(d, name)| d <= (name.chars().count() / 3).min(2))
        .min()
        .map(|(_, name)| name.to_owned())
}

/// Serde's names of kinds of values (`u32`, `a string`, …) in plain words; anything else
/// (a value quoted from the file) as it is.
fn serde_words(text: &str) -> Message {
    let t = text.trim();
    let kind = t.trim_start_matches("a ").trim_start_matches("an ");
    let word = kind.split([' ', '`']).next().unwrap_or_default();
    let value = kind.find(['`', '"']).map(|i| kind[i..].to_owned());
    let name = match word {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64" | "i128"
        | "isize" | "integer" | "unsigned" | "signed" => Message::new("a whole number"),
        "f32" | "f64" | "floating" | "float" => Message::new("a number"),
        "string" | "str" | "char" | "character" => Message::new("a quoted text"),
        "boolean" | "bool" => Message::new("true or false"),
        "sequence" | "list" => Message::new("a list in [ ]"),
        "map" | "struct" | "tuple" => Message::new("an entry in ( )"),
        "unit" => Message::new("( )"),
        "option" => Message::new("an optional value"),
        _ => return Message::verbatim(t),
    };
    match value {
        Some(value) => Message::new("%{kind} %{value}")
            .with_message("kind", name)
            .with("value", value),
        None => name,
    }
}

/// Why a session is refused although it reads: what contradicts what, naming the things
/// involved (ids, names, values as written). `Display` says it in English;
/// [`Localized::message`] gives the message to translate.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ValidationError {
    /// No `format_version` field (found by [`parse`]): not a cocreate session file.
    NoFormatVersion,
    /// A text longer than [`MAX_TEXT_CHARS`].
    TextTooLong,
    /// A commitment without an id.
    EmptyCommitmentId {
        /// Its title.
        title: String,
    },
    /// Two commitments with one id.
    DuplicateCommitmentId {
        /// The id.
        id: String,
    },
    /// Two commitment ids a reader cannot tell apart ([`crate::model::id_fold`]), as written
    /// (hidden characters shown as escapes).
    AmbiguousIds {
        /// The first one.
        first: String,
        /// The other one.
        second: String,
    },
    /// A workshop without an id.
    EmptyWorkshopId {
        /// Its name.
        name: String,
    },
    /// Two workshops with one id.
    DuplicateWorkshop {
        /// The second one.
        workshop: WorkshopRef,
    },
    /// Two groups of a workshop with one id.
    DuplicateGroup {
        /// The workshop.
        workshop: WorkshopRef,
        /// The group id.
        group: u32,
    },
    /// A placement by a group the workshop does not have.
    UnknownGroup {
        /// The workshop.
        workshop: WorkshopRef,
        /// The group id.
        group: u32,
    },
    /// A placement of a commitment the file does not have.
    UnknownPlacedCommitment {
        /// The workshop.
        workshop: WorkshopRef,
        /// The commitment id.
        commitment: String,
    },
    /// A group placed a commitment twice.
    PlacedTwice {
        /// The workshop.
        workshop: WorkshopRef,
        /// The group id.
        group: u32,
        /// The commitment id.
        commitment: String,
    },
    /// A desirability off the grid.
    Desirability {
        /// The workshop.
        workshop: WorkshopRef,
        /// The commitment id.
        commitment: String,
        /// The value.
        value: f64,
    },
    /// An ambition off the grid of the session's scale.
    Ambition {
        /// The workshop.
        workshop: WorkshopRef,
        /// The commitment id.
        commitment: String,
        /// The value.
        value: f64,
        /// The top of the session's scale.
        max: f64,
    },
    /// A refinement's stated ambition is a level of the other scale.
    StatedAmbition {
        /// The workshop.
        workshop: WorkshopRef,
        /// The commitment id.
        commitment: String,
        /// The level stated.
        level: crate::model::AmbitionLevel,
        /// The session's scale.
        scale: crate::model::AmbitionScale,
    },
    /// A selection criterion that is empty or listed twice (the built-in ones included).
    Criterion {
        /// Its name as written.
        name: String,
    },
    /// A reasoned response to an idea the file does not have, or a second one to an idea.
    Response {
        /// The commitment id.
        commitment: String,
        /// The second response to it (else: the idea is unknown).
        twice: bool,
    },
    /// A response merges its idea into one the file does not have, or into itself.
    MergedInto {
        /// The commitment id.
        commitment: String,
        /// The idea it is merged into.
        target: String,
    },
    /// A response cites a criterion the session does not have.
    UnknownCriterion {
        /// The commitment id.
        commitment: String,
        /// The criterion cited.
        criterion: String,
    },
    /// A selection, refinement or sign-up of a commitment the file does not have.
    UnknownCommitment {
        /// The workshop.
        workshop: WorkshopRef,
        /// The commitment id.
        commitment: String,
    },
    /// A conflict the merge would not have made.
    Conflict {
        /// 1-based, in the file's order.
        number: usize,
        /// Its key as written in the file.
        key: String,
        /// What is wrong with it.
        problem: ConflictProblem,
    },
}

/// A workshop as messages name it: `workshop "NAME" (ID)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkshopRef {
    /// Its name.
    pub name: String,
    /// Its id.
    pub id: String,
}

impl WorkshopRef {
    fn of(w: &crate::model::Workshop) -> Self {
        Self {
            name: w.details.name.clone(),
            id: w.id.clone(),
        }
    }
}

impl Localized for WorkshopRef {
    fn message(&self) -> Message {
        Message::new("workshop \"%{0}\" (%{1})")
            .with("0", &self.name)
            .with("1", &self.id)
    }
}

/// What is wrong with a conflict in a session file.
#[derive(Clone, Debug, PartialEq)]
pub enum ConflictProblem {
    /// No version at all.
    NoVersion,
    /// Its key names a commitment the file does not have.
    UnknownCommitment {
        /// The id.
        id: String,
    },
    /// Its key names a workshop the file does not have.
    UnknownWorkshop {
        /// The id.
        id: String,
    },
    /// A version appears twice.
    VersionTwice,
    /// A single version.
    OneVersion,
    /// A resolution that is not one of the versions.
    ResolutionNotAVersion,
    /// Sources recorded for another number of versions.
    SourceCount {
        /// Versions.
        versions: usize,
        /// Sets of sources.
        sources: usize,
    },
    /// A source's file name that is empty or a path.
    SourcePath {
        /// The name as written.
        file: String,
    },
    /// A version's desirability off the grid.
    Desirability {
        /// The value.
        value: f64,
    },
    /// A version's ambition off the grid of the session's scale.
    Ambition {
        /// The value.
        value: f64,
        /// The top of the session's scale.
        max: f64,
    },
    /// A version of another kind, or about another thing.
    WrongKind,
    /// A version's text longer than [`MAX_TEXT_CHARS`].
    TextTooLong,
}

impl Localized for ValidationError {
    fn message(&self) -> Message {
        match self {
            Self::NoFormatVersion => Message::new(
                "no `format_version` field: this is not a cocreate session file",
            ),
            Self::TextTooLong => Message::new(
                "a text is longer than %{max} characters; this is not a session file",
            )
            .with("max", MAX_TEXT_CHARS),
            Self::EmptyCommitmentId { title } => {
                Message::new("commitment \"%{0}\" has an empty id").with("0", title)
            }
            Self::DuplicateCommitmentId { id } => {
                Message::new("commitment id \"%{0}\" appears twice").with("0", id)
            }
            Self::AmbiguousIds { first, second } => Message::new(
                "commitment ids \"%{0}\" and \"%{1}\" differ only in upper and lower case or in invisible characters, so they cannot be told apart; give them one id, or two clearly different ones",
            )
            .with("0", first)
            .with("1", second),
            Self::EmptyWorkshopId { name } => {
                Message::new("workshop \"%{0}\" has an empty id").with("0", name)
            }
            Self::DuplicateWorkshop { workshop } => Message::new("%{at} appears twice").with_message("at", workshop.message()),
            Self::DuplicateGroup { workshop, group } => {
                Message::new("%{at}: group id %{0} appears twice").with_message("at", workshop.message()).with("0", group)
            }
            Self::UnknownGroup { workshop, group } => Message::new("%{at}: a placement refers to group %{0}, which is not in the workshop").with_message("at", workshop.message())
            .with("0", group),
            Self::UnknownPlacedCommitment {
                workshop,
                commitment,
            } => Message::new("%{at}: a placement refers to commitment \"%{0}\", which is not in the file").with_message("at", workshop.message())
            .with("0", commitment),
            Self::PlacedTwice {
                workshop,
                group,
                commitment,
            } => Message::new("%{at}: group %{0} placed commitment \"%{1}\" twice").with_message("at", workshop.message())
            .with("0", group)
            .with("1", commitment),
            Self::Desirability {
                workshop,
                commitment,
                value,
            } => Message::new("%{at}: commitment \"%{0}\" has desirability %{1}, outside 0–10").with_message("at", workshop.message())
            .with("0", commitment)
            .with("1", value),
            Self::Ambition {
                workshop,
                commitment,
                value,
                max,
            } => Message::new("%{at}: commitment \"%{0}\" has ambition %{1}, outside 0–%{max} (the session's scale)").with_message("at", workshop.message())
            .with("0", commitment)
            .with("1", value)
            .with("max", max),
            Self::StatedAmbition {
                workshop,
                commitment,
                level,
                scale,
            } => Message::new("%{at}: the refinement of commitment \"%{0}\" states the ambition “%{1}”, which is not a level of the session's scale (%{2})")
                .with_message("at", workshop.message())
                .with("0", commitment)
                .with_message("1", level.message())
                .with_message("2", scale.message()),
            Self::Criterion { name } => Message::new("the selection criterion \"%{0}\" is empty or listed twice")
                .with("0", name),
            Self::Response { commitment, twice: false } => Message::new("a reasoned response refers to idea \"%{0}\", which is not in the file")
                .with("0", commitment),
            Self::Response { commitment, twice: true } => Message::new("idea \"%{0}\" has two reasoned responses")
                .with("0", commitment),
            Self::MergedInto { commitment, target } => Message::new("the response to idea \"%{0}\" merges it into \"%{1}\", which is not another idea of the file")
                .with("0", commitment)
                .with("1", target),
            Self::UnknownCriterion { commitment, criterion } => Message::new("the response to idea \"%{0}\" cites the criterion \"%{1}\", which the session does not have")
                .with("0", commitment)
                .with("1", criterion),
            Self::UnknownCommitment {
                workshop,
                commitment,
            } => Message::new("%{at} refers to commitment \"%{id}\", which is not in the file").with_message("at", workshop.message())
            .with("id", commitment),
            Self::Conflict {
                number,
                key,
                problem,
            } => Message::new("conflict %{n} (%{key}): %{e}")
                .with("n", number)
                .with("key", key)
                .with_message("e", problem.message()),
        }
    }
}

impl std::fmt::Display for ValidationError {
    /// The message in English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl Localized for ConflictProblem {
    fn message(&self) -> Message {
        match self {
            Self::NoVersion => Message::new("it has no version"),
            Self::UnknownCommitment { id } => {
                Message::new("it refers to commitment \"%{0}\", which is not in the file")
                    .with("0", id)
            }
            Self::UnknownWorkshop { id } => {
                Message::new("it refers to workshop \"%{0}\", which is not in the file")
                    .with("0", id)
            }
            Self::VersionTwice => Message::new("a version appears twice"),
            Self::OneVersion => Message::new(
                "it has only one version; a conflict is two or more versions of one thing",
            ),
            Self::ResolutionNotAVersion => Message::new("a resolution is not one of its versions"),
            Self::SourceCount { versions, sources } => {
                Message::new("it has %{0} versions but sources for %{1}")
                    .with("0", versions)
                    .with("1", sources)
            }
            Self::SourcePath { file } => {
                Message::new("a source's file name \"%{0}\" is empty or a path").with("0", file)
            }
            Self::Desirability { value } => {
                Message::new("a version has desirability %{0}, outside 0–10").with("0", value)
            }
            Self::Ambition { value, max } => {
                Message::new("a version has ambition %{0}, outside 0–%{max} (the session's scale)")
                    .with("0", value)
                    .with("max", max)
            }
            Self::WrongKind => Message::new("a version is not of what the conflict is about"),
            Self::TextTooLong => {
                Message::new("a text is longer than %{max} characters; this is not a session file")
                    .with("max", MAX_TEXT_CHARS)
            }
        }
    }
}

/// Checks what the type system cannot: values on the grid, references between parts.
pub fn validate(session: &Session) -> Result<(), ValidationError> {
    let scale = session.ambition_scale;
    let too_long = session
        .commitments
        .iter()
        .flat_map(|c| [&c.id, &c.title, &c.theme, &c.description])
        .chain(session.workshops.iter().flat_map(|w| {
            [
                &w.id,
                &w.details.name,
                &w.details.location,
                &w.details.facilitator,
            ]
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
                    &r.causes,
                    &r.done_so_far,
                ]
            }))
        }))
        .chain(session.criteria.iter())
        .chain(session.responses.iter().map(|r| &r.reason))
        .any(|text| text.chars().count() > MAX_TEXT_CHARS);
    if too_long {
        return Err(ValidationError::TextTooLong);
    }
    let mut ids = std::collections::HashSet::new();
    for c in &session.commitments {
        if c.id.trim().is_empty() {
            return Err(ValidationError::EmptyCommitmentId {
                title: c.title.clone(),
            });
        }
        if !ids.insert(c.id.as_str()) {
            return Err(ValidationError::DuplicateCommitmentId { id: c.id.clone() });
        }
    }
    ambiguous_ids(&session.commitments)?;
    let mut workshop_ids = std::collections::HashSet::new();
    for w in &session.workshops {
        let at = || WorkshopRef::of(w);
        if w.id.trim().is_empty() {
            return Err(ValidationError::EmptyWorkshopId {
                name: w.details.name.clone(),
            });
        }
        if !workshop_ids.insert(w.id.as_str()) {
            return Err(ValidationError::DuplicateWorkshop { workshop: at() });
        }
        let mut group_ids = std::collections::HashSet::new();
        for g in &w.groups {
            if !group_ids.insert(g.id) {
                return Err(ValidationError::DuplicateGroup {
                    workshop: at(),
                    group: g.id,
                });
            }
        }
        let mut seen = std::collections::HashSet::new();
        for p in &w.placements {
            if !group_ids.contains(&p.group) {
                return Err(ValidationError::UnknownGroup {
                    workshop: at(),
                    group: p.group,
                });
            }
            if !ids.contains(p.commitment.as_str()) {
                return Err(ValidationError::UnknownPlacedCommitment {
                    workshop: at(),
                    commitment: p.commitment.clone(),
                });
            }
            if !seen.insert((p.group, p.commitment.as_str())) {
                return Err(ValidationError::PlacedTwice {
                    workshop: at(),
                    group: p.group,
                    commitment: p.commitment.clone(),
                });
            }
            if !(DESIRABILITY_MIN..=DESIRABILITY_MAX).contains(&p.desirability) {
                return Err(ValidationError::Desirability {
                    workshop: at(),
                    commitment: p.commitment.clone(),
                    value: p.desirability,
                });
            }
            if !(AMBITION_MIN..=scale.max()).contains(&p.ambition) {
                return Err(ValidationError::Ambition {
                    workshop: at(),
                    commitment: p.commitment.clone(),
                    value: p.ambition,
                    max: scale.max(),
                });
            }
        }
        let referenced = w
            .selection
            .iter()
            .chain(w.refinements.iter().map(|r| &r.commitment))
            .chain(w.sign_ups.iter().map(|s| &s.commitment));
        for id in referenced {
            if !ids.contains(id.as_str()) {
                return Err(ValidationError::UnknownCommitment {
                    workshop: at(),
                    commitment: id.clone(),
                });
            }
        }
        for r in &w.refinements {
            if let Some(level) = r.stated_ambition
                && level.scale() != scale
            {
                return Err(ValidationError::StatedAmbition {
                    workshop: at(),
                    commitment: r.commitment.clone(),
                    level,
                    scale,
                });
            }
        }
    }
    let mut criteria = std::collections::HashSet::new();
    for name in session.all_criteria() {
        if name.trim().is_empty() || !criteria.insert(name) {
            return Err(ValidationError::Criterion {
                name: name.to_owned(),
            });
        }
    }
    let mut answered = std::collections::HashSet::new();
    for r in &session.responses {
        validate_response(r, &ids, &criteria)?;
        if !answered.insert(r.commitment.as_str()) {
            return Err(ValidationError::Response {
                commitment: r.commitment.clone(),
                twice: true,
            });
        }
    }
    for (n, conflict) in session.conflicts.iter().enumerate() {
        validate_conflict(conflict, &ids, &workshop_ids, scale).map_err(|problem| {
            ValidationError::Conflict {
                number: n + 1,
                key: key_text(&conflict.key),
                problem,
            }
        })?;
    }
    Ok(())
}

/// A reasoned response refers to ideas of the file and cites criteria of the session.
fn validate_response(
    r: &crate::model::Response,
    ids: &std::collections::HashSet<&str>,
    criteria: &std::collections::HashSet<&str>,
) -> Result<(), ValidationError> {
    if !ids.contains(r.commitment.as_str()) {
        return Err(ValidationError::Response {
            commitment: r.commitment.clone(),
            twice: false,
        });
    }
    if let crate::model::Outcome::MergedInto(target) = &r.outcome
        && (target == &r.commitment || !ids.contains(target.as_str()))
    {
        return Err(ValidationError::MergedInto {
            commitment: r.commitment.clone(),
            target: target.clone(),
        });
    }
    if let Some(unknown) = r.criteria.iter().find(|c| !criteria.contains(c.as_str())) {
        return Err(ValidationError::UnknownCriterion {
            commitment: r.commitment.clone(),
            criterion: unknown.clone(),
        });
    }
    Ok(())
}

/// Refuses two commitment ids that differ only in case, in Unicode normalization (NFC or
/// NFD), in blanks at either end or in hidden characters ([`crate::model::id_fold`]): a
/// reader cannot tell them apart, and a merge would count them as two commitments. Both are
/// named, as written (hidden characters shown as escapes).
fn ambiguous_ids(commitments: &[crate::model::Commitment]) -> Result<(), ValidationError> {
    let mut seen = std::collections::HashMap::with_capacity(commitments.len());
    for c in commitments {
        if let Some(first) = seen.insert(crate::model::id_fold(&c.id), c.id.as_str())
            && first != c.id
        {
            return Err(ValidationError::AmbiguousIds {
                first: shown_id(first),
                second: shown_id(&c.id),
            });
        }
    }
    Ok(())
}

/// An id for a message: hidden characters and blanks other than a space shown as escapes.
fn shown_id(id: &str) -> String {
    id.chars()
        .map(|c| {
            if crate::text::is_hidden(c) || (c.is_whitespace() && c != ' ') || c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
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
    scale: crate::model::AmbitionScale,
) -> Result<(), ConflictProblem> {
    if conflict.versions.is_empty() {
        return Err(ConflictProblem::NoVersion);
    }
    let commitment = |id: &str| {
        if commitments.contains(id) {
            Ok(())
        } else {
            Err(ConflictProblem::UnknownCommitment { id: id.to_owned() })
        }
    };
    let workshop = |id: &str| {
        if workshops.contains(id) {
            Ok(())
        } else {
            Err(ConflictProblem::UnknownWorkshop { id: id.to_owned() })
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
        ConflictKey::Response(id) => commitment(id)?,
    }
    for version in conflict.versions.iter().chain(&conflict.resolutions) {
        validate_version(&conflict.key, version, scale)?;
    }
    // Each version once, and at least two: a merge keeps a thing's versions as a set and
    // a conflict only where it holds two or more, so a file with a version twice or with
    // a single version would merge differently alone and in steps.
    let mut seen = std::collections::HashSet::with_capacity(conflict.versions.len());
    for version in &conflict.versions {
        if !seen.insert(crate::merge::identity(version)) {
            return Err(ConflictProblem::VersionTwice);
        }
    }
    if seen.len() < 2 {
        return Err(ConflictProblem::OneVersion);
    }
    if conflict
        .resolutions
        .iter()
        .any(|r| !seen.contains(&crate::merge::identity(r)))
    {
        return Err(ConflictProblem::ResolutionNotAVersion);
    }
    if !conflict.sources.is_empty() && conflict.sources.len() != conflict.versions.len() {
        return Err(ConflictProblem::SourceCount {
            versions: conflict.versions.len(),
            sources: conflict.sources.len(),
        });
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
                return Err(ConflictProblem::SourcePath { file: file.clone() });
            }
        }
    }
    Ok(())
}

/// One version of a conflict: of the key's kind, about the key's thing, and as the
/// session's own checks would accept it in its place.
fn validate_version(
    key: &ConflictKey,
    version: &Version,
    scale: crate::model::AmbitionScale,
) -> Result<(), ConflictProblem> {
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
                return Err(ConflictProblem::Desirability {
                    value: p.desirability,
                });
            }
            if !(AMBITION_MIN..=scale.max()).contains(&p.ambition) {
                return Err(ConflictProblem::Ambition {
                    value: p.ambition,
                    max: scale.max(),
                });
            }
            vec![&p.note]
        }
        (ConflictKey::Refinement { commitment, .. }, Version::Refinement(r))
            if &r.commitment == commitment =>
        {
            if r.stated_ambition.is_some_and(|l| l.scale() != scale) {
                return Err(ConflictProblem::WrongKind);
            }
            vec![
                &r.lead,
                &r.problem,
                &r.objective,
                &r.description,
                &r.relevance,
                &r.ambition,
                &r.causes,
                &r.done_so_far,
            ]
        }
        (ConflictKey::Response(id), Version::Response(r)) if &r.commitment == id => {
            if let crate::model::Outcome::MergedInto(target) = &r.outcome
                && (target == id || target.trim().is_empty())
            {
                return Err(ConflictProblem::WrongKind);
            }
            vec![&r.reason]
        }
        _ => return Err(ConflictProblem::WrongKind),
    };
    if texts.iter().any(|t| t.chars().count() > MAX_TEXT_CHARS) {
        return Err(ConflictProblem::TextTooLong);
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
///
/// Nothing is written that [`load`] would refuse: a session over [`MAX_FILE_BYTES`] once
/// written, or one that does not read back as valid, is refused first
/// ([`FileErrorKind::WouldBeRefused`]). The file keeps its permissions and, where the
/// system allows, its owner; a read-only file (no write permission in its mode, even for
/// root) or anything but a regular file is refused. The previous version is kept beside it
/// as `NAME.bak`, readable by its owner only, and replaced only once the new file is written
/// and synced; two saves at once each leave one whole version in the file and in `.bak`.
pub fn save(session: &Session, path: &Path) -> Result<(), FileError> {
    save_with(session, path, Replace::WITH_BACKUP)
}

/// Saves like [`save`], for files that only their owner may read and that need no backup
/// (the window's recovery files): a new file is created `0600`, and no `.bak` is made.
pub fn save_private(session: &Session, path: &Path) -> Result<(), FileError> {
    save_with(session, path, Replace::PRIVATE)
}

fn save_with(session: &Session, path: &Path, how: Replace) -> Result<(), FileError> {
    let err = |kind| FileError::new(path, kind);
    let mut session = session.clone();
    session.format_version = FORMAT_VERSION;
    let text = to_ron(&session).map_err(|e| err(FileErrorKind::Serialize(e.to_string())))?;
    readable(text.as_bytes()).map_err(|kind| err(FileErrorKind::WouldBeRefused(Box::new(kind))))?;
    replace(path, text.as_bytes(), how).map_err(|e| err(e.into()))
}

/// Whether [`load`] accepts these bytes: the size limit first (no parse of a file that is
/// refused anyway), then the same parse and checks. One rule for reading and writing.
pub fn readable(bytes: &[u8]) -> Result<(), FileErrorKind> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(FileErrorKind::TooLarge(bytes.len() as u64));
    }
    parse(bytes).map(|_| ()).map_err(|(_, kind)| kind)
}

/// How [`replace`] writes a file.
#[derive(Clone, Copy, Debug)]
struct Replace {
    /// Keep the previous version as `NAME.bak`.
    backup: bool,
    /// Create a new file readable by its owner only.
    private: bool,
}

impl Replace {
    const WITH_BACKUP: Self = Self {
        backup: true,
        private: false,
    };
    const PRIVATE: Self = Self {
        backup: false,
        private: true,
    };
    const PLAIN: Self = Self {
        backup: false,
        private: false,
    };
}

/// One save at a time in this process: each process writes its own temporary files, and
/// two threads of one process must not share them.
static SAVING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The error for a target whose mode has no write permission.
fn read_only(path: &Path) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::PermissionDenied,
        Refusal::ReadOnly {
            file: path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        },
    )
}

/// The file a save writes: a symbolic link is followed, so the link stays and the file it
/// names gets the new content. Anything else (or a link to nowhere) is the path itself.
fn through_link(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
        }
        _ => path.to_owned(),
    }
}

/// Whether two paths name one file: the same device and inode where both exist (through
/// any links), else the same absolute path once the folder's links are resolved. The
/// command line and the window both refuse an output that is an input by it.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    if let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) {
        use std::os::unix::fs::MetadataExt as _;
        return (ma.dev(), ma.ino()) == (mb.dev(), mb.ino());
    }
    let resolved = |p: &Path| -> Option<PathBuf> {
        if let Ok(p) = std::fs::canonicalize(p) {
            return Some(p);
        }
        let name = p.file_name()?;
        let dir = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        Some(std::fs::canonicalize(dir).ok()?.join(name))
    };
    matches!((resolved(a), resolved(b)), (Some(x), Some(y)) if x == y)
}

/// Whether `path` (through any link) is a character device or a pipe: an output written
/// through, not a file replaced. (A block device — a disk — is refused as before.)
pub fn is_stream(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        std::fs::metadata(path)
            .is_ok_and(|m| m.file_type().is_char_device() || m.file_type().is_fifo())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// Creates a file that must not exist yet (never writing through a path another process
/// made), with `mode` on Unix (less the umask).
fn create_new(path: &Path, mode: u32) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
    #[cfg(not(unix))]
    let _ = mode;
    options.open(path)
}

/// Gives a new file the owner (where the system allows) and permissions of the one it
/// replaces.
fn keep_owner_and_mode(file: &std::fs::File, old: &std::fs::Metadata) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        // Only root may give a file away; anyone may keep their own group. Best effort.
        if std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).is_err() {
            let _ignored = std::os::unix::fs::fchown(file, None, Some(old.gid()));
        }
    }
    file.set_permissions(old.permissions())
}

/// Replaces `path` with `bytes`: a new temporary file (created here, never opened through a
/// path another process may have made), written and synced, then renamed over `path`. The
/// old file's mode and owner carry over. With `how.backup`, the old content is first copied
/// to a temporary file of its own (mode `0600`), which is renamed over `NAME.bak` only after
/// the new file is in place: a failed save keeps the old `.bak`, and every `.bak` is whole.
fn replace(path: &Path, bytes: &[u8], how: Replace) -> std::io::Result<()> {
    let _one_at_a_time = SAVING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // A character device or a pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written
    // through, never replaced by a file: there is nothing to keep and nothing to rename.
    if is_stream(path) {
        let mut out = std::fs::OpenOptions::new().write(true).open(path)?;
        out.write_all(bytes)?;
        return out.flush();
    }
    let path = &through_link(path);
    let (dir, prefix, tmp) = temporary(path)?;
    remove_stale_temporaries(&dir, &prefix);
    let old = match std::fs::metadata(path) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(old) = &old {
        if old.is_dir() {
            return Err(std::io::ErrorKind::IsADirectory.into());
        }
        if !old.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                Refusal::NotRegular,
            ));
        }
        if old.permissions().readonly() {
            return Err(read_only(path));
        }
    }
    let backup = match (&old, how.backup) {
        (Some(_), true) => {
            let mut bak = path.as_os_str().to_owned();
            bak.push(".bak");
            let bak = PathBuf::from(bak);
            let (_, bak_prefix, bak_tmp) = temporary(&bak)?;
            remove_stale_temporaries(&dir, &bak_prefix);
            Some((bak, bak_tmp))
        }
        _ => None,
    };
    let result = (|| {
        // This process's own name: a leftover of an earlier process with the same id goes.
        let _gone = std::fs::remove_file(&tmp);
        let private = how.private || old.is_some();
        let mut file = create_new(&tmp, if private { 0o600 } else { 0o666 })?;
        file.write_all(bytes)?;
        if let Some(old) = &old {
            keep_owner_and_mode(&file, old)?;
        }
        file.sync_all()?;
        drop(file);
        if let Some((_, bak_tmp)) = &backup {
            let _gone = std::fs::remove_file(bak_tmp);
            let mut copy = create_new(bak_tmp, 0o600)?;
            std::io::copy(&mut std::fs::File::open(path)?, &mut copy)?;
            copy.sync_all()?;
        }
        std::fs::rename(&tmp, path)?;
        if let Some((bak, bak_tmp)) = &backup {
            std::fs::rename(bak_tmp, bak)?;
        }
        // Make the renames themselves durable.
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ignored = d.sync_all(); // not supported on every file system; the data is already synced
        }
        Ok(())
    })();
    if result.is_err() {
        // Best effort: the error that matters is returned.
        let _ignored = std::fs::remove_file(&tmp);
        if let Some((_, bak_tmp)) = &backup {
            let _ignored = std::fs::remove_file(bak_tmp);
        }
    }
    result
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
        let Some(rest) = name
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
        else {
            continue;
        };
        // `HOST.PID`; an older build wrote `PID` alone (its machine unknown).
        let (host, pid) = rest.rsplit_once('.').unwrap_or(("", rest));
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        // Only this machine's processes can be asked about; another machine's save (on a
        // shared folder) is judged by age alone.
        let here = host == this_host();
        let running = (proc && here).then(|| Path::new(&format!("/proc/{pid}")).exists());
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
/// runs, where this machine can tell (`/proc`, and the file is this machine's); elsewhere —
/// another machine's save on a shared network folder, or no `/proc` — the file's `age`
/// decides, so a save in progress is never removed under it.
fn is_stale(pid: u32, running: Option<bool>, age: Option<std::time::Duration>) -> bool {
    if pid == std::process::id() {
        return false;
    }
    match running {
        Some(running) => !running,
        None => age.is_some_and(|age| age > STALE_AFTER),
    }
}

/// This machine's name as it goes into a temporary file's name (letters, digits and `-`),
/// so a save on a shared folder knows which temporary files are its own machine's.
fn this_host() -> &'static str {
    static HOST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOST.get_or_init(|| {
        let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .or_else(|_| std::fs::read_to_string("/etc/hostname"))
            .unwrap_or_default();
        let name: String = name
            .trim()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .take(64)
            .collect();
        if name.is_empty() {
            "local".to_owned()
        } else {
            name
        }
    })
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
    let tmp = dir.join(format!(
        "{prefix}{}.{}.tmp",
        this_host(),
        std::process::id()
    ));
    Ok((dir, prefix, tmp))
}

/// The temporary file this process writes before renaming it over `path` (tests use it
/// to make a save fail).
pub fn temporary_path(path: &Path) -> std::io::Result<PathBuf> {
    temporary(path).map(|(_, _, tmp)| tmp)
}

/// Writes bytes to `path` through a synced temporary file and a rename (no backup), as
/// [`save`] does: the old file's mode and owner carry over, and a read-only file or anything
/// but a regular file is refused.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace(path, bytes, Replace::PLAIN)
}

/// Like [`write_atomically`], for a file only its owner may read: created `0600`.
pub fn write_privately(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace(path, bytes, Replace::PRIVATE)
}

#[cfg(test)]
mod tests {
    use super::{FileError, MAX_DEPTH, STALE_AFTER, end_of, io_message, is_stale, parse, too_deep};
    use std::path::Path;
    use std::time::Duration;

    /// A small valid session with texts that need escapes and several bytes a character.
    fn small_session_text() -> String {
        let mut commitments = crate::demo::synthetic_commitments(3);
        commitments[0].title = "Données « ouvertes » \"vraies\" \\ — é".into();
        let session = crate::demo::generate(commitments, 2, 7);
        super::to_ron(&session).unwrap()
    }

    /// The message the window and the command line show for bytes read from `cut.ron`.
    fn message_of(bytes: &[u8]) -> Option<String> {
        parse(bytes)
            .err()
            .map(|e| FileError::in_file(Path::new("cut.ron"))(e).to_string())
    }

    /// `cut.ron:LINE:COL: …` — the file, then a line and a column.
    fn has_file_and_place(message: &str) -> bool {
        let Some(rest) = message.strip_prefix("cut.ron:") else {
            return false;
        };
        let mut parts = rest.splitn(3, ':');
        let (line, col) = (parts.next(), parts.next());
        [line, col]
            .iter()
            .all(|n| n.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
            && parts.next().is_some_and(|r| r.starts_with(' '))
    }

    /// Words of the parser's own messages ("Expected colon", "Unexpected end of RON").
    fn parser_jargon(message: &str) -> bool {
        [
            "Expected",
            "Unexpected",
            "RON",
            "identifier",
            "struct",
            "Non-whitespace",
        ]
        .iter()
        .any(|w| message.contains(w))
    }

    #[test]
    fn a_file_cut_anywhere_is_said_to_end_early_with_its_place() {
        let text = small_session_text();
        assert!(parse(text.as_bytes()).is_ok());
        let mut checked = 0;
        for cut in 1..text.len() {
            let Some(message) = message_of(&text.as_bytes()[..cut]) else {
                // Only the final line break may go.
                assert!(text[cut..].trim().is_empty(), "cut at {cut} reads");
                continue;
            };
            assert!(has_file_and_place(&message), "cut at {cut}: {message}");
            assert!(
                message.contains("was it cut off"),
                "cut at {cut}: {message}"
            );
            assert!(!parser_jargon(&message), "cut at {cut}: {message}");
            checked += 1;
        }
        assert!(checked + 2 >= text.len(), "{checked} of {}", text.len());
    }

    #[test]
    fn a_cut_file_is_placed_where_it_ends_or_where_its_open_quote_starts() {
        let text = small_session_text();
        let cut = text.find("ouvertes").unwrap();
        let prefix = &text[..cut];
        // A raw string (the title has quotes): it starts at its `r`.
        let quote = prefix.rfind("r#\"").unwrap();
        let (line, col) = super::position(prefix, quote);
        let message = message_of(prefix.as_bytes()).unwrap();
        assert!(
            message.starts_with(&format!("cut.ron:{line}:{col}: a quoted text")),
            "{line}:{col} {message}"
        );
        let cut = text.find("votes").unwrap() + 3;
        let (line, col) = end_of(&text[..cut]);
        let message = message_of(&text.as_bytes()[..cut]).unwrap();
        assert!(
            message.starts_with(&format!("cut.ron:{line}:{col}: the file ends early")),
            "{message}"
        );
        // In the middle of a character of several bytes: said to end early, just after
        // the last whole character.
        let cut = text.find('é').unwrap() + 1;
        let prefix = &text.as_bytes()[..cut];
        assert!(
            std::str::from_utf8(prefix).is_err(),
            "cut inside the character"
        );
        let (line, col) = end_of(&text[..cut - 1]);
        let message = message_of(prefix).unwrap();
        assert!(
            message.starts_with(&format!("cut.ron:{line}:{col}: the file ends early")),
            "{line}:{col} {message}"
        );
    }

    #[test]
    fn other_syntax_errors_are_said_in_plain_words_at_their_place() {
        let text = small_session_text();
        let cases = [
            (
                text.replacen("votes: ", "votes: \"many\", x: ", 1),
                "a whole number should be here",
            ),
            (
                text.replacen("votes: ", "votes: -3, x: ", 1),
                "negative where it cannot be",
            ),
            (
                text.replacen("votes: ", "votes: 9999999999999, x: ", 1),
                "too large",
            ),
            (
                text.replacen("mode: ", "mode: Hybrid, x: ", 1),
                "not one of the values",
            ),
            (
                text.replacen("votes: ", "votes ", 1),
                "colon (:) is missing",
            ),
            (
                format!("{text}\n(format_version: 1)"),
                "more text after the end",
            ),
            (
                text.replacen("votes: ", "votes: 3 4, x: ", 1),
                "comma is missing",
            ),
            (
                text.replacen("\"transparency\"", "\"trans\\qparency\"", 1),
                "backslash",
            ),
        ];
        for (case, words) in cases {
            assert_ne!(case, text);
            let message = message_of(case.as_bytes()).unwrap();
            assert!(message.contains(words), "{words}: {message}");
            assert!(has_file_and_place(&message), "{message}");
            assert!(!parser_jargon(&message), "{message}");
        }
    }

    #[test]
    fn system_errors_are_said_plainly_with_their_number() {
        let full = std::io::Error::from_raw_os_error(28); // ENOSPC on Linux
        // Checked wherever 28 is ENOSPC, and known to be so on Linux (else the check
        // would be skipped unseen).
        assert!(
            full.kind() == std::io::ErrorKind::StorageFull || !cfg!(target_os = "linux"),
            "{full:?}"
        );
        if full.kind() == std::io::ErrorKind::StorageFull {
            assert_eq!(
                io_message(&full).to_string(),
                "the disk is full (os error 28)"
            );
        }
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(
            io_message(&denied).to_string(),
            "permission denied: the file or its folder is read-only or belongs to someone else"
        );
        let other = std::io::Error::other("something else");
        assert_eq!(io_message(&other).to_string(), "something else");
    }

    /// On a shared network folder, another machine's save in progress keeps its temporary
    /// file; this machine's leftover of a process that is gone is removed.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_save_removes_only_this_machines_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.ron");
        let gone = 4_000_000; // above Linux's largest process id
        let theirs = dir
            .path()
            .join(format!(".w.ron.another-machine.{gone}.tmp"));
        let ours = dir
            .path()
            .join(format!(".w.ron.{}.{gone}.tmp", super::this_host()));
        std::fs::write(&theirs, "their save in progress").unwrap();
        std::fs::write(&ours, "a leftover").unwrap();
        super::save(
            &crate::demo::generate(crate::demo::bundled_commitments(), 1, 1),
            &path,
        )
        .unwrap();
        assert!(
            theirs.exists(),
            "another machine's save in progress is left alone"
        );
        assert!(!ours.exists(), "this machine's leftover goes");
    }

    #[test]
    fn a_temporary_file_is_stale_when_its_process_here_is_gone_or_else_when_it_is_old() {
        let me = std::process::id();
        let other = me.wrapping_add(1);
        let old = Some(STALE_AFTER + Duration::from_secs(1));
        let fresh = Some(Duration::from_secs(2));
        assert!(!is_stale(me, Some(false), old), "never this process's own");
        assert!(
            is_stale(other, Some(false), fresh),
            "this machine's, its process gone"
        );
        assert!(!is_stale(other, Some(true), old));
        // Another machine's (on a shared folder), or no /proc: only by age.
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
