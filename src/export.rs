//! Writing a report to files: the one place the command line's `cocreate report … -o OUT`
//! and the window's File → Export report… go through, with the same [`MarkdownOptions`].
//! A Markdown report is written with its grid image beside it (`NAME-grid.svg`, written
//! first, so the report never points to an image that is not there); a CSV report is one
//! file, and so is each of the Decidim files ([`crate::decidim`]). Each file is written
//! atomically ([`crate::file::write_atomically`]). No egui.

use std::path::{Path, PathBuf};

use crate::decidim::DecidimError;
use crate::model::Session;
use crate::report::MarkdownOptions;
use crate::text::{Localized, Message};

/// Report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The action-plan draft, with the grid as an SVG image beside it.
    Markdown,
    /// One row per placement.
    Csv,
    /// The reasoned response: every idea's outcome, reason and evidence (Markdown).
    Response,
    /// Decidim's accountability results: a parent per commitment of the plan, a child per
    /// milestone (`;`-separated, as Decidim's results export).
    DecidimResults,
    /// Decidim's proposal answers: the reasoned response to each idea with a Decidim id
    /// (`id;state;answer/en;answer/fr`).
    DecidimAnswers,
}

impl Format {
    /// The format a file name asks for: `.csv` (any case) is CSV, anything else Markdown.
    pub fn of_path(path: &Path) -> Self {
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            Self::Csv
        } else {
            Self::Markdown
        }
    }
}

/// A report file that could not be written. `Display` says it in English:
/// `FILE: what the system said, in plain words` (or why the session cannot be said in a
/// Decidim file).
#[derive(Debug)]
pub struct ExportError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub problem: ExportProblem,
}

/// Why a report file could not be written.
#[derive(Debug)]
pub enum ExportProblem {
    /// The operating system refused.
    Io(std::io::Error),
    /// The session cannot be written for Decidim (nothing was written).
    Decidim(DecidimError),
}

impl std::error::Error for ExportError {
    /// The system's error, if that is why.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.problem {
            ExportProblem::Io(e) => Some(e),
            ExportProblem::Decidim(_) => None,
        }
    }
}

impl Localized for ExportError {
    fn message(&self) -> Message {
        Message::new("%{place}: %{reason}")
            .with("place", self.path.display())
            .with_message(
                "reason",
                match &self.problem {
                    ExportProblem::Io(e) => crate::file::io_message(e),
                    ExportProblem::Decidim(e) => e.message(),
                },
            )
    }
}

