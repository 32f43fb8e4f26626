//! The arrows point one way: `shell` → `ui` → `app` → the library. Read from the sources:
//!
//! - `app` (every file in `src/app/`) names neither `crate::ui` nor `crate::shell`;
//! - `ui` (every file in `src/ui/`) does not name `crate::shell`;
//! - the library — every other `src/*.rs` and every other folder `src/*/` — names none of
//!   `crate::app`, `crate::ui`, `crate::shell`, `crate::i18n`, and uses neither the window's
//!   crates (`egui`, `eframe`, `egui_plot`, `egui_extras`, `rfd`, `winit`) nor the
//!   translations (`rust_i18n`, `t!`): it returns messages and keys, and the window and the
//!   command line translate them;
//! - the edges `cli.rs` and `i18n.rs` (the command line, and the translating side) may use
//!   the translations and the library, but name neither `app`, `ui` nor `shell`: they build
//!   without the window. `lib.rs` (the module list and the translations' macro), `main.rs`
//!   (the binary) and `shell.rs` (the top) are not checked.
//!
//! A path names a module as `crate::NAME`, inside a group (`use crate::{model, NAME::X}`,
//! across lines), or through `super::` (`super::NAME`, `super::super::NAME`, …): a `super::`
//! path counts whatever module it starts from, since no module below the crate root has a
//! child named `app`, `ui`, `shell` or `i18n`. Comments and string literals are not code, but
//! a path written in a doc comment (an intra-doc link such as [`crate::ui`]) names the module
//! too. Not followed: a module renamed by an alias (`use crate::{self as c}` then `c::ui`).

use std::path::{Path, PathBuf};

/// Where a source file sits in the arrows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layer {
    /// `src/app/`: the window's state.
    App,
    /// `src/ui/`: the panels.
    Ui,
    /// Everything below `app`.
    Library,
    /// `cli.rs` and `i18n.rs`.
    Edge,
    /// `lib.rs`, `main.rs`, `shell.rs`: not checked.
    Top,
}

/// The crates of the window: none of them below `app`.
const WINDOW_CRATES: [&str; 6] = ["egui", "eframe", "egui_plot", "egui_extras", "rfd", "winit"];

impl Layer {
    /// The layer of a file, from its path under `src/`.
    fn of(relative: &Path) -> Self {
        let parts: Vec<&str> = relative.iter().filter_map(|p| p.to_str()).collect();
        match parts.as_slice() {
            ["app", ..] => Self::App,
            ["ui", ..] => Self::Ui,
            ["cli.rs"] | ["i18n.rs"] => Self::Edge,
            ["lib.rs"] | ["main.rs"] | ["shell.rs"] => Self::Top,
            _ => Self::Library,
        }
    }

    /// The modules under `crate::` this layer must not name.
    fn forbidden_modules(self) -> &'static [&'static str] {
        match self {
            Self::App => &["ui", "shell"],
            Self::Ui => &["shell"],
            Self::Library => &["app", "ui", "shell", "i18n"],
            Self::Edge => &["app", "ui", "shell"],
            Self::Top => &[],
        }
    }
}

/// A source split in two, byte for byte and line for line: the code with comments and the
/// contents of string and character literals blanked, and the doc comments' text alone.
struct Split {
    code: String,
    docs: String,
}

