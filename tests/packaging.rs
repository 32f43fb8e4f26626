//! The desktop package (`cargo deb`, see `[package.metadata.deb]` in Cargo.toml) without
//! cargo-deb: every file it installs exists, the menu entry has what a desktop needs and
//! names the MIME type that `assets/cocreate-mime.xml` defines, the icons have the sizes
//! their folders claim, and the file the menu entry passes reaches the window.

use std::path::{Path, PathBuf};

use clap::Parser as _;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The lines of the `[package.metadata.deb]` table of Cargo.toml.
fn deb_table(manifest: &str) -> Vec<&str> {
    let mut lines = manifest.lines();
    assert!(
        lines.any(|l| l.trim() == "[package.metadata.deb]"),
        "Cargo.toml has no [package.metadata.deb]"
    );
    lines.take_while(|l| !is_table_header(l)).collect()
}

/// `[table]` or `[[array.of.tables]]`, not a row of an array (`["a", "b"],`).
fn is_table_header(line: &str) -> bool {
    let line = line.trim();
    line.starts_with('[') && line.ends_with(']') && !line.contains('"')
}

/// The TOML basic strings ("…", with backslash escapes) on a line, in order.
fn strings(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '#' => break,
            '"' => {
                let mut s = String::new();
                loop {
                    match chars.next().expect("unterminated string") {
                        '"' => break,
                        '\\' => match chars.next().expect("unterminated escape") {
                            'n' => s.push('\n'),
                            't' => s.push('\t'),
                            other => s.push(other),
                        },
                        other => s.push(other),
                    }
                }
                out.push(s);
            }
            _ => {}
        }
    }
    out
}

/// `key = "value"` in the deb table.
fn deb_value(table: &[&str], key: &str) -> Option<String> {
    table.iter().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| strings(v).into_iter().next())?
    })
}

/// The `assets` rows of the deb table: [source, destination, mode], one row a line.
fn deb_assets(table: &[&str]) -> Vec<[String; 3]> {
    let start = table
        .iter()
        .position(|l| l.trim_start().starts_with("assets"))
        .expect("no assets in [package.metadata.deb]");
    let mut rows = Vec::new();
    for line in &table[start + 1..] {
        let line = line.trim();
        if line.starts_with(']') {
            return rows;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let row: [String; 3] = strings(line)
            .try_into()
            .unwrap_or_else(|row| panic!("an asset is [source, destination, mode]: {row:?}"));
        rows.push(row);
    }
    panic!("the assets array of [package.metadata.deb] is not closed");
}

fn assets() -> Vec<[String; 3]> {
    deb_assets(&deb_table(&read("Cargo.toml")))
}

/// The destination an asset is installed to, as a full path (a destination ending in `/`
/// is a folder and keeps the source's file name, as cargo-deb does).
fn installed(row: &[String; 3]) -> String {
    let [source, destination, _] = row;
    if destination.ends_with('/') {
        let name = Path::new(source).file_name().unwrap().to_str().unwrap();
        format!("/{destination}{name}")
    } else {
        format!("/{destination}")
    }
}

fn source_of(destination: &str) -> String {
    assets()
        .into_iter()
        .find(|row| installed(row) == destination)
        .unwrap_or_else(|| panic!("the package does not install {destination}"))[0]
        .clone()
}

/// The keys of the `[Desktop Entry]` group of a .desktop file.
fn desktop_entry(text: &str) -> Vec<(String, String)> {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("[Desktop Entry]"));
    lines
        .take_while(|l| !l.starts_with('['))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, v) = l
                .split_once('=')
                .unwrap_or_else(|| panic!("not key=value: {l}"));
            (k.trim().to_string(), v.trim().to_string())
        })
        .collect()
}

