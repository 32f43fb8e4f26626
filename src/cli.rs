//! The command line: open the window, or run a subcommand on top of the library.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::model::{Commitment, Session};

/// Plot, compare, select and refine open-government commitments in co-creation workshops.
#[derive(Debug, Parser)]
#[command(
    name = "cocreate",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A session (.ron) or a commitment list (.csv) to open in the window.
    pub file: Option<PathBuf>,

    /// Open in presenter mode (full screen, large type).
    #[arg(long)]
    pub present: bool,

    /// Open the room at once: groups place from their own devices. Prints one line per
    /// group on standard output: `room: <group name> <URL>`.
    #[arg(long)]
    pub room: bool,

    /// The room's address and port (default: every interface, port 7878).
    #[arg(long, value_name = "ADDR:PORT", requires = "room")]
    pub room_addr: Option<std::net::SocketAddr>,

    /// Language of the window: en or fr (remembered for the next start).
    #[arg(long, value_name = "LANG", value_parser = crate::i18n::LANGUAGES.map(|(code, _)| code))]
    pub lang: Option<String>,

    /// A subcommand; without one, the window opens.
    #[command(subcommand)]
    pub command: Option<Verb>,
}

/// The subcommands (`check`, `new`, `demo`, `merge`, `report`, `pack`): verbs of the command line,
/// not the window's `app::Command`.
#[derive(Debug, Subcommand)]
pub enum Verb {
    /// Check session files (and commitment lists): prints `FILE: ok` or `FILE:LINE:COL: message`
    /// (`FILE: ok (format version 1: will be saved as version 2)` for an older session file).
    Check {
        /// Files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Also run the IRM pre-check on every refined commitment: verifiable milestones,
        /// the open-government lens, the stated ambition beside the room's. Exits 1 when
        /// any warning is found.
        #[arg(long)]
        irm: bool,
    },
    /// Write a new, empty workshop.
    New {
        /// Commitment list (CSV); default: the bundled 15 top-voted commitments.
        #[arg(long, value_name = "FILE.csv")]
        commitments: Option<PathBuf>,
        /// Workshop name.
        #[arg(long, value_name = "NAME", default_value = "New workshop")]
        workshop: String,
        /// Number of groups.
        #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=64))]
        groups: u32,
        /// Output session file.
        #[arg(short, long, value_name = "OUT.ron")]
        output: PathBuf,
    },
    /// Write a plausible finished workshop, reproducible for a seed.
    Demo {
        /// Commitment list (CSV); default: the bundled list.
        #[arg(long, value_name = "FILE.csv", conflicts_with = "ideas")]
        commitments: Option<PathBuf>,
        /// Make N synthetic commitments (ids and titles depend only on N).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000))]
        ideas: Option<u32>,
        /// Number of groups.
        #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=200))]
        groups: u32,
        /// Random seed; each seed gives a different workshop id.
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// Instead, write the three example sessions of the Ontario 2016 event into the folder
        /// OUT, and the organizers' file after them (merged, with a reasoned response).
        #[arg(long, conflicts_with_all = ["commitments", "ideas"])]
        ontario_2016: bool,
        /// Output session file (a folder with --ontario-2016).
        #[arg(short, long, value_name = "OUT.ron")]
        output: PathBuf,
    },
    /// Merge session files: every workshop, group and placement kept with its provenance;
    /// disagreements kept as conflicts. Prints a summary and the conflicts.
    Merge {
        /// Session files to merge.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output session file.
        #[arg(short, long, value_name = "MERGED.ron")]
        output: PathBuf,
    },
    /// Write a report: the action-plan draft (Markdown), the placements (CSV), or the files
    /// Decidim imports: the plan's results (decidim-results) and the answers to the ideas
    /// that were Decidim proposals (decidim-answers).
    Report {
        /// Session file.
        file: PathBuf,
        /// Report format.
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
        /// Output file; standard output if missing. With Markdown, the grid image is
        /// written beside it as NAME-grid.svg.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Include sign-ups (names, organizations, e-mails): personal data, as an appendix
        /// that lists each person once.
        #[arg(long)]
        include_contacts: bool,
        /// Leave out the working notes: the "SMART check" lines and their findings.
        #[arg(long)]
        no_smart_notes: bool,
        /// The commitment template of the plan draft: 2016 (the seed's) or current (the
        /// National Handbook's); default: the session's own.
        #[arg(long, value_enum, value_name = "TEMPLATE")]
        template: Option<TemplateArg>,
        /// Language of the reasoned response (`--format response`): en or fr.
        #[arg(long, value_name = "LANG", default_value = "en", value_parser = crate::i18n::LANGUAGES.map(|(code, _)| code))]
        lang: String,
        /// decidim-results: the id of the first result; the others follow. Decidim updates
        /// a result of the component that has a row's id: the default is far above the ids
        /// Decidim gives, so every row is created.
        #[arg(long, value_name = "N", default_value_t = crate::decidim::DEFAULT_FIRST_ID,
              value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::decidim::MAX_ID)))]
        decidim_first_id: u32,
        /// decidim-results: the status of every result, as the id of one of the
        /// accountability component's statuses in your Decidim (ids differ between
        /// instances); empty when not given.
        #[arg(long, value_name = "ID", value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::decidim::MAX_ID)))]
        decidim_status_id: Option<u32>,
    },
    /// Write an evidence pack for the OGP repository: the folder
    /// DIR/cocreate-evidence-YYYY-MM-DD with a record of each workshop, the timeline, the
    /// plan draft and its grid, the CSVs, a README and a MANIFEST of SHA-256 hashes. Prints
    /// the pack's fingerprint (the MANIFEST's SHA-256): publish it apart from the pack.
    /// With --verify, checks a pack instead.
    Pack {
        /// Session files (merged, as `cocreate merge` does, when there are several).
        #[arg(required_unless_present = "verify", conflicts_with = "verify")]
        files: Vec<PathBuf>,
        /// The folder to write the pack in (made if missing); the pack is a new folder inside it.
        #[arg(
            short,
            long,
            value_name = "DIR",
            required_unless_present = "verify",
            conflicts_with = "verify"
        )]
        output: Option<PathBuf>,
        /// The pack's date, which names its folder (default: today, local time).
        #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "verify")]
        date: Option<String>,
        /// Include sign-ups (names, organizations, e-mails) and the leads' contacts:
        /// personal data. Publish such a pack only with the people's consent.
        #[arg(long, conflicts_with = "verify")]
        include_contacts: bool,
        /// Instead, check the pack in this folder against its MANIFEST: prints each file
        /// changed, missing or added, and exits with 1 if there is one.
        #[arg(long, value_name = "PACK")]
        verify: Option<PathBuf>,
        /// With --verify: the fingerprint published with the pack (the MANIFEST's SHA-256),
        /// so a MANIFEST rewritten to match changed files is caught too.
        #[arg(long, value_name = "SHA256", requires = "verify")]
        fingerprint: Option<String>,
    },
}