fn split(source: &str) -> Split {
    let chars: Vec<char> = source.chars().collect();
    let mut code = String::with_capacity(source.len());
    let mut docs = String::with_capacity(source.len());
    // Blank a character in both (line breaks stay, so lines keep their numbers).
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|j| chars[j]);
        if c == '/' && next == Some('/') {
            let doc = matches!(chars.get(i + 2), Some('/' | '!')) && chars.get(i + 3) != Some(&'/');
            while i < chars.len() && chars[i] != '\n' {
                code.push(' ');
                docs.push(if doc { chars[i] } else { ' ' });
                i += 1;
            }
            continue;
        }
        if c == '/' && next == Some('*') {
            let doc = matches!(chars.get(i + 2), Some('*' | '!')) && chars.get(i + 3) != Some(&'/');
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    if depth == 0 {
                        code.push_str("  ");
                        docs.push_str("  ");
                        i += 2;
                        break;
                    }
                }
                code.push(blank(chars[i]));
                docs.push(if doc { chars[i] } else { blank(chars[i]) });
                i += 1;
            }
            continue;
        }
        // Raw strings: r"…", r#"…"#, br"…" (the `r` not the end of an identifier).
        let raw_start = match (c, next) {
            ('r', Some('"' | '#')) if !prev.is_some_and(ident) => Some(i + 1),
            ('b', Some('r')) if !prev.is_some_and(ident) => Some(i + 2),
            _ => None,
        };
        if let Some(start) = raw_start {
            let hashes = chars[start..].iter().take_while(|h| **h == '#').count();
            if chars.get(start + hashes) == Some(&'"') {
                let open = start + hashes + 1;
                for _ in i..open {
                    code.push(' ');
                    docs.push(' ');
                }
                i = open;
                while i < chars.len() {
                    let closes = chars[i] == '"'
                        && chars[i + 1..]
                            .iter()
                            .take(hashes)
                            .filter(|h| **h == '#')
                            .count()
                            == hashes;
                    if closes {
                        for _ in 0..=hashes {
                            code.push(' ');
                            docs.push(' ');
                        }
                        i += hashes + 1;
                        break;
                    }
                    code.push(blank(chars[i]));
                    docs.push(blank(chars[i]));
                    i += 1;
                }
                continue;
            }
        }
        if c == '"' {
            code.push(' ');
            docs.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                let escaped = chars[i] == '\\';
                code.push(blank(chars[i]));
                docs.push(blank(chars[i]));
                i += 1;
                if escaped && i < chars.len() {
                    code.push(blank(chars[i]));
                    docs.push(blank(chars[i]));
                    i += 1;
                }
            }
            code.push(' ');
            docs.push(' ');
            i += 1;
            continue;
        }
        // A character literal ('x', '\n', '\u{1F600}'), not a lifetime ('a, 'static).
        if c == '\'' {
            let end = if next == Some('\\') {
                chars[i + 2..]
                    .iter()
                    .position(|&x| x == '\'')
                    .map(|p| i + 2 + p)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            if let Some(end) = end {
                for _ in i..=end {
                    code.push(' ');
                    docs.push(' ');
                }
                i = end + 1;
                continue;
            }
        }
        code.push(c);
        docs.push(blank(c));
        i += 1;
    }
    Split { code, docs }
}

/// A token of code: an identifier, `::`, or one other character; with its line.
#[derive(Debug)]
struct Token<'a> {
    text: &'a str,
    line: usize,
}

fn tokens(code: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut rest = code.char_indices().peekable();
    while let Some((i, c)) = rest.next() {
        if c == '\n' {
            line += 1;
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = rest.peek() {
                if !(d.is_alphanumeric() || d == '_') {
                    break;
                }
                end = j + d.len_utf8();
                rest.next();
            }
            out.push(Token {
                text: &code[i..end],
                line,
            });
        } else if c == ':' && rest.peek().is_some_and(|&(_, d)| d == ':') {
            rest.next();
            out.push(Token { text: "::", line });
        } else {
            out.push(Token {
                text: &code[i..i + c.len_utf8()],
                line,
            });
        }
    }
    out
}

/// The first module of each path a `crate::` or `super::` path starts, with its line:
/// `crate::a::b` gives `a`; `crate::{a, b::{c}, d}` gives `a`, `b`, `d`; `super::super::a`
/// gives `a`.
fn named_modules<'a>(tokens: &[Token<'a>]) -> Vec<(&'a str, usize)> {
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if !matches!(token.text, "crate" | "super") {
            continue;
        }
        // Only the start of a path: not `super` inside `super::super`, not `::crate`.
        let previous = i.checked_sub(1).map(|j| tokens[j].text);
        if previous == Some("::") {
            continue;
        }
        let mut j = i + 1;
        while tokens.get(j).map(|t| t.text) == Some("::")
            && tokens.get(j + 1).map(|t| t.text) == Some("super")
        {
            j += 2;
        }
        if tokens.get(j).map(|t| t.text) != Some("::") {
            continue;
        }
        j += 1;
        match tokens.get(j) {
            Some(t) if t.text == "{" => out.extend(group_heads(tokens, j)),
            Some(t) => out.push((t.text, t.line)),
            None => {}
        }
    }
    out
}