fn key<'a>(entry: &'a [(String, String)], name: &str) -> &'a str {
    entry
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("cocreate.desktop has no {name}"))
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.len() > 24 && bytes[..8] == *b"\x89PNG\r\n\x1a\n" && &bytes[12..16] == b"IHDR",
        "{}: not a PNG",
        path.display()
    );
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn every_packaged_file_exists_except_the_built_binary() {
    let assets = assets();
    assert!(!assets.is_empty());
    for [source, destination, mode] in &assets {
        assert!(
            mode.len() == 3 && mode.chars().all(|c| ('0'..='7').contains(&c)),
            "{source}: mode {mode}"
        );
        assert!(
            !destination.starts_with('/'),
            "{destination}: cargo-deb destinations are relative"
        );
        if source.starts_with("target/") {
            // Built by `cargo deb` itself.
            assert_eq!(source, "target/release/cocreate");
            assert_eq!(destination, "usr/bin/");
            assert_eq!(mode, "755");
        } else {
            assert!(
                root().join(source).is_file(),
                "{source} is packaged but missing"
            );
        }
    }
    let destinations: Vec<String> = assets.iter().map(installed).collect();
    for wanted in [
        "/usr/bin/cocreate",
        "/usr/share/applications/cocreate.desktop",
        "/usr/share/mime/packages/cocreate.xml",
        "/usr/share/icons/hicolor/scalable/apps/cocreate.svg",
        "/usr/share/icons/hicolor/48x48/apps/cocreate.png",
        "/usr/share/icons/hicolor/128x128/apps/cocreate.png",
        "/usr/share/icons/hicolor/256x256/apps/cocreate.png",
    ] {
        assert!(
            destinations.iter().any(|d| d == wanted),
            "{wanted} is not packaged"
        );
    }
}

#[test]
fn the_package_depends_on_the_window_libraries_and_recommends_zenity() {
    let manifest = read("Cargo.toml");
    let table = deb_table(&manifest);
    assert!(deb_value(&table, "maintainer").is_some_and(|m| m.contains('<')));
    let depends = deb_value(&table, "depends").expect("no depends");
    let depends: Vec<&str> = depends.split(',').map(str::trim).collect();
    // What the README's set-up line installs for the window (gcc and libc6-dev only build).
    for lib in [
        "libx11-6",
        "libx11-xcb1",
        "libxcursor1",
        "libxi6",
        "libxkbcommon-x11-0",
        "libegl1",
        "libegl-mesa0",
        "libgl1-mesa-dri",
    ] {
        assert!(depends.contains(&lib), "depends lacks {lib}");
        assert!(
            read("README.md").contains(lib),
            "the README no longer lists {lib}"
        );
    }
    assert_eq!(deb_value(&table, "recommends").as_deref(), Some("zenity"));
}