/// Report formats (the window's File → Export report… writes the same).
pub use crate::export::Format;

/// The commitment templates, as the command line names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateArg {
    /// The 2016 OGP template (the seed's headings).
    #[value(name = "2016")]
    Ogp2016,
    /// The current template of the OGP National Handbook.
    Current,
}

impl From<TemplateArg> for crate::model::Template {
    fn from(t: TemplateArg) -> Self {
        match t {
            TemplateArg::Ogp2016 => Self::Ogp2016,
            TemplateArg::Current => Self::Current,
        }
    }
}

/// What `main` should do after parsing the command line.
#[derive(Debug)]
pub enum Outcome {
    /// Open the window (`main` passes these on as the app's `WindowOptions`).
    Window {
        /// A session or commitment list to open; it exists.
        file: Option<PathBuf>,
        /// Open the room at once, on this address (or the default).
        room: Option<Option<std::net::SocketAddr>>,
        /// Start in presenter mode.
        present: bool,
        /// Language, overriding the remembered one.
        language: Option<String>,
    },
    /// A subcommand ran; exit with this code.
    Exit(ExitCode),
}

/// Runs a subcommand, or tells `main` to open the window.
pub fn run(cli: Cli) -> Outcome {
    let Some(command) = cli.command else {
        let file = cli.file.map(local_path);
        if let Some(file) = &file
            && !file.is_file()
        {
            complain(&format!("{}: no such file", file.display()));
            return Outcome::Exit(ExitCode::FAILURE);
        }
        return Outcome::Window {
            file,
            room: cli.room.then_some(cli.room_addr),
            present: cli.present,
            language: cli.lang,
        };
    };
    let result =
        match command {
            Verb::Check { files, irm } => return Outcome::Exit(check(&files, irm)),
            Verb::Merge { files, output } => merge(&files, &output),
            Verb::Report {
                file,
                format,
                output,
                include_contacts,
                no_smart_notes,
                template,
                lang,
                decidim_first_id,
                decidim_status_id,
            } => {
                crate::i18n::set_language(&lang);
                report(
                    &file,
                    format,
                    output.as_deref(),
                    &crate::report::MarkdownOptions {
                        grid_image: None,
                        include_contacts,
                        omit_smart_notes: no_smart_notes,
                        template: template.map(Into::into),
                        say: Some(crate::i18n::message),
                    },
                    &crate::decidim::Options {
                        first_id: decidim_first_id,
                        status_id: decidim_status_id,
                        en: &|m| crate::i18n::message_in("en", m),
                        fr: &|m| crate::i18n::message_in("fr", m),
                    },
                )
            }
            Verb::Pack {
                verify: Some(folder),
                fingerprint,
                ..
            } => return Outcome::Exit(verify_pack(&folder, fingerprint.as_deref())),
            Verb::Pack {
                files,
                output,
                date,
                include_contacts,
                ..
            } => pack(&files, output.as_deref(), date.as_deref(), include_contacts),
            Verb::New {
                commitments,
                workshop,
                groups,
                output,
            } => refuse_overwriting_inputs(&[commitments.as_deref()], &[&output])
                .and_then(|()| commitment_list(commitments.as_deref()))
                .and_then(|list| {
                    let session = Session::new_workshop(list, &workshop, groups as usize);
                    write(&session, &output)
                }),
            Verb::Demo {
                ontario_2016: true,
                output,
                ..
            } => write_ontario_2016(&output),
            Verb::Demo {
                commitments,
                ideas,
                groups,
                seed,
                output,
                ..
            } => {
                let list = refuse_overwriting_inputs(&[commitments.as_deref()], &[&output])
                    .and_then(|()| match ideas {
                        Some(n) => Ok(crate::demo::synthetic_commitments(n as usize)),
                        None => commitment_list(commitments.as_deref()),
                    });
                list.and_then(|list| {
                    write(&crate::demo::generate(list, groups as usize, seed), &output)
                })
            }
        };
    finish(result)
}

