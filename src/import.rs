//! Commitment lists from CSV: header `id,title,theme,votes,description`, UTF-8 with or
//! without BOM, CRLF or LF, quoted fields. Lines starting with `#` before the header are
//! comments (the bundled list uses one to say it is sample data). An optional
//! `decidim_id` column gives the Decidim proposal each idea was (see `decidim`).

use std::path::{Path, PathBuf};

use crate::model::Commitment;
use crate::text::{Localized, Message};

/// The columns a commitment list must have.
pub const COLUMNS: [&str; 5] = ["id", "title", "theme", "votes", "description"];
/// The optional column with the id of the Decidim proposal an idea was: a whole number,
/// or empty.
pub const DECIDIM_ID_COLUMN: &str = "decidim_id";
/// More rows than this are refused (the workshops plot 15).
pub const MAX_ROWS: usize = 10_000;
/// A longer field is refused (a spreadsheet cell's limit).
pub const MAX_FIELD_CHARS: usize = 32_767;
/// Larger files are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Why a commitment list could not be read, with the place (row, line, column) and what was
/// found there. `Display` says it in English; [`Localized::message`] gives the message to
/// translate.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The operating system refused.
    Io(#[from] std::io::Error),
    /// No header.
    Empty,
    /// A required column is missing from the header.
    MissingColumn {
        /// Header line number.
        line: u64,
        /// The missing column.
        column: &'static str,
    },
    /// A cell could not be used.
    Cell {
        /// 1-based data row.
        row: usize,
        /// 1-based line in the file.
        line: u64,
        /// Column name.
        column: &'static str,
        /// What is wrong.
        problem: CellProblem,
    },
    /// Two rows share an id.
    DuplicateId {
        /// The second row.
        row: usize,
        /// Its line.
        line: u64,
        /// The id.
        id: String,
        /// The first row with it.
        first_row: usize,
    },
    /// An id that differs from an earlier row's only in case (after both are made
    /// canonical: [`crate::model::canonical_id`]), so a reader cannot tell them apart.
    AmbiguousId {
        /// The later row.
        row: usize,
        /// Its line.
        line: u64,
        /// Its id.
        id: String,
        /// The earlier row.
        first_row: usize,
        /// The earlier row's id.
        first_id: String,
    },
    /// Malformed CSV (e.g. an unterminated quote, a short row).
    Csv {
        /// Where the CSV reader stopped.
        line: u64,
        /// What it found.
        problem: CsvProblem,
    },
    /// Over a limit.
    TooLarge(Limit),
    /// A folder, a pipe, a device or a socket (see [`crate::file::read_regular`]).
    NotAFile(crate::file::EntryKind),
    /// No data rows.
    NoRows,
}

/// What is wrong with a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellProblem {
    /// Its bytes are not UTF-8.
    NotUtf8,
    /// Longer than [`MAX_FIELD_CHARS`].
    TooLong,
    /// Blank where a value is required (`id`, `title`).
    Empty,
    /// Not a whole number of votes: the cell as written.
    NotANumber(String),
    /// Not a Decidim proposal id (a whole number from 1): the cell as written.
    NotAProposalId(String),
}

/// What the CSV reader found wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CsvProblem {
    /// A row with another number of fields than the header.
    FieldCount {
        /// The row's fields.
        found: u64,
        /// The header's.
        expected: u64,
    },
    /// Bytes that are not UTF-8 text.
    NotUtf8,
    /// A quoted field opened on this line runs to the end of the file: the file was cut
    /// short there (the CSV reader would take what is left as the field).
    QuoteRunsToTheEnd,
    /// Anything else, in the CSV reader's own (English) words.
    Other(String),
}

/// Which limit a commitment list is over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// The file's size in bytes, over [`MAX_FILE_BYTES`].
    Bytes(u64),
    /// More than [`MAX_ROWS`] rows.
    Rows,
}

