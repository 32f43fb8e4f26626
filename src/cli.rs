//! The command line: open the window, or run a subcommand on top of the library.

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

    /// Language of the window: en or fr (remembered for the next start).
    #[arg(long, value_name = "LANG", value_parser = crate::i18n::LANGUAGES.map(|(code, _)| code))]
    pub lang: Option<String>,

    /// A subcommand; without one, the window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check session files (and commitment lists): prints `FILE: ok` or `FILE:LINE:COL: message`.
    Check {
        /// Files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
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
        /// Instead, write the three example sessions of the Ontario 2016 event into the folder OUT.
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
    /// Write a report: the action-plan draft (Markdown) or the placements (CSV).
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
    },
}

/// Report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The action-plan draft, with the grid as an SVG image beside it.
    Markdown,
    /// One row per placement.
    Csv,
}

/// What the command line asks of the window.
#[derive(Clone, Debug, Default)]
pub struct WindowOptions {
    /// A session or commitment list to open.
    pub file: Option<PathBuf>,
    /// Start in presenter mode.
    pub present: bool,
    /// Language, overriding the remembered one.
    pub language: Option<String>,
}

/// What `main` should do after parsing the command line.
pub enum Outcome {
    /// Open the window.
    Window(WindowOptions),
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
            eprintln!("cocreate: {}: no such file", file.display());
            return Outcome::Exit(ExitCode::FAILURE);
        }
        return Outcome::Window(WindowOptions {
            file,
            present: cli.present,
            language: cli.lang,
        });
    };
    let result = match command {
        Command::Check { files } => return Outcome::Exit(check(&files)),
        Command::Merge { files, output } => merge(&files, &output),
        Command::Report {
            file,
            format,
            output,
            include_contacts,
            no_smart_notes,
        } => report(
            &file,
            format,
            output.as_deref(),
            crate::report::MarkdownOptions {
                grid_image: None,
                include_contacts,
                omit_smart_notes: no_smart_notes,
            },
        ),
        Command::New {
            commitments,
            workshop,
            groups,
            output,
        } => commitment_list(commitments.as_deref()).and_then(|list| {
            let session = Session::new_workshop(list, &workshop, groups as usize);
            write(&session, &output)
        }),
        Command::Demo {
            ontario_2016: true,
            output,
            ..
        } => write_ontario_2016(&output),
        Command::Demo {
            commitments,
            ideas,
            groups,
            seed,
            output,
            ..
        } => {
            let list = match ideas {
                Some(n) => Ok(crate::demo::synthetic_commitments(n as usize)),
                None => commitment_list(commitments.as_deref()),
            };
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
            eprintln!("cocreate: {e:#}");
            ExitCode::FAILURE
        }
    })
}

fn commitment_list(path: Option<&Path>) -> anyhow::Result<Vec<Commitment>> {
    match path {
        Some(p) => crate::import::load_csv(p),
        None => Ok(crate::demo::bundled_commitments()),
    }
}

fn write(session: &Session, output: &Path) -> anyhow::Result<()> {
    crate::file::save(session, output)?;
    Ok(())
}

fn merge(files: &[PathBuf], output: &Path) -> anyhow::Result<()> {
    let inputs = files
        .iter()
        .map(|f| crate::file::load(f))
        .collect::<Result<Vec<_>, _>>()?;
    let names = crate::merge::source_names(files);
    let merged = crate::merge::merge_named(&names.into_iter().zip(inputs).collect::<Vec<_>>());
    crate::file::validate(&merged)
        .map_err(|e| anyhow::anyhow!("the merged session is not valid: {e}"))?;
    write(&merged, output)?;
    let s = crate::merge::Summary::of(&merged);
    println!(
        "{}: {} workshops, {} groups, {} placements, {} selections ({} selected at two or more workshops), {} refinements, {} sign-ups",
        output.display(),
        s.workshops,
        s.groups,
        s.placements,
        s.selections,
        s.selected_at_two_or_more,
        s.refinements,
        s.sign_ups
    );
    match merged.conflicts.len() {
        0 => println!("no conflicts"),
        n => {
            println!("{n} conflicts (every version is kept; resolve them in the window):");
            for c in &merged.conflicts {
                println!("  - {}", crate::merge::describe(c, &merged));
            }
        }
    }
    Ok(())
}

fn report(
    file: &Path,
    format: Format,
    output: Option<&Path>,
    options: crate::report::MarkdownOptions,
) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let session = crate::file::load(file)?;
    let text = match format {
        Format::Csv => crate::report::csv(&session),
        Format::Markdown => {
            let image = output.map(|out| {
                let stem = out
                    .file_stem()
                    .map_or("report".into(), |s| s.to_string_lossy().into_owned());
                out.with_file_name(format!("{stem}-grid.svg"))
            });
            if let Some(image) = &image {
                crate::file::write_atomically(image, crate::report::grid_svg(&session).as_bytes())
                    .with_context(|| image.display().to_string())?;
            }
            let options = crate::report::MarkdownOptions {
                grid_image: image
                    .as_deref()
                    .and_then(Path::file_name)
                    .map(|n| n.to_string_lossy().into_owned()),
                ..options
            };
            crate::report::markdown(&session, &options)
        }
    };
    match output {
        Some(out) => crate::file::write_atomically(out, text.as_bytes())
            .with_context(|| out.display().to_string()),
        None => {
            use std::io::Write as _;
            std::io::stdout()
                .write_all(text.as_bytes())
                .context("standard output")
        }
    }
}

fn write_ontario_2016(dir: &Path) -> anyhow::Result<()> {
    use anyhow::Context as _;
    std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    for (name, session) in crate::demo::ontario_2016() {
        write(&session, &dir.join(name))?;
    }
    Ok(())
}

/// `cocreate check`: one line per file; success only when every file is valid.
fn check(files: &[PathBuf]) -> ExitCode {
    let mut all_ok = true;
    for path in files {
        let is_csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let result = if is_csv {
            crate::import::load_csv(path)
                .map(|_| ())
                .map_err(|e| format!("{e:#}"))
        } else {
            crate::file::load(path)
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        match result {
            Ok(()) => println!("{}: ok", path.display()),
            Err(message) => {
                all_ok = false;
                println!("{message}");
            }
        }
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