/// The first identifier of each item of the `{ … }` group opening at `tokens[open]`.
fn group_heads<'a>(tokens: &[Token<'a>], open: usize) -> Vec<(&'a str, usize)> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut at_item_start = true;
    for token in &tokens[open..] {
        match token.text {
            "{" => {
                depth += 1;
                if depth == 1 {
                    at_item_start = true;
                    continue;
                }
            }
            "}" => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            "," if depth == 1 => {
                at_item_start = true;
                continue;
            }
            _ => {}
        }
        if depth == 1 && at_item_start {
            out.push((token.text, token.line));
        }
        at_item_start = false;
    }
    out
}

/// What a source of this layer does against the arrows, one line each (`line N: …`).
fn offenses(layer: Layer, source: &str) -> Vec<String> {
    let Split { code, docs } = split(source);
    let forbidden = layer.forbidden_modules();
    let mut found = Vec::new();
    for (where_, text) in [("", &code), ("in a doc comment: ", &docs)] {
        let tokens = tokens(text);
        for (module, line) in named_modules(&tokens) {
            if forbidden.contains(&module) {
                found.push(format!("line {line}: {where_}names `crate::{module}`"));
            }
        }
    }
    if layer == Layer::Library {
        let tokens = tokens(&code);
        for (i, token) in tokens.iter().enumerate() {
            if WINDOW_CRATES.contains(&token.text) || token.text == "rust_i18n" {
                found.push(format!("line {}: uses `{}`", token.line, token.text));
            }
            let macro_call = tokens.get(i + 1).is_some_and(|t| t.text == "!")
                && tokens
                    .get(i + 2)
                    .is_some_and(|t| matches!(t.text, "(" | "[" | "{"));
            if token.text == "t" && macro_call {
                found.push(format!("line {}: uses `t!`", token.line));
            }
        }
    }
    found
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, with its path relative to `src/`.
fn sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut stack = vec![src()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                files.push((path.strip_prefix(src()).unwrap().to_owned(), text));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_arrows_point_one_way() {
    let files = sources();
    let count = |layer| {
        files
            .iter()
            .filter(|(path, _)| Layer::of(path) == layer)
            .count()
    };
    // The walk found the code it is about (a moved folder would make this test pass empty).
    assert!(count(Layer::App) >= 3, "{files:?}");
    assert!(count(Layer::Ui) >= 3);
    assert!(count(Layer::Library) >= 8);
    assert_eq!(count(Layer::Edge), 2);
    let mut all = Vec::new();
    for (path, text) in &files {
        for offense in offenses(Layer::of(path), text) {
            all.push(format!("src/{}: {offense}", path.display()));
        }
    }
    assert!(
        all.is_empty(),
        "the arrows point shell → ui → app → the library, and the library neither \
         translates nor uses the window (see tests/arrows.rs):\n{}",
        all.join("\n")
    );
}

#[test]
fn the_checker_catches_what_it_is_for() {
    use Layer::{App, Edge, Library, Ui};
    // Each planted offense, and what it must be refused for (not merely refused).
    let planted: [(Layer, &str, &[&str]); 21] = [
        (
            Library,
            "use crate::i18n::tr;",
            &["line 1: names `crate::i18n`"],
        ),
        (
            Library,
            "fn f() -> String { crate::i18n::tr(\"x\") }",
            &["line 1: names `crate::i18n`"],
        ),
        (
            Library,
            "use crate::{model, app};",
            &["line 1: names `crate::app`"],
        ),
        (
            Library,
            "use crate::{\n    model::Session,\n    ui::{self, style},\n};",
            &["line 3: names `crate::ui`"],
        ),
        (
            Library,
            "use crate::{text::{Message}, i18n};",
            &["line 1: names `crate::i18n`"],
        ),
        (
            Library,
            "fn f() { super::app::AppState::bundled(); }",
            &["line 1: names `crate::app`"],
        ),
        (
            Library,
            "fn f() { super::super::i18n::tr(\"x\"); }",
            &["line 1: names `crate::i18n`"],
        ),
        (
            Library,
            "use crate :: shell;",
            &["line 1: names `crate::shell`"],
        ),
        (
            Library,
            "fn f(ui: &mut egui::Ui) {}",
            &["line 1: uses `egui`"],
        ),
        (
            Library,
            "use egui_plot::Plot;",
            &["line 1: uses `egui_plot`"],
        ),
        (
            Library,
            "fn f() -> String { rust_i18n::t!(\"x\").into() }",
            &["line 1: uses `rust_i18n`", "line 1: uses `t!`"],
        ),
        (
            Library,
            "fn f() -> String { t!(\"x\").into() }",
            &["line 1: uses `t!`"],
        ),
        (
            Library,
            "/// See [`crate::app::AppState`].\nfn f() {}",
            &["line 1: in a doc comment: names `crate::app`"],
        ),
        (
            Library,
            "//! The window's [`crate::ui`] shows it.",
            &["line 1: in a doc comment: names `crate::ui`"],
        ),
        (
            App,
            "use crate::ui::style::group_style;",
            &["line 1: names `crate::ui`"],
        ),
        (
            App,
            "fn f() { crate::ui::app_ui(); }",
            &["line 1: names `crate::ui`"],
        ),
        (
            App,
            "use crate::{model::Session, ui};",
            &["line 1: names `crate::ui`"],
        ),
        (App, "use super::ui;", &["line 1: names `crate::ui`"]),
        (
            App,
            "use crate::shell::App;",
            &["line 1: names `crate::shell`"],
        ),
        (
            Ui,
            "use crate::shell::App;",
            &["line 1: names `crate::shell`"],
        ),
        (
            Edge,
            "use crate::app::AppState;",
            &["line 1: names `crate::app`"],
        ),
    ];
    for (layer, source, expected) in planted {
        assert_eq!(
            offenses(layer, source),
            expected,
            "{layer:?} should be refused for this: {source}"
        );
    }
    // The offense is placed on its line.
    assert_eq!(
        offenses(
            Library,
            "use crate::model;\n\nuse crate::{\n    text,\n    app,\n};"
        ),
        ["line 5: names `crate::app`"]
    );
    let clean = [
        (
            Library,
            "use crate::{model::Session, text::{Localized, Message}};",
        ),
        (
            Library,
            "// No egui here, and no crate::app: a comment.\nfn f() {}",
        ),
        (
            Library,
            "/// Needs no egui: see `i18n::message`.\nfn f() {}",
        ),
        (
            Library,
            "const S: &str = \"crate::app and egui in a string\";",
        ),
        (Library, "const R: &str = r#\"crate::ui \"quoted\" egui\"#;"),
        (
            Library,
            "fn f<'a>(x: &'a str) -> char { assert!(true); format!(\"{x}\"); '\"' }",
        ),
        (
            Library,
            "fn f() { let at = 1; let t = 2; let _ = (at, t != 1, !t); }",
        ),
        (
            Library,
            "mod tests { use super::*; use super::super::model; }",
        ),
        (
            App,
            "use crate::{model, text::Message}; fn f() { crate::i18n::tr(\"x\"); }",
        ),
        (App, "use super::timer;"),
        (Ui, "use crate::app::AppState; use crate::ui::style;"),
        (Edge, "use crate::i18n::tr; use crate::file::FileError;"),
    ];
    for (layer, source) in clean {
        assert_eq!(
            offenses(layer, source),
            Vec::<String>::new(),
            "{layer:?}: {source}"
        );
    }
    assert_eq!(Layer::of(Path::new("app/mod.rs")), App);
    assert_eq!(Layer::of(Path::new("ui/grid.rs")), Ui);
    assert_eq!(Layer::of(Path::new("i18n.rs")), Edge);
    assert_eq!(Layer::of(Path::new("model.rs")), Library);
    assert_eq!(Layer::of(Path::new("stats/mod.rs")), Library);
}