impl Localized for ImportError {
    fn message(&self) -> Message {
        match self {
            Self::Io(e) => crate::file::io_message(e),
            Self::Empty => Message::new(
                "the file is empty; expected a header line `id,title,theme,votes,description`",
            ),
            Self::MissingColumn { line, column } => Message::new(
                "line %{line}: the header has no `%{column}` column (expected `id,title,theme,votes,description`)",
            )
            .with("line", line)
            .with("column", column),
            Self::Cell {
                row,
                line,
                column,
                problem,
            } => Message::new("row %{row} (line %{line}), column `%{column}`: %{message}")
                .with("row", row)
                .with("line", line)
                .with("column", column)
                .with_message("message", problem.message()),
            Self::DuplicateId {
                row,
                line,
                id,
                first_row,
            } => Message::new(
                "row %{row} (line %{line}): id \"%{id}\" is already used by row %{first_row}",
            )
            .with("row", row)
            .with("line", line)
            .with("id", id)
            .with("first_row", first_row),
            Self::AmbiguousId {
                row,
                line,
                id,
                first_row,
                first_id,
            } => Message::new(
                "row %{row} (line %{line}): id \"%{id}\" differs from the id \"%{first_id}\" of row %{first_row} only in upper and lower case, so they cannot be told apart; give them one id, or two clearly different ones",
            )
            .with("row", row)
            .with("line", line)
            .with("id", id)
            .with("first_id", first_id)
            .with("first_row", first_row),
            Self::Csv { line, problem } => Message::new("line %{line}: %{message}")
                .with("line", line)
                .with_message("message", problem.message()),
            Self::TooLarge(Limit::Bytes(n)) => {
                Message::new("the file is %{n} bytes; commitment lists are limited to 20 MiB")
                    .with("n", n)
            }
            Self::TooLarge(Limit::Rows) => {
                Message::new("more than %{max} rows; a commitment list is limited to %{max}")
                    .with("max", MAX_ROWS)
            }
            Self::NotAFile(what) => crate::file::FileErrorKind::NotAFile(*what).message(),
            Self::NoRows => Message::new("the file has a header but no commitments"),
        }
    }
}

impl std::fmt::Display for ImportError {
    /// The message in English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl Localized for CellProblem {
    fn message(&self) -> Message {
        match self {
            Self::NotUtf8 => Message::new("not UTF-8 text"),
            Self::TooLong => {
                Message::new("longer than %{max} characters").with("max", MAX_FIELD_CHARS)
            }
            Self::Empty => Message::new("is empty"),
            Self::NotANumber(text) => {
                Message::new("\"%{text}\" is not a whole number of votes").with("text", text)
            }
            Self::NotAProposalId(text) => Message::new(
                "\"%{text}\" is not the id of a Decidim proposal (a whole number, as in the proposal's address)",
            )
            .with("text", text),
        }
    }
}

impl Localized for CsvProblem {
    fn message(&self) -> Message {
        match self {
            Self::FieldCount { found, expected } => {
                Message::new("this row has %{len} fields; the header has %{expected}")
                    .with("len", found)
                    .with("expected", expected)
            }
            Self::NotUtf8 => Message::new("not UTF-8 text"),
            Self::QuoteRunsToTheEnd => Message::new(
                "a quoted text that starts here is never closed, so the file ends inside it: was it cut off, or is a closing \" missing?",
            ),
            Self::Other(text) => Message::verbatim(text.clone()),
        }
    }
}

/// A commitment list that could not be read: the file, and why.
#[derive(Debug)]
pub struct CsvFileError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub kind: ImportError,
}

impl Localized for CsvFileError {
    fn message(&self) -> Message {
        Message::new("%{place}: %{reason}")
            .with("place", self.path.display())
            .with_message("reason", self.kind.message())
    }
}

impl std::fmt::Display for CsvFileError {
    /// `FILE: what happened`, in English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

/// No source: the message says the kind, and the kind says the system's error in plain
/// words, so a chain (`error: cause: cause`) would say it twice.
impl std::error::Error for CsvFileError {}

/// Reads a commitment list from a file. The error names the file.
pub fn load_csv(path: &Path) -> Result<Vec<Commitment>, CsvFileError> {
    use crate::file::ReadError;
    let bytes = crate::file::read_regular(path, MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::Io(e) => ImportError::Io(e),
        ReadError::NotAFile(what) => ImportError::NotAFile(what),
        ReadError::TooLarge(n) => ImportError::TooLarge(Limit::Bytes(n)),
    });
    bytes
        .and_then(|bytes| parse_csv(&bytes))
        .map_err(|kind| CsvFileError {
            path: path.to_owned(),
            kind,
        })
}