#[test]
fn the_menu_entry_opens_session_files_of_the_packaged_mime_type() {
    let entry = desktop_entry(&read(&source_of(
        "/usr/share/applications/cocreate.desktop",
    )));
    assert_eq!(key(&entry, "Type"), "Application");
    for name in ["Name", "GenericName", "Comment"] {
        assert!(!key(&entry, name).is_empty(), "{name} is empty");
    }
    for name in ["Name[fr]", "Comment[fr]"] {
        assert!(!key(&entry, name).is_empty(), "{name} is empty");
    }
    assert_ne!(key(&entry, "Comment[fr]"), key(&entry, "Comment"));
    // %f: one local path per start (with spaces, as one argument); the binary the package
    // installs in /usr/bin.
    assert_eq!(key(&entry, "Exec"), "cocreate %f");
    assert_eq!(key(&entry, "Terminal"), "false");
    assert_eq!(key(&entry, "Categories"), "Office;");
    // The icon by theme name: the hicolor files the package installs.
    let icon = key(&entry, "Icon");
    assert_eq!(icon, "cocreate");
    source_of(&format!(
        "/usr/share/icons/hicolor/scalable/apps/{icon}.svg"
    ));

    // MimeType names exactly the type the MIME package defines.
    let mime = read(&source_of("/usr/share/mime/packages/cocreate.xml"));
    let defined: Vec<&str> = mime
        .split("<mime-type type=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert_eq!(defined, ["application/x-cocreate-session"]);
    assert_eq!(key(&entry, "MimeType"), "application/x-cocreate-session;");
    assert!(mime.contains("<glob pattern=\"*.ron\"/>"));
    assert!(mime.contains("xmlns=\"http://www.freedesktop.org/standards/shared-mime-info\""));
    // The magic matches what every saved session starts with.
    assert!(mime.contains("value=\"format_version\""));
    let session = read("sessions/ontario-2016-central.ron");
    assert!(session[..256.min(session.len())].contains("format_version"));
}

#[test]
fn icons_have_the_size_of_their_folder() {
    let mut sizes = Vec::new();
    for row in assets() {
        let destination = installed(&row);
        let Some(rest) = destination.strip_prefix("/usr/share/icons/hicolor/") else {
            continue;
        };
        let folder = rest.split('/').next().unwrap();
        if folder == "scalable" {
            let svg = read(&row[0]);
            assert!(svg.contains("<svg") && svg.contains("viewBox=\"0 0 256 256\""));
            continue;
        }
        let (w, h) = folder
            .split_once('x')
            .map(|(w, h)| (w.parse::<u32>().unwrap(), h.parse::<u32>().unwrap()))
            .unwrap_or_else(|| panic!("{destination}: not a size folder"));
        let source = root().join(&row[0]);
        assert_eq!(png_size(&source), (w, h), "{}", source.display());
        let bytes = std::fs::metadata(&source).unwrap().len();
        assert!(bytes < 32 * 1024, "{}: {bytes} bytes", source.display());
        sizes.push(w);
    }
    sizes.sort_unstable();
    assert_eq!(sizes, [48, 128, 256]);
}

/// What the command line makes of the argument a launcher passes.
fn window_file(arg: &str) -> Option<PathBuf> {
    let cli = cocreate::cli::Cli::try_parse_from(["cocreate", arg]).expect("parses");
    match cocreate::cli::run(cli) {
        cocreate::cli::Outcome::Window { file, .. } => file,
        cocreate::cli::Outcome::Exit(_) => None,
    }
}

#[test]
fn a_path_with_spaces_or_a_file_uri_opens_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Atelier de Sudbury (2016)");
    std::fs::create_dir(&folder).unwrap();
    let file = folder.join("séance 1 #2.ron");
    std::fs::copy(root().join("sessions/ontario-2016-central.ron"), &file).unwrap();

    // Exec=cocreate %f: the path as one argument.
    assert_eq!(window_file(file.to_str().unwrap()), Some(file.clone()));

    // A file:// URI, percent-encoded (as file managers and `gio open` write them).
    let mut uri = String::from("file://");
    for byte in file.to_str().unwrap().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    assert_eq!(window_file(&uri), Some(file.clone()));
    let localhost = uri.replacen("file://", "file://localhost", 1);
    assert_eq!(window_file(&localhost), Some(file.clone()));

    // Not a local file: refused (exit 1, nothing opened) rather than misread — even where
    // the path after the host names a file here, which a misreading would open.
    let elsewhere = format!("file://elsewhere{}", file.display());
    assert!(file.is_file());
    assert_eq!(window_file(&elsewhere), None);
    assert_eq!(
        cocreate::cli::local_path(PathBuf::from("file://elsewhere/x.ron")),
        PathBuf::from("file://elsewhere/x.ron")
    );
    assert_eq!(
        cocreate::cli::local_path(PathBuf::from("plain%20name.ron")),
        PathBuf::from("plain%20name.ron")
    );
    assert_eq!(
        cocreate::cli::local_path(PathBuf::from("FILE:///a/100%25%zz.ron")),
        PathBuf::from("/a/100%%zz.ron")
    );
}

/// `.ci/run` ends with exactly the README's test command: CI runs what a developer is told to.
#[test]
fn ci_runs_the_readmes_test_command() {
    let readme = read("README.md");
    let start = readme
        .find("Run the tests")
        .expect("the README says how to run the tests");
    let block = &readme[start..];
    let command = block
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("\n```").next())
        .expect("a command block");
    let ci = read(".ci/run");
    assert_eq!(
        ci.trim_end().lines().last(),
        Some(command.trim()),
        "the last line of .ci/run"
    );
}