/// The file to open from the window's argument: a `file://` URI (`file:///a%20b.ron` or
/// `file://localhost/...`, as some launchers and file managers pass) becomes the local path
/// it names; anything else, or a URI of another host, stays as it is. The menu entry's
/// `Exec=cocreate %f` passes a plain path, spaces and all, as one argument.
pub fn local_path(arg: PathBuf) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt as _;
        let Some(text) = arg.to_str() else {
            return arg;
        };
        let Some(rest) = text
            .get(..7)
            .filter(|scheme| scheme.eq_ignore_ascii_case("file://"))
            .map(|_| &text[7..])
        else {
            return arg;
        };
        let path = match rest.strip_prefix("localhost") {
            Some(path) if path.starts_with('/') => path,
            _ if rest.starts_with('/') => rest,
            _ => return arg,
        };
        let bytes = path.as_bytes();
        let mut decoded = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            match (
                bytes[i],
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            ) {
                (b'%', Some(high), Some(low)) => {
                    decoded.push((high * 16 + low) as u8);
                    i += 3;
                }
                (byte, _, _) => {
                    decoded.push(byte);
                    i += 1;
                }
            }
        }
        PathBuf::from(std::ffi::OsString::from_vec(decoded))
    }
    #[cfg(not(unix))]
    arg
}

fn finish(result: anyhow::Result<()>) -> Outcome {
    Outcome::Exit(match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            complain(&crate::i18n::error_chain(e.as_ref()));
            ExitCode::FAILURE
        }
    })
}

/// Says what went wrong on standard error, `cocreate: ` first. A closed or full standard
/// error is not a reason to fail (or to panic): there is nowhere else to say it.
pub fn complain(message: &str) {
    let message = terminal_safe(message);
    let _unsaid = writeln!(std::io::stderr(), "cocreate: {message}");
}

/// Writes lines on standard output (terminal-safe, flushed); a closed or full standard
/// output is not a reason to fail, or to panic.
pub fn say(text: &str) {
    let _unsaid = Stdout::new().write(text);
}

/// Text as a terminal must show it: names and paths the user typed can hold control
/// characters (an escape sequence could move the cursor, clear a line, set the title or
/// make a link) and bidi or zero-width characters (which reorder or hide what is shown).
/// Each such character is written as a visible `\u{…}`; line breaks and tabs stay.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    fn hidden(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t')
            || crate::text::is_hidden(c)
            || matches!(c, '\u{FFF9}'..='\u{FFFB}')
    }
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            use std::fmt::Write as _;
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// What a failed write to standard output means (a full disk, say).
fn stdout_error(e: &std::io::Error) -> anyhow::Error {
    anyhow::anyhow!("standard output: {}", crate::i18n::localized(e))
}

/// Prints clap's help, version or usage error and gives the exit code to end with: 0 for
/// help and version, 2 for a usage error, 1 when help or version could not be written to
/// standard output (a full disk). A closed pipe (`cocreate --help | head -1`) ends quietly.
pub fn parse_error(e: &clap::Error) -> ExitCode {
    let printed = e.print().and_then(|()| std::io::stdout().flush());
    match printed {
        Err(io) if !e.use_stderr() && io.kind() != std::io::ErrorKind::BrokenPipe => {
            complain(&format!("{:#}", stdout_error(&io)));
            ExitCode::FAILURE
        }
        _ => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1)),
    }
}

/// Standard output for the subcommands. A reader that went away (`cocreate check … | head`)
/// ends the output quietly, as other command-line tools do: the rest is not written and the
/// command's own result stands. Any other failure (a full disk) is an error.
struct Stdout {
    out: std::io::StdoutLock<'static>,
    closed: bool,
}

impl Stdout {
    fn new() -> Self {
        Self {
            out: std::io::stdout().lock(),
            closed: false,
        }
    }

    /// Writes, then flushes, so a failure shows where it happens. What the user typed
    /// reaches the terminal as text only ([`terminal_safe`]).
    fn write(&mut self, text: &str) -> anyhow::Result<()> {
        if self.closed {
            return Ok(());
        }
        let text = terminal_safe(text);
        match self
            .out
            .write_all(text.as_bytes())
            .and_then(|()| self.out.flush())
        {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(stdout_error(&e)),
            Ok(()) => Ok(()),
        }
    }

    fn line(&mut self, line: &str) -> anyhow::Result<()> {
        self.write(&format!("{line}\n"))
    }
}