/// Parses a commitment list.
pub fn parse_csv(bytes: &[u8]) -> Result<Vec<Commitment>, ImportError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    // Comment lines before the header.
    let mut start = 0;
    let mut skipped_lines = 0;
    while bytes[start..].starts_with(b"#") {
        // A line ends at LF, CRLF or a lone CR.
        match bytes[start..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
        {
            Some(n) => {
                start += n + 1;
                if bytes[start - 1] == b'\r' && bytes.get(start) == Some(&b'\n') {
                    start += 1;
                }
            }
            None => start = bytes.len(),
        }
        skipped_lines += 1;
    }
    let bytes = &bytes[start..];
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    // Cut short inside a quoted field: said so, before the reader takes what is left as
    // the last field (or counts the fields of a row cut short).
    if let Some(at) = open_quote_at_the_end(bytes) {
        let lines = Lines::new(bytes, skipped_lines);
        return Err(ImportError::Csv {
            line: lines.line + lines.count(0, at),
            problem: CsvProblem::QuoteRunsToTheEnd,
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    // The CSV reader's own line count is one short per CRLF line break before the place
    // (a spreadsheet's usual export); lines are counted here from its byte offsets.
    let mut lines = Lines::new(bytes, skipped_lines);
    let headers = reader
        .byte_headers()
        .map_err(|e| csv_error(&e, &mut lines))?
        .clone();
    let header_line = 1 + skipped_lines;
    let position = |column: &str| {
        headers.iter().position(|h| {
            String::from_utf8_lossy(h)
                .trim()
                .eq_ignore_ascii_case(column)
        })
    };
    let mut index = [0usize; 5];
    for (slot, column) in index.iter_mut().zip(COLUMNS) {
        *slot = position(column).ok_or(ImportError::MissingColumn {
            line: header_line,
            column,
        })?;
    }
    let decidim_index = position(DECIDIM_ID_COLUMN);

    let mut commitments: Vec<Commitment> = Vec::new();
    let mut first_row = std::collections::HashMap::new();
    let mut record = csv::ByteRecord::new();
    let mut row = 0;
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| csv_error(&e, &mut lines))?
    {
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // a blank row (`,,,,`): not a commitment, and not counted
        }
        row += 1;
        let line = lines.at(record.position());
        if row > MAX_ROWS {
            return Err(ImportError::TooLarge(Limit::Rows));
        }
        let cell_at = |column: &'static str, at: usize| -> Result<String, ImportError> {
            let raw = record.get(at).unwrap_or_default();
            let text = std::str::from_utf8(raw).map_err(|_| ImportError::Cell {
                row,
                line,
                column,
                problem: CellProblem::NotUtf8,
            })?;
            if text.chars().count() > MAX_FIELD_CHARS {
                return Err(ImportError::Cell {
                    row,
                    line,
                    column,
                    problem: CellProblem::TooLong,
                });
            }
            Ok(text.trim().to_owned())
        };
        let cell = |i: usize| cell_at(COLUMNS[i], index[i]);
        // Ids that look the same are the same id (NFC, trimmed, no hidden characters).
        let id = crate::model::canonical_id(&cell(0)?);
        let title = cell(1)?;
        let theme = cell(2)?;
        let votes_text = cell(3)?;
        let description = cell(4)?;
        let required = |value: &str, i: usize| {
            if value.is_empty() {
                Err(ImportError::Cell {
                    row,
                    line,
                    column: COLUMNS[i],
                    problem: CellProblem::Empty,
                })
            } else {
                Ok(())
            }
        };
        let decidim_id = match decidim_index {
            Some(at) => proposal_id(&cell_at(DECIDIM_ID_COLUMN, at)?).map_err(|problem| {
                ImportError::Cell {
                    row,
                    line,
                    column: DECIDIM_ID_COLUMN,
                    problem,
                }
            })?,
            None => String::new(),
        };
        required(&id, 0)?;
        required(&title, 1)?;
        let votes = if votes_text.is_empty() {
            0
        } else {
            votes_text.parse::<u32>().map_err(|_| ImportError::Cell {
                row,
                line,
                column: "votes",
                problem: CellProblem::NotANumber(votes_text.clone()),
            })?
        };
        if let Some(&(first, ref first_id)) = first_row.get(&crate::model::id_fold(&id)) {
            return Err(if *first_id == id {
                ImportError::DuplicateId {
                    row,
                    line,
                    id,
                    first_row: first,
                }
            } else {
                ImportError::AmbiguousId {
                    row,
                    line,
                    id,
                    first_row: first,
                    first_id: String::clone(first_id),
                }
            });
        }
        first_row.insert(crate::model::id_fold(&id), (row, id.clone()));
        commitments.push(Commitment {
            id,
            title,
            theme,
            votes,
            description,
            decidim_id,
        });
    }
    if commitments.is_empty() {
        return Err(ImportError::NoRows);
    }
    Ok(commitments)
}

