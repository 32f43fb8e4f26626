//! Writing a report to files: the one place the command line's `cocreate report … -o OUT`
//! and the window's File → Export report… go through, with the same [`MarkdownOptions`].
//! A Markdown report is written with its grid image beside it (`NAME-grid.svg`, written
//! first, so the report never points to an image that is not there); a CSV report is one
//! file. Each file is written atomically ([`crate::file::write_atomically`]). No egui.

use std::path::{Path, PathBuf};

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
/// `FILE: what the system said, in plain words`.
#[derive(Debug, thiserror::Error)]
pub struct ExportError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub source: std::io::Error,
}

impl Localized for ExportError {
    fn message(&self) -> Message {
        Message::new("%{place}: %{reason}")
            .with("place", self.path.display())
            .with_message("reason", crate::file::io_message(&self.source))
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
        Format::Csv | Format::Response => vec![output.to_owned()],
        Format::Markdown => vec![output.to_owned(), grid_image_path(output)],
    }
}

/// The report's text. A Markdown report names its grid image if `options.grid_image` does.
pub fn text(session: &Session, format: Format, options: &MarkdownOptions) -> String {
    match format {
        Format::Csv => crate::report::csv(session),
        Format::Markdown => crate::report::markdown(session, options),
        Format::Response => match options.say {
            Some(say) => crate::response::markdown(session, &say),
            None => crate::response::markdown(session, &|m| m.to_string()),
        },
    }
}

/// Writes the report to `output` — and, for Markdown, the grid image beside it, which the
/// report links to (whatever `options.grid_image` says). Returns the files written, as
/// [`outputs`] lists them. A failed export leaves nothing: an image written before the
/// report failed is taken back (the old image, if there was one, is put back). An output
/// that is a device or a pipe (`-o /dev/stdout`) gets the report alone, written through.
pub fn write(
    session: &Session,
    output: &Path,
    format: Format,
    options: &MarkdownOptions,
) -> Result<Vec<PathBuf>, ExportError> {
    let write = |path: &Path, text: &[u8]| {
        crate::file::write_atomically(path, text).map_err(|source| ExportError {
            path: path.to_owned(),
            source,
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
    if let Err(e) = write(output, text(session, format, &options).as_bytes()) {
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