/// Refuses to write an output over an input, or one output over another: the same file by
/// name, through a symbolic link or as a hard link (the same device and inode). Checked
/// before anything is read or written, so a refused command writes nothing.
fn refuse_overwriting_inputs(inputs: &[Option<&Path>], outputs: &[&Path]) -> anyhow::Result<()> {
    for (i, output) in outputs.iter().enumerate() {
        let earlier = outputs[..i].iter().copied().map(Some);
        if let Some(input) = inputs
            .iter()
            .copied()
            .chain(earlier)
            .flatten()
            .find(|input| crate::file::same_file(input, output))
        {
            anyhow::bail!(
                "{}: this is also {}, an input of this command; write the output to another file (nothing was written)",
                output.display(),
                input.display()
            );
        }
    }
    Ok(())
}

fn commitment_list(path: Option<&Path>) -> anyhow::Result<Vec<Commitment>> {
    match path {
        Some(p) => Ok(crate::import::load_csv(p)?),
        None => Ok(crate::demo::bundled_commitments()),
    }
}

fn write(session: &Session, output: &Path) -> anyhow::Result<()> {
    crate::file::save(session, output)?;
    Ok(())
}

fn merge(files: &[PathBuf], output: &Path) -> anyhow::Result<()> {
    let given: Vec<Option<&Path>> = files.iter().map(|f| Some(f.as_path())).collect();
    refuse_overwriting_inputs(&given, &[output])?;
    let inputs = files
        .iter()
        .map(|f| crate::file::load(f))
        .collect::<Result<Vec<_>, _>>()?;
    let names = crate::merge::source_names(files);
    let merged = crate::merge::merge_named(&names.into_iter().zip(inputs).collect::<Vec<_>>())?;
    crate::file::validate(&merged).map_err(|e| {
        anyhow::anyhow!(
            "the merged session is not valid: {}",
            crate::i18n::localized(&e)
        )
    })?;
    write(&merged, output)?;
    let s = crate::merge::Summary::of(&merged);
    let mut out = Stdout::new();
    out.line(&format!(
        "{}: {} workshops, {} groups, {} placements, {} selections ({} selected at two or more workshops), {} refinements, {} sign-ups",
        output.display(),
        s.workshops,
        s.groups,
        s.placements,
        s.selections,
        s.selected_at_two_or_more,
        s.refinements,
        s.sign_ups
    ))?;
    match merged.conflicts.len() {
        0 => out.line("no conflicts")?,
        n => {
            out.line(&format!(
                "{n} conflicts (every version is kept; resolve them in the window):"
            ))?;
            // Described all at once: one lookup table, not a search of every workshop per
            // conflict (a merge can hold a hundred thousand).
            for line in crate::merge::describe_all(&merged) {
                out.line(&format!("  - {}", crate::i18n::message(&line)))?;
            }
        }
    }
    Ok(())
}

/// `cocreate report`. A session that cannot be said in a Decidim file is refused naming
/// the session file, and nothing is written; what the organizers should know of a Decidim
/// file (it is empty; a commitment was refined in several versions) is said on standard
/// error.
fn report(
    file: &Path,
    format: Format,
    output: Option<&Path>,
    options: &crate::report::MarkdownOptions,
    decidim: &crate::decidim::Options,
) -> anyhow::Result<()> {
    use crate::export::{ExportError, ExportProblem};
    let outputs = output.map_or_else(Vec::new, |out| crate::export::outputs(out, format));
    let outputs: Vec<&Path> = outputs.iter().map(PathBuf::as_path).collect();
    refuse_overwriting_inputs(&[Some(file)], &outputs)?;
    let session = crate::file::load(file)?;
    let in_session = |kind| crate::decidim::DecidimFileError {
        path: file.to_owned(),
        kind,
    };
    match output {
        Some(out) => {
            crate::export::write_with(&session, out, format, options, decidim).map_err(
                |e| match e {
                    ExportError {
                        problem: ExportProblem::Decidim(kind),
                        ..
                    } => anyhow::Error::new(in_session(kind)),
                    other => anyhow::Error::new(other),
                },
            )?;
        }
        None => Stdout::new()
            .write(&crate::export::text(&session, format, options, decidim).map_err(in_session)?)?,
    }
    let notes = match format {
        Format::DecidimResults => crate::decidim::results_notes(&session),
        Format::DecidimAnswers => crate::decidim::answers_notes(&session),
        Format::Markdown | Format::Csv | Format::Response => Vec::new(),
    };
    for note in notes {
        complain(&crate::i18n::message(
            &crate::text::Message::new("%{place}: %{reason}")
                .with("place", file.display())
                .with_message("reason", note),
        ));
    }
    Ok(())
}

fn write_ontario_2016(dir: &Path) -> anyhow::Result<()> {
    use anyhow::Context as _;
    std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    for (name, session) in crate::demo::ontario_2016()
        .into_iter()
        .chain([crate::demo::ontario_2016_plan()])
    {
        write(&session, &dir.join(name))?;
    }
    Ok(())
}