/// Where the quoted field that the text ends inside opens, if it does: a file cut short
/// there reads, to the CSV reader, as a whole last field. Quotes as the reader takes them:
/// a field's first byte opens one, `""` inside is a quote, and any other quote is text.
fn open_quote_at_the_end(bytes: &[u8]) -> Option<usize> {
    let mut open = None;
    let mut field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if open.is_some() {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    open = None;
                }
            }
        } else if b == b'"' && field_start {
            open = Some(i);
        }
        field_start = open.is_none() && matches!(b, b',' | b'\n' | b'\r');
        i += 1;
    }
    open
}

/// A `decidim_id` cell as the session keeps it: empty, or the proposal's number without
/// leading zeros (Decidim reads the answers file's `id` as a number).
fn proposal_id(cell: &str) -> Result<String, CellProblem> {
    if cell.is_empty() {
        return Ok(String::new());
    }
    crate::decidim::proposal_id(cell)
        .map(str::to_owned)
        .ok_or_else(|| CellProblem::NotAProposalId(cell.to_owned()))
}

/// 1-based line numbers of byte offsets into the CSV text, counted forwards as the reader
/// goes (so a whole file costs one pass): a line ends at LF, CRLF or a lone CR, as the CSV
/// reader's records do.
struct Lines<'a> {
    bytes: &'a [u8],
    /// Offset counted up to, and the line it is on.
    offset: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    /// Counting starts at the first byte of `bytes`, on the line after `skipped` lines.
    fn new(bytes: &'a [u8], skipped: u64) -> Self {
        Self {
            bytes,
            offset: 0,
            line: 1 + skipped,
        }
    }

    /// The line of the place the reader reported (the line counted so far without one).
    fn at(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(mut target) = position.map(|p| (p.byte() as usize).min(self.bytes.len())) else {
            return self.line;
        };
        // The reader may place a record's start before the line breaks (and blank lines)
        // that precede it; a record never starts with one.
        while matches!(self.bytes.get(target), Some(b'\r' | b'\n')) {
            target += 1;
        }
        if target < self.offset {
            (self.offset, self.line) = (0, self.line - self.count(0, self.offset));
        }
        self.line += self.count(self.offset, target);
        self.offset = target;
        self.line
    }

    /// Line breaks in `bytes[from..to]`: a CR LF pair counts at its CR (the reader may
    /// place a record's start on the LF), a lone LF or CR on its own.
    fn count(&self, from: usize, to: usize) -> u64 {
        let part = &self.bytes[from..to];
        part.iter()
            .enumerate()
            .filter(|&(i, &b)| {
                b == b'\r' || (b == b'\n' && (from + i == 0 || self.bytes[from + i - 1] != b'\r'))
            })
            .count() as u64
    }
}