impl std::fmt::Display for ExportError {
    /// The message in English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

/// The grid image written beside a Markdown report: `NAME-grid.svg` in its folder.
pub fn grid_image_path(report: &Path) -> PathBuf {
    let stem = report
        .file_stem()
        .map_or("report".into(), |s| s.to_string_lossy().into_owned());
    report.with_file_name(format!("{stem}-grid.svg"))
}

/// Every file a report to `output` writes: the report, then (Markdown) its grid image.
pub fn outputs(output: &Path, format: Format) -> Vec<PathBuf> {
    match format {
        Format::Csv | Format::Response | Format::DecidimResults | Format::DecidimAnswers => {
            vec![output.to_owned()]
        }
        Format::Markdown => vec![output.to_owned(), grid_image_path(output)],
    }
}

/// The report's text. A Markdown report names its grid image if `options.grid_image` does;
/// the Decidim files take `decidim`'s ids and languages, and are refused when the session
/// cannot be said in them.
pub fn text(
    session: &Session,
    format: Format,
    options: &MarkdownOptions,
    decidim: &crate::decidim::Options,
) -> Result<String, DecidimError> {
    Ok(match format {
        Format::Csv => crate::report::csv(session),
        Format::Markdown => crate::report::markdown(session, options),
        Format::Response => match options.say {
            Some(say) => crate::response::markdown(session, &say),
            None => crate::response::markdown(session, &|m| m.to_string()),
        },
        Format::DecidimResults => crate::decidim::results(session, decidim)?,
        Format::DecidimAnswers => crate::decidim::answers(session, decidim)?,
    })
}

/// Writes the report to `output` — and, for Markdown, the grid image beside it, which the
/// report links to (whatever `options.grid_image` says). Returns the files written, as
/// [`outputs`] lists them. A failed export leaves nothing: an image written before the
/// report failed is taken back (the old image, if there was one, is put back). An output
/// that is a device or a pipe (`-o /dev/stdout`) gets the report alone, written through.
/// The Decidim files are written with [`crate::decidim::Options::default`]: English in
/// both languages' columns ([`write_with`] takes the translations).
pub fn write(
    session: &Session,
    output: &Path,
    format: Format,
    options: &MarkdownOptions,
) -> Result<Vec<PathBuf>, ExportError> {
    write_with(
        session,
        output,
        format,
        options,
        &crate::decidim::Options::default(),
    )
}

/// [`write()`], the Decidim files with `decidim`'s ids and languages. A session that cannot be
/// said in a Decidim file writes nothing.
pub fn write_with(
    session: &Session,
    output: &Path,
    format: Format,
    options: &MarkdownOptions,
    decidim: &crate::decidim::Options,
) -> Result<Vec<PathBuf>, ExportError> {
    let write = |path: &Path, text: &[u8]| {
        crate::file::write_atomically(path, text).map_err(|e| ExportError {
            path: path.to_owned(),
            problem: ExportProblem::Io(e),
        })
    };
    let stream = crate::file::is_stream(output);
    let (options, image) = match format {
        Format::Markdown if !stream => {
            let image = grid_image_path(output);
            let before = std::fs::symlink_metadata(&image)
                .ok()
                .filter(std::fs::Metadata::is_file)
                .and_then(|_| std::fs::read(&image).ok());
            write(&image, crate::report::grid_svg(session).as_bytes())?;
            let options = MarkdownOptions {
                grid_image: image.file_name().map(|n| n.to_string_lossy().into_owned()),
                ..options.clone()
            };
            (options, Some((image, before)))
        }
        _ => (
            MarkdownOptions {
                grid_image: None,
                ..options.clone()
            },
            None,
        ),
    };
    let written = text(session, format, &options, decidim)
        .map_err(|e| ExportError {
            path: output.to_owned(),
            problem: ExportProblem::Decidim(e),
        })
        .and_then(|text| write(output, text.as_bytes()));
    if let Err(e) = written {
        if let Some((image, before)) = image {
            // Best effort: the error that matters is the report's.
            let _ignored = match before {
                Some(old) => crate::file::write_atomically(&image, &old),
                None => std::fs::remove_file(&image),
            };
        }
        return Err(e);
    }
    Ok(if stream {
        vec![output.to_owned()]
    } else {
        outputs(output, format)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn an_export_error_names_the_file_says_why_and_keeps_the_systems_error() {
        let io = ExportError {
            path: "out/plan.md".into(),
            problem: ExportProblem::Io(std::io::Error::from(std::io::ErrorKind::PermissionDenied)),
        };
        let text = io.to_string();
        assert_eq!(text, io.message().to_string());
        assert!(
            text.starts_with("out/plan.md: ") && text.len() > "out/plan.md: ".len(),
            "{text}"
        );
        let source = io.source().expect("the system's error");
        assert_eq!(
            source
                .downcast_ref::<std::io::Error>()
                .map(std::io::Error::kind),
            Some(std::io::ErrorKind::PermissionDenied)
        );
        let decidim = ExportError {
            path: "answers.csv".into(),
            problem: ExportProblem::Decidim(DecidimError::NotAProposalId {
                commitment: "4".into(),
                decidim_id: "x".into(),
            }),
        };
        assert!(decidim.source().is_none());
        assert!(
            decidim.to_string().starts_with("answers.csv: "),
            "{decidim}"
        );
    }
}