/// `cocreate pack`: reads the session files (each error names its file), merges them when
/// there are several (sessions on different ambition scales are refused, naming both files),
/// and writes the pack; says where, how many files, and the fingerprint. Nothing is written
/// when anything fails.
fn pack(
    files: &[PathBuf],
    output: Option<&Path>,
    date: Option<&str>,
    include_contacts: bool,
) -> anyhow::Result<()> {
    use crate::i18n::{localized, tr, trf};
    let nothing_written = |error: String| {
        anyhow::anyhow!(trf("%{error} (no pack was written)", &[("error", &error)]))
    };
    let Some(output) = output else {
        return Err(nothing_written(tr(
            "the folder to write the pack in is missing: add -o DIR",
        )));
    };
    let date = match date {
        None => crate::pack::Date::today(),
        Some(text) => crate::pack::Date::parse(text).ok_or_else(|| {
            nothing_written(trf(
                "--date %{date}: not a date of the form YYYY-MM-DD",
                &[("date", &text)],
            ))
        })?,
    };
    let names = crate::merge::source_names(files);
    let mut sessions = Vec::with_capacity(files.len());
    let mut sources: Vec<crate::pack::SourceFile> = Vec::with_capacity(files.len());
    for (file, name) in files.iter().zip(names) {
        let (session, bytes) =
            crate::pack::load_with_bytes(file).map_err(|e| nothing_written(localized(&e)))?;
        if !sources.iter().any(|s| s.name == name) {
            sources.push(crate::pack::SourceFile::of(&name, &bytes));
        }
        sessions.push((name, session));
    }
    let session = if let [(_, only)] = sessions.as_mut_slice() {
        std::mem::take(only)
    } else {
        let merged =
            crate::merge::merge_named(&sessions).map_err(|e| nothing_written(localized(&e)))?;
        crate::file::validate(&merged).map_err(|e| {
            nothing_written(trf(
                "the merged session is not valid: %{reason}",
                &[("reason", &localized(&e))],
            ))
        })?;
        merged
    };
    let options = crate::pack::Options {
        date,
        include_contacts,
    };
    let written = crate::pack::write(&session, &sources, output, &options)
        .map_err(|e| nothing_written(localized(&e)))?;
    let mut out = Stdout::new();
    out.line(&trf(
        "%{folder}: evidence pack written, %{n} files (SHA-256 of each in its MANIFEST)",
        &[("folder", &written.folder.display()), ("n", &written.files)],
    ))?;
    out.line(&trf(
        "fingerprint (SHA-256 of the MANIFEST): %{hash}",
        &[("hash", &written.fingerprint)],
    ))?;
    out.line(&tr(
        "Publish the fingerprint apart from the pack (on the repository's page, say): it is what shows that the MANIFEST, and so every file, is the one made here.",
    ))?;
    if include_contacts {
        out.line(&tr(
            "This pack holds personal data (sign-ups and the leads' contacts): publish it only with the consent of the people named.",
        ))?;
    }
    if !session.conflicts.is_empty() {
        out.line(&trf(
            "unresolved conflicts between the session files: %{n}. The pack shows the first version of each; resolve them in the window first for a final record.",
            &[("n", &session.conflicts.len())],
        ))?;
    }
    Ok(())
}