fn csv_error(e: &csv::Error, lines: &mut Lines) -> ImportError {
    let line = lines.at(e.position());
    let problem = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => CsvProblem::FieldCount {
            found: *len,
            expected: *expected_len,
        },
        csv::ErrorKind::Utf8 { .. } => CsvProblem::NotUtf8,
        _ => CsvProblem::Other(e.to_string()),
    };
    ImportError::Csv { line, problem }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_column_is_placed_on_the_header_after_the_comments() {
        for (comments, line) in [
            ("", 1),
            ("# Ideas\n", 2),
            ("# Ideas\n# from the survey\n", 3),
        ] {
            let list = format!("{comments}id,title,theme,description\n1,Open,transparency,\n");
            assert!(
                matches!(
                    parse_csv(list.as_bytes()),
                    Err(ImportError::MissingColumn { line: l, column: "votes" }) if l == line
                ),
                "{list:?}: {:?}",
                parse_csv(list.as_bytes())
            );
        }
    }

    #[test]
    fn a_list_of_20_mib_is_read_and_one_byte_more_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        let header = b"id,title,theme,votes,description\n1,Open,transparency,3,\n";
        for (size, refused) in [(MAX_FILE_BYTES, false), (MAX_FILE_BYTES + 1, true)] {
            // The list, then blank lines up to the size.
            let mut bytes = header.to_vec();
            bytes.resize(usize::try_from(size).unwrap(), b'\n');
            std::fs::write(&path, &bytes).unwrap();
            match load_csv(&path) {
                Ok(list) => {
                    assert!(!refused, "{size} bytes read");
                    assert_eq!(list.len(), 1);
                }
                Err(e) => {
                    assert!(refused, "{size} bytes refused: {e}");
                    assert!(
                        matches!(e.kind, ImportError::TooLarge(Limit::Bytes(n)) if n == size),
                        "{e}"
                    );
                }
            }
        }
        assert_eq!(MAX_FILE_BYTES, 20 * 1024 * 1024, "the README's 20 MiB");
    }

    const HEADER: &str = "id,title,theme,votes,description\n";

    #[test]
    fn reads_bom_crlf_quotes_and_newlines() {
        let text = "\u{feff}id,title,theme,votes,description\r\n1,\"Open data, by default\",transparency,120,\"She said \"\"yes\"\"\nand left\"\r\n2,Youth,public participation,80,Short\r\n";
        let list = parse_csv(text.as_bytes()).expect("valid");
        // Every field of both rows: the BOM is not part of the first column's name or the
        // first id, and a quoted line break is the description's own.
        assert_eq!(
            list,
            [
                Commitment {
                    id: "1".into(),
                    title: "Open data, by default".into(),
                    theme: "transparency".into(),
                    votes: 120,
                    description: "She said \"yes\"\nand left".into(),
                    decidim_id: String::new(),
                },
                Commitment {
                    id: "2".into(),
                    title: "Youth".into(),
                    theme: "public participation".into(),
                    votes: 80,
                    description: "Short".into(),
                    decidim_id: String::new(),
                },
            ]
        );
    }

    #[test]
    fn columns_may_come_in_any_order_and_comments_lead() {
        let text = "# sample data\nvotes,description,id,theme,title,extra\n5,d,A,t,T,x\n";
        let list = parse_csv(text.as_bytes()).expect("valid");
        // Each value from its own column, whatever the order (and the extra one ignored).
        assert_eq!(
            list,
            [Commitment {
                id: "A".into(),
                title: "T".into(),
                theme: "t".into(),
                votes: 5,
                description: "d".into(),
                decidim_id: String::new(),
            }]
        );
    }

    #[test]
    fn missing_column_is_named() {
        let err = parse_csv(b"id,title,theme,description\n1,a,b,c\n").unwrap_err();
        assert!(
            matches!(
                err,
                ImportError::MissingColumn {
                    line: 1,
                    column: "votes"
                }
            ),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "line 1: the header has no `votes` column (expected `id,title,theme,votes,description`)"
        );
    }

    #[test]
    fn bad_number_names_row_and_column() {
        let text = format!("{HEADER}1,a,t,10,d\n2,b,t,many,d\n");
        let err = parse_csv(text.as_bytes()).unwrap_err();
        assert!(
            matches!(
                &err,
                ImportError::Cell {
                    row: 2,
                    line: 3,
                    column: "votes",
                    problem: CellProblem::NotANumber(cell),
                } if cell == "many"
            ),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(
            message.starts_with("row 2 (line 3), column `votes`: ") && message.contains("many"),
            "{message}"
        );
    }

    #[test]
    fn duplicate_id_is_refused() {
        let text = format!("{HEADER}1,a,t,1,d\n1,b,t,2,d\n");
        let err = parse_csv(text.as_bytes()).unwrap_err();
        assert!(
            matches!(
                err,
                ImportError::DuplicateId {
                    row: 2,
                    first_row: 1,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn short_row_and_empty_files_are_errors() {
        let text = format!("{HEADER}1,a,t\n");
        let err = parse_csv(text.as_bytes()).unwrap_err();
        assert!(
            matches!(
                err,
                ImportError::Csv {
                    line: 2,
                    problem: CsvProblem::FieldCount {
                        found: 3,
                        expected: 5
                    }
                }
            ),
            "{err:?}"
        );
        assert!(matches!(parse_csv(b""), Err(ImportError::Empty)));
        assert!(matches!(
            parse_csv(HEADER.as_bytes()),
            Err(ImportError::NoRows)
        ));
    }

    /// A list cut short inside a quoted field is refused at the line the field opens on;
    /// the CSV reader alone took what was left as the last field, and a cut description
    /// was imported as if whole. Quotes that are text, and doubled ones, are not cuts.
    #[test]
    fn a_list_cut_inside_a_quoted_field_is_refused_where_the_quote_opens() {
        for eol in ["\n", "\r\n"] {
            let whole = [
                "# c",
                HEADER.trim_end(),
                "1,Open data,t,68,\"Adopt",
                "the \"\"Charter\"\"\"",
                "2,Youth,t,3,d",
            ]
            .join(eol)
                + eol;
            assert_eq!(parse_csv(whole.as_bytes()).unwrap().len(), 2, "{eol:?}");
            for cut in ["Adopt", "Charter", "Charter\"\""] {
                let text = &whole[..whole.find(cut).unwrap() + cut.len()];
                let err = parse_csv(text.as_bytes()).unwrap_err();
                assert!(
                    matches!(
                        err,
                        ImportError::Csv {
                            line: 3,
                            problem: CsvProblem::QuoteRunsToTheEnd
                        }
                    ),
                    "{eol:?} cut after {cut:?}: {err:?}"
                );
            }
        }
        let text = format!("{HEADER}1,\"Open data");
        assert_eq!(
            parse_csv(text.as_bytes()).unwrap_err().to_string(),
            "line 2: a quoted text that starts here is never closed, so the file ends inside it: was it cut off, or is a closing \" missing?"
        );
        // A quote inside a field is text; a field that is quoted whole ends at its quote.
        let text = format!("{HEADER}1,a 5\" screen,t,1,\"d, \"\"e\"\"\"\n");
        let list = parse_csv(text.as_bytes()).unwrap();
        assert_eq!(
            (list[0].title.as_str(), list[0].description.as_str()),
            ("a 5\" screen", "d, \"e\"")
        );
    }

    /// Bytes that are not UTF-8 are refused as such, at their row and column — not for
    /// something else the file lacks (a list of garbage has no header either).
    #[test]
    fn a_cell_that_is_not_utf8_is_refused_as_such() {
        let mut text = HEADER.as_bytes().to_vec();
        text.extend_from_slice(b"1,Open data,t,1,d\n2,caf\xe9,t,1,d\n");
        let err = parse_csv(&text).unwrap_err();
        assert!(
            matches!(
                err,
                ImportError::Cell {
                    row: 2,
                    line: 3,
                    column: "title",
                    problem: CellProblem::NotUtf8,
                }
            ),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "row 2 (line 3), column `title`: not UTF-8 text"
        );
    }

    #[test]
    fn empty_id_is_an_error() {
        let text = format!("{HEADER},a,t,1,d\n");
        let err = parse_csv(text.as_bytes()).unwrap_err();
        assert!(
            matches!(
                err,
                ImportError::Cell {
                    row: 1,
                    line: 2,
                    column: "id",
                    problem: CellProblem::Empty,
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn limits_are_enforced() {
        let long = "x".repeat(MAX_FIELD_CHARS + 1);
        let text = format!("{HEADER}1,{long},t,1,d\n");
        let err = parse_csv(text.as_bytes()).unwrap_err();
        assert!(
            matches!(
                err,
                ImportError::Cell {
                    row: 1,
                    line: 2,
                    column: "title",
                    problem: CellProblem::TooLong,
                }
            ),
            "{err:?}"
        );
        // At the limit exactly: read.
        let text = format!("{HEADER}1,{},t,1,d\n", &long[1..]);
        assert_eq!(
            parse_csv(text.as_bytes()).unwrap()[0].title.chars().count(),
            MAX_FIELD_CHARS
        );
        let mut many = HEADER.to_owned();
        for i in 0..=MAX_ROWS {
            many.push_str(&format!("{i},t,t,1,d\n"));
        }
        assert!(matches!(
            parse_csv(many.as_bytes()),
            Err(ImportError::TooLarge(Limit::Rows))
        ));
    }

    /// Line numbers are the file's, whatever ends its lines: CRLF (a spreadsheet's export),
    /// LF, a lone CR; after comment lines and multi-line quoted fields too.
    #[test]
    fn errors_name_the_right_line_with_crlf_line_ends() {
        for eol in ["\r\n", "\n", "\r"] {
            let lines = |rows: &[&str]| rows.join(eol) + eol;
            let bad_votes = lines(&[
                "# c",
                "id,title,theme,votes,description",
                "1,a,t,1,d",
                "2,\"b",
                "c\",t,1,d",
                "3,b,t,many,d",
            ]);
            let message = parse_csv(bad_votes.as_bytes()).unwrap_err().to_string();
            assert!(message.contains("row 3 (line 6)"), "{eol:?}: {message}");
            let short = lines(&["id,title,theme,votes,description", "1,a,t,1,d", "2,a,t"]);
            let message = parse_csv(short.as_bytes()).unwrap_err().to_string();
            assert!(message.starts_with("line 3:"), "{eol:?}: {message}");
            let twice = lines(&[
                "id,title,theme,votes,description",
                "1,a,t,1,d",
                "",
                "1,b,t,1,d",
            ]);
            let message = parse_csv(twice.as_bytes()).unwrap_err().to_string();
            assert!(message.contains("(line 4)"), "{eol:?}: {message}");
        }
    }

    /// Wholly blank rows (`,,,,`, a spreadsheet's trailing rows) anywhere are skipped and do
    /// not count toward the row limit or the row numbers.
    #[test]
    fn blank_rows_are_skipped_and_not_counted() {
        let mut text = String::from("id,title,theme,votes,description\r\n");
        for i in 0..MAX_ROWS {
            text.push_str(&format!("{i},t,t,1,d\r\n"));
            if i % 1000 == 0 {
                text.push_str(",,,,\r\n , ,,\t,\r\n");
            }
        }
        text.push_str(&",,,,\r\n".repeat(50));
        let list = parse_csv(text.as_bytes()).expect("10,000 rows and blank ones");
        assert_eq!(list.len(), MAX_ROWS);
        let text = "id,title,theme,votes,description\r\n,,,,\r\n1,a,t,1,d\r\n,,,,\r\n2,b,t,x,d\r\n";
        let message = parse_csv(text.as_bytes()).unwrap_err().to_string();
        assert!(message.contains("row 2 (line 5)"), "{message}");
        assert!(matches!(
            parse_csv(b"id,title,theme,votes,description\r\n,,,,\r\n,,,,\r\n"),
            Err(ImportError::NoRows)
        ));
    }

    /// The optional `decidim_id` column: read when present (any case, any place), its
    /// number kept without leading zeros; an empty cell or no column is no Decidim id.
    #[test]
    fn the_decidim_id_column_is_optional() {
        let text = "id,title,theme,votes,description,Decidim_ID\n1,a,t,1,d,123\n2,b,t,1,d,\n3,c,t,1,d, 0042 \n";
        let list = parse_csv(text.as_bytes()).expect("valid");
        let ids: Vec<&str> = list.iter().map(|c| c.decidim_id.as_str()).collect();
        assert_eq!(ids, ["123", "", "42"]);
        let text = format!("{HEADER}1,a,t,1,d\n");
        assert_eq!(parse_csv(text.as_bytes()).unwrap()[0].decidim_id, "");
        let text = "decidim_id,id,title,theme,votes,description\n7,1,a,t,1,d\n";
        assert_eq!(parse_csv(text.as_bytes()).unwrap()[0].decidim_id, "7");
    }

    /// A `decidim_id` that is not a proposal's number is refused, naming the file, the
    /// row, its line and the column, and saying what was found.
    #[test]
    fn a_bad_decidim_id_names_the_file_row_line_and_column() {
        for bad in [
            "abc",
            "0",
            "-3",
            "https://decidim.example/processes/plan/f/7/proposals/12",
            "1 2",
        ] {
            let text = format!(
                "id,title,theme,votes,description,decidim_id\n1,a,t,1,d,12\n2,b,t,1,d,\"{bad}\"\n"
            );
            let err = parse_csv(text.as_bytes()).unwrap_err();
            assert!(
                matches!(
                    &err,
                    ImportError::Cell {
                        row: 2,
                        line: 3,
                        column: "decidim_id",
                        problem: CellProblem::NotAProposalId(found),
                    } if found == bad
                ),
                "{err}"
            );
            assert_eq!(
                err.to_string(),
                format!(
                    "row 2 (line 3), column `decidim_id`: \"{bad}\" is not the id of a Decidim proposal (a whole number, as in the proposal's address)"
                )
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ideas.csv");
        std::fs::write(
            &path,
            "id,title,theme,votes,description,decidim_id\n1,a,t,1,d,x\n",
        )
        .unwrap();
        let err = load_csv(&path).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "{}: row 1 (line 2), column `decidim_id`: \"x\"",
                path.display()
            )),
            "{err}"
        );
        let long = "1".repeat(MAX_FIELD_CHARS + 1);
        let text = format!("id,title,theme,votes,description,decidim_id\n1,a,t,1,d,{long}\n");
        assert!(matches!(
            parse_csv(text.as_bytes()),
            Err(ImportError::Cell {
                column: "decidim_id",
                problem: CellProblem::TooLong,
                ..
            })
        ));
    }

    /// Ids are made canonical (NFC, trimmed, hidden characters removed), so look-alikes
    /// are duplicates, and ids that differ only in case are refused with both named.
    #[test]
    fn look_alike_ids_are_one_id_and_case_twins_are_refused() {
        let text = format!("{HEADER}\"ca\u{200b}fe\u{301} \",a,t,1,d\n");
        assert_eq!(parse_csv(text.as_bytes()).unwrap()[0].id, "caf\u{e9}");
        let text = format!("{HEADER}caf\u{e9},a,t,1,d\ncafe\u{301}\u{feff},b,t,1,d\n");
        assert!(matches!(
            parse_csv(text.as_bytes()),
            Err(ImportError::DuplicateId {
                row: 2,
                first_row: 1,
                ..
            })
        ));
        let text = format!("{HEADER}Caf\u{e9},a,t,1,d\ncafe\u{301},b,t,1,d\n");
        let err = parse_csv(text.as_bytes()).unwrap_err();
        assert!(
            matches!(
                &err,
                ImportError::AmbiguousId { row: 2, line: 3, id, first_row: 1, first_id }
                    if id == "caf\u{e9}" && first_id == "Caf\u{e9}"
            ),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(
            message.contains("\"caf\u{e9}\"")
                && message.contains("\"Caf\u{e9}\"")
                && message.contains("row 1"),
            "{message}"
        );
    }
}