/// `cocreate pack --verify`: one line per problem (`FOLDER/FILE: what`), then a last line;
/// exit code 0 when the pack is as it was made, 1 otherwise (or when it cannot be read).
fn verify_pack(folder: &Path, fingerprint: Option<&str>) -> ExitCode {
    use crate::i18n::{localized, message, trf};
    use crate::text::Localized as _;
    let expected = match fingerprint.map(|text| (text, crate::pack::Sha256::parse(text.trim()))) {
        None => None,
        Some((_, Some(hash))) => Some(hash),
        Some((text, None)) => {
            complain(&trf(
                "--fingerprint %{value}: not a SHA-256 (64 hexadecimal digits)",
                &[("value", &text)],
            ));
            return ExitCode::FAILURE;
        }
    };
    let verification = match crate::pack::verify(folder, expected) {
        Ok(v) => v,
        Err(e) => {
            complain(&localized(&e));
            return ExitCode::FAILURE;
        }
    };
    let mut out = Stdout::new();
    let mut lines: Vec<String> = verification
        .findings
        .iter()
        .map(|f| {
            let mut place = folder.join(&f.path).display().to_string();
            if let Some(line) = f.line {
                place = format!("{place}:{line}");
            }
            message(
                &crate::text::Message::new("%{place}: %{reason}")
                    .with("place", place)
                    .with_message("reason", f.what.message()),
            )
        })
        .collect();
    lines.push(if verification.is_ok() {
        trf(
            "%{folder}: ok, %{n} files match the MANIFEST (fingerprint %{hash})",
            &[
                ("folder", &folder.display()),
                ("n", &verification.matching),
                ("hash", &verification.fingerprint),
            ],
        )
    } else {
        trf(
            "%{folder}: not as it was made (problems: %{n})",
            &[
                ("folder", &folder.display()),
                ("n", &verification.findings.len()),
            ],
        )
    });
    for line in &lines {
        if let Err(e) = out.line(line) {
            complain(&format!("{e:#}"));
            return ExitCode::FAILURE;
        }
    }
    if verification.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `cocreate check`: one line per file; success only when every file is valid. A valid file
/// of an older format version is said to be so, and what its next save writes. If standard
/// output fails (a full disk), that is said and the exit code is 1; if its reader went
/// away, the files are still checked and the exit code still says whether all are valid.
fn check(files: &[PathBuf], irm: bool) -> ExitCode {
    let mut all_ok = true;
    let mut out = Stdout::new();
    for path in files {
        let mut irm_lines: Vec<(bool, String)> = Vec::new();
        let is_csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let result = if is_csv {
            crate::import::load_csv(path)
                .map(|_| None)
                .map_err(|e| crate::i18n::error_chain(&e))
        } else {
            crate::file::load_with_version(path)
                .map(|(session, version)| {
                    if irm {
                        irm_lines.extend(irm_report(&session));
                    }
                    Some(version)
                })
                .map_err(|e| crate::i18n::localized(&e))
        };
        let line = match result {
            Ok(Some(version)) if version < crate::model::FORMAT_VERSION => format!(
                "{}: ok (format version {version}: will be saved as version {})",
                path.display(),
                crate::model::FORMAT_VERSION
            ),
            Ok(_) => format!("{}: ok", path.display()),
            Err(message) => {
                all_ok = false;
                message
            }
        };
        if let Err(e) = out.line(&line) {
            complain(&format!("{e:#}"));
            return ExitCode::FAILURE;
        }
        for (warning, text) in irm_lines {
            all_ok &= !warning;
            if let Err(e) = out.line(&text) {
                complain(&format!("{e:#}"));
                return ExitCode::FAILURE;
            }
        }
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The IRM pre-check of every refined commitment of a session, as lines: for each, a line
/// naming the workshop and the commitment, then one line per finding, `holds` or
/// `warning`. `true` marks a warning.
fn irm_report(session: &Session) -> Vec<(bool, String)> {
    use crate::irm::Verdict;
    let mut lines = Vec::new();
    for w in &session.workshops {
        for r in &w.refinements {
            if crate::report::is_blank(r) {
                continue;
            }
            let title = session
                .commitment(&r.commitment)
                .map_or("", |c| c.title.as_str());
            lines.push((
                false,
                crate::i18n::message(
                    &crate::text::Message::new("  %{workshop}, commitment %{id} (%{title}):")
                        .with("workshop", &w.details.name)
                        .with("id", &r.commitment)
                        .with("title", title),
                ),
            ));
            for f in crate::irm::precheck(session, w, r) {
                let warning = f.verdict == Verdict::Warning;
                let verdict = crate::i18n::message(&crate::text::Message::new(if warning {
                    "warning"
                } else {
                    "holds"
                }));
                lines.push((
                    warning,
                    format!(
                        "    {} — {verdict}: {}",
                        crate::i18n::localized(&f.check),
                        crate::i18n::message(&f.message)
                    ),
                ));
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::terminal_safe;
    use super::{Cli, Outcome, local_path, run};
    use clap::Parser as _;
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

    /// Runs the command line on `args` (after `cocreate`), in-process.
    fn cocreate(args: &[&str]) -> Outcome {
        run(Cli::parse_from(
            std::iter::once("cocreate").chain(args.iter().copied()),
        ))
    }

    /// Whether the command line exited 0.
    fn succeeded(args: &[&str]) -> bool {
        match cocreate(args) {
            Outcome::Exit(code) => code == ExitCode::SUCCESS,
            Outcome::Window { .. } => panic!("{args:?} opened the window"),
        }
    }

    fn s(path: &Path) -> &str {
        path.to_str().unwrap()
    }

    fn session_file(dir: &Path, name: &str, session: &crate::model::Session) -> PathBuf {
        let path = dir.join(name);
        crate::file::save(session, &path).unwrap();
        path
    }

    #[test]
    fn a_file_uri_becomes_the_path_it_names_and_anything_else_stays() {
        for (arg, path) in [
            ("file:///home/ana/My%20plan.ron", "/home/ana/My plan.ron"),
            ("FILE:///tmp/a.ron", "/tmp/a.ron"),
            ("file://localhost/tmp/caf%C3%A9.ron", "/tmp/café.ron"),
            ("file:///tmp/100%25.ron", "/tmp/100%.ron"),
            ("file:///tmp/bad%zz%2", "/tmp/bad%zz%2"),
            ("file:///tmp/%4", "/tmp/%4"),
            ("file://elsewhere/tmp/a.ron", "file://elsewhere/tmp/a.ron"),
            ("file://localhostx/a.ron", "file://localhostx/a.ron"),
            ("file:relative.ron", "file:relative.ron"),
            ("/tmp/plain %20.ron", "/tmp/plain %20.ron"),
            ("a.ron", "a.ron"),
        ] {
            assert_eq!(local_path(PathBuf::from(arg)), PathBuf::from(path), "{arg}");
        }
    }

    #[test]
    fn without_a_subcommand_the_window_opens_on_a_file_that_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let file = session_file(dir.path(), "w.ron", &crate::demo::ontario_2016()[0].1);
        match cocreate(&[s(&file), "--present", "--lang", "fr"]) {
            Outcome::Window {
                file: Some(f),
                room: None,
                present: true,
                language: Some(l),
            } => assert_eq!((f, l.as_str()), (file.clone(), "fr")),
            other => panic!("{other:?}"),
        }
        let uri = format!("file://{}", s(&file));
        match cocreate(&[&uri]) {
            Outcome::Window {
                file: Some(f),
                present: false,
                language: None,
                ..
            } => {
                assert_eq!(f, file)
            }
            other => panic!("{other:?}"),
        }
        match cocreate(&[]) {
            Outcome::Window { file: None, .. } => {}
            other => panic!("{other:?}"),
        }
        let missing = dir.path().join("missing.ron");
        assert!(matches!(cocreate(&[s(&missing)]), Outcome::Exit(c) if c == ExitCode::FAILURE));
    }

    #[test]
    fn check_exits_0_only_when_every_file_reads() {
        let dir = tempfile::tempdir().unwrap();
        let good = session_file(dir.path(), "good.ron", &crate::demo::ontario_2016()[0].1);
        let bad = dir.path().join("bad.ron");
        std::fs::write(&bad, "(format_version: 3, commitments: [").unwrap();
        let list = dir.path().join("list.csv");
        std::fs::write(
            &list,
            "id,title,theme,votes,description\n1,Open,transparency,3,\n",
        )
        .unwrap();
        let old = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v2"))
            .join("ontario-2016-central.ron");
        assert!(succeeded(&["check", s(&good)]));
        assert!(succeeded(&["check", s(&good), s(&list), s(&old)]));
        assert!(!succeeded(&["check", s(&good), s(&bad)]));
        assert!(
            !succeeded(&["check", s(&bad), s(&good)]),
            "whatever the order"
        );
        assert_eq!(
            std::fs::read(&bad).unwrap(),
            b"(format_version: 3, commitments: ["
        );
    }

    #[test]
    fn check_irm_exits_1_on_any_warning() {
        let dir = tempfile::tempdir().unwrap();
        let (_, plan) = crate::demo::ontario_2016_plan();
        let report = super::irm_report(&plan);
        let warned = report.iter().any(|(warning, _)| *warning);
        // A heading per refinement, then its findings, each a holds or a warning.
        let refined: usize = plan
            .workshops
            .iter()
            .map(|w| {
                w.refinements
                    .iter()
                    .filter(|r| !crate::report::is_blank(r))
                    .count()
            })
            .sum();
        let headings: Vec<&String> = report
            .iter()
            .filter(|(_, line)| {
                line.ends_with("):") && line.starts_with("  ") && !line.starts_with("    ")
            })
            .map(|(_, line)| line)
            .collect();
        assert_eq!(headings.len(), refined, "{report:?}");
        assert!(refined > 0);
        for (warning, line) in &report {
            if line.starts_with("    ") {
                assert_eq!(line.contains(" — warning: "), *warning, "{line}");
                assert!(*warning || line.contains(" — holds: "), "{line}");
            }
        }
        let file = session_file(dir.path(), "plan.ron", &plan);
        assert!(succeeded(&["check", s(&file)]));
        assert_eq!(succeeded(&["check", "--irm", s(&file)]), !warned);
        let empty = crate::model::Session::new_workshop(crate::demo::bundled_commitments(), "W", 2);
        let file = session_file(dir.path(), "empty.ron", &empty);
        assert!(
            succeeded(&["check", "--irm", s(&file)]),
            "nothing refined: nothing to warn of"
        );
    }

    #[test]
    fn the_file_commands_write_what_the_library_makes_and_never_over_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let out = |name: &str| dir.path().join(name);
        let sessions = crate::demo::ontario_2016();
        let inputs: Vec<PathBuf> = sessions
            .iter()
            .map(|(name, session)| session_file(dir.path(), name, session))
            .collect();

        assert!(succeeded(&[
            "new",
            "--workshop",
            "Sudbury",
            "--groups",
            "2",
            "-o",
            s(&out("new.ron"))
        ]));
        let new = crate::file::load(&out("new.ron")).unwrap();
        assert_eq!(
            (
                new.workshops[0].details.name.as_str(),
                new.workshops[0].groups.len()
            ),
            ("Sudbury", 2)
        );

        assert!(succeeded(&[
            "demo",
            "--seed",
            "7",
            "--groups",
            "3",
            "-o",
            s(&out("demo.ron"))
        ]));
        let demo = crate::demo::generate(crate::demo::bundled_commitments(), 3, 7);
        assert_eq!(crate::file::load(&out("demo.ron")).unwrap(), demo);

        let ontario = out("ontario");
        std::fs::create_dir(&ontario).unwrap();
        assert!(succeeded(&["demo", "--ontario-2016", "-o", s(&ontario)]));
        for (name, session) in &sessions {
            assert_eq!(
                &crate::file::load(&ontario.join(name)).unwrap(),
                session,
                "{name}"
            );
        }

        let mut args = vec!["merge"];
        args.extend(inputs.iter().map(|p| s(p)));
        let merged_path = out("merged.ron");
        args.extend(["-o", s(&merged_path)]);
        assert!(succeeded(&args));
        let names = crate::merge::source_names(&inputs);
        let named: Vec<(String, crate::model::Session)> = names
            .into_iter()
            .zip(sessions.iter().map(|(_, s)| s.clone()))
            .collect();
        assert_eq!(
            crate::file::load(&out("merged.ron")).unwrap(),
            crate::merge::merge_named(&named).unwrap()
        );

        // Over an input: refused, the input as it was.
        let before = std::fs::read(&inputs[0]).unwrap();
        let mut args = vec!["merge"];
        args.extend(inputs.iter().map(|p| s(p)));
        args.extend(["-o", s(&inputs[0])]);
        assert!(!succeeded(&args));
        assert_eq!(std::fs::read(&inputs[0]).unwrap(), before);
        assert!(!succeeded(&["report", s(&inputs[0]), "-o", s(&inputs[0])]));
        assert_eq!(std::fs::read(&inputs[0]).unwrap(), before);

        let merged = crate::file::load(&out("merged.ron")).unwrap();
        assert!(succeeded(&[
            "report",
            s(&out("merged.ron")),
            "-o",
            s(&out("plan.md"))
        ]));
        let options = crate::report::MarkdownOptions {
            grid_image: Some("plan-grid.svg".into()),
            ..Default::default()
        };
        assert_eq!(
            std::fs::read_to_string(out("plan.md")).unwrap(),
            crate::report::markdown(&merged, &options)
        );
        assert_eq!(
            std::fs::read_to_string(out("plan-grid.svg")).unwrap(),
            crate::report::grid_svg(&merged)
        );
        assert!(succeeded(&[
            "report",
            s(&out("merged.ron")),
            "--format",
            "csv",
            "-o",
            s(&out("p.csv"))
        ]));
        assert_eq!(
            std::fs::read_to_string(out("p.csv")).unwrap(),
            crate::report::csv(&merged)
        );
        assert!(succeeded(&[
            "report",
            s(&out("merged.ron")),
            "--template",
            "current",
            "--no-smart-notes",
            "-o",
            s(&out("current.md")),
        ]));
        let options = crate::report::MarkdownOptions {
            grid_image: Some("current-grid.svg".into()),
            omit_smart_notes: true,
            template: Some(crate::model::Template::Current),
            ..Default::default()
        };
        assert_eq!(
            std::fs::read_to_string(out("current.md")).unwrap(),
            crate::report::markdown(&merged, &options)
        );

        // A pack, and its verification: whole, then with one byte changed.
        let packs = out("packs");
        let mut args = vec!["pack"];
        args.extend(inputs.iter().map(|p| s(p)));
        args.extend(["-o", s(&packs), "--date", "2017-01-15"]);
        assert!(succeeded(&args));
        let folder = packs.join("cocreate-evidence-2017-01-15");
        assert!(succeeded(&["pack", "--verify", s(&folder)]));
        let timeline = folder.join("timeline.md");
        let mut bytes = std::fs::read(&timeline).unwrap();
        bytes[0] ^= 1;
        std::fs::write(&timeline, bytes).unwrap();
        assert!(!succeeded(&["pack", "--verify", s(&folder)]));
        let mut args = vec!["pack"];
        args.extend(inputs.iter().map(|p| s(p)));
        args.extend(["-o", s(&packs), "--date", "2017-01-15"]);
        assert!(!succeeded(&args), "an existing pack is not written over");
        // A file given twice is one source.
        let mut args = vec!["pack"];
        args.extend(inputs.iter().map(|p| s(p)));
        args.push(s(&inputs[0]));
        args.extend(["-o", s(&packs), "--date", "2017-01-16"]);
        assert!(succeeded(&args));
        let manifest =
            std::fs::read_to_string(packs.join("cocreate-evidence-2017-01-16/MANIFEST")).unwrap();
        let sources: Vec<&str> = manifest
            .lines()
            .filter(|l| l.contains("  sources/"))
            .collect();
        assert_eq!(sources.len(), 3, "{manifest}");
    }

    proptest::proptest! {
        /// Whatever a name holds, what reaches the terminal has no control, bidi or
        /// zero-width character but line breaks and tabs; text without them is unchanged.
        #[test]
        fn nothing_typed_reaches_the_terminal_as_a_command(text in "\\PC*|[\\x00-\\x{9f}\\u{200b}-\\u{200f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}a-z]*") {
            let safe = terminal_safe(&text);
            for c in safe.chars() {
                let shown_as_text = !(c.is_control() && c != '\n' && c != '\t');
                let visible = !crate::text::is_hidden(c);
                proptest::prop_assert!(
                    shown_as_text && visible,
                    "{c:?} in {safe:?}"
                );
            }
            let plain = !text.chars().any(|c| {
                (c.is_control() && c != '\n' && c != '\t')
                    || crate::text::is_hidden(c)
                    || matches!(c, '\u{FFF9}'..='\u{FFFB}')
            });
            if plain {
                proptest::prop_assert_eq!(safe.as_ref(), text.as_str());
            }
        }
    }

    #[test]
    fn an_escape_sequence_is_shown_not_obeyed() {
        assert_eq!(
            terminal_safe("Central\u{1b}[2K\rno conflicts\u{7}"),
            "Central\\u{1b}[2K\\u{d}no conflicts\\u{7}"
        );
    }
}
