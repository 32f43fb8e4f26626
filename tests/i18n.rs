//! English and French: every key the code uses is in both translation files, the files
//! have the same keys and the same placeholders, and the window really switches language.
//! (Its own test binary: the language is process-wide.)

use std::collections::BTreeMap;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(lang: &str) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join(format!("assets/i18n/{lang}.yml"))).unwrap();
    let mut map = BTreeMap::new();
    for line in text.lines().filter(|l| l.starts_with('"')) {
        // Each entry is one line: "key": "value" (JSON-quoted strings, valid YAML).
        let mut de = serde_json_like(line);
        let key = de.remove(0);
        map.insert(key, de.remove(0));
    }
    map
}

/// Splits `"a": "b"` into its two unescaped strings.
fn serde_json_like(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some(other) => s.push(other),
                    None => {}
                },
                '"' => break,
                c => s.push(c),
            }
        }
        out.push(s);
    }
    out
}

/// Every string literal passed to `tr(` or `trf(` (the window's lookups) or to
/// `Message::new(` (the library's messages, translated by `i18n::message`) in the sources,
/// also where the literal is on the next line.
fn keys_in_code() -> Vec<String> {
    let mut keys = Vec::new();
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            keys.extend(keys_in(&text));
        }
    }
    keys
}

/// The keys in one source text (see [`keys_in_code`]).
fn keys_in(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for start in ["tr(", "trf(", "Message::new("] {
        for (i, _) in text.match_indices(start) {
            let before = text[..i].chars().last().unwrap_or(' ');
            if before.is_alphanumeric() || before == '_' {
                continue; // e.g. `str(` or `attr(`
            }
            let rest = text[i + start.len()..].trim_start();
            if let Some(literal) = rest.strip_prefix('"') {
                keys.push(string_literal(literal));
            }
        }
    }
    keys
}

/// The value of a Rust string literal whose opening quote is just before `rest`.
fn string_literal(rest: &str) -> String {
    let mut out = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => return out,
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('0') => out.push('\0'),
                Some('u') => {
                    let code: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                    out.extend(u32::from_str_radix(&code, 16).ok().and_then(char::from_u32));
                }
                Some('\n') => {
                    // A line continuation: the line break and the next line's indent go.
                    while chars.next_if(|c| c.is_whitespace()).is_some() {}
                }
                Some(other) => out.push(other),
                None => {}
            },
            c => out.push(c),
        }
    }
    panic!("a string literal is not closed: {rest:.60}")
}

#[test]
fn keys_are_found_in_every_way_they_are_written() {
    let source = r#"
        tr("One"); i18n::trf("Two %{n}", &[]); str("not a key");
        Message::new("Three \"quoted\" \u{e9}").with("n", 1);
        Message::new(
            "Four, \
             continued",
        );
        let m = Message::new(key);
    "#;
    assert_eq!(
        keys_in(source),
        ["One", "Two %{n}", "Three \"quoted\" é", "Four, continued"]
    );
}

fn placeholders(text: &str) -> Vec<&str> {
    let mut p: Vec<&str> = text
        .match_indices("%{")
        .map(|(i, _)| &text[i..i + text[i..].find('}').unwrap() + 1])
        .collect();
    p.sort_unstable();
    p
}

#[test]
fn every_key_is_in_both_languages_with_the_same_placeholders() {
    let (en, fr) = (load("en"), load("fr"));
    assert!(en.len() > 300, "{}", en.len());
    assert_eq!(
        en.keys().collect::<Vec<_>>(),
        fr.keys().collect::<Vec<_>>(),
        "the same keys"
    );
    let mut used = keys_in_code();
    for scale in cocreate::model::AmbitionScale::ALL {
        used.push(scale.name().to_owned());
        used.push(scale.axis_name().to_owned());
        for level in scale.levels() {
            used.push(level.name().to_owned());
        }
    }
    for template in cocreate::model::Template::ALL {
        used.push(template.name().to_owned());
    }
    for outcome in cocreate::model::Outcome::kinds() {
        used.push(outcome.name().to_owned());
    }
    for role in cocreate::model::Role::ALL {
        used.push(role.name().to_owned());
    }
    // The group's page: its texts are looked up by key (not written as `tr("…")` literals).
    used.extend(
        cocreate::app::room::PAGE_TEXTS
            .iter()
            .map(|k| (*k).to_owned()),
    );
    for criterion in cocreate::smart::Criterion::ALL {
        used.push(criterion.name().to_owned());
    }
    for (keys, what) in cocreate::app::actions::PLOT_KEYS {
        used.push(keys.to_owned());
        used.push(what.to_owned());
    }
    used.push(cocreate::app::dialogs::NO_DIALOG_HELP.to_owned());
    used.extend(
        cocreate::model::DESIRABILITY_CRITERIA
            .iter()
            .map(|c| (*c).to_owned()),
    );
    for key in &used {
        assert!(en.contains_key(key), "missing in en.yml: {key:?}");
        assert!(fr.contains_key(key), "missing in fr.yml: {key:?}");
    }
    for (key, text) in &fr {
        assert_eq!(
            placeholders(key),
            placeholders(text),
            "placeholders of {key:?}"
        );
        assert_eq!(&en[key], key, "English values are the keys");
    }
}

/// The language is process-wide: tests that switch it take turns, and leave English behind.
static LANGUAGE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Holds the language for one test, in `code`; back to English when dropped.
struct Language(#[allow(dead_code)] std::sync::MutexGuard<'static, ()>);

impl Language {
    fn set(code: &str) -> Self {
        let guard = LANGUAGE.lock().unwrap_or_else(|e| e.into_inner());
        cocreate::i18n::set_language(code);
        Self(guard)
    }
}

impl Drop for Language {
    fn drop(&mut self) {
        cocreate::i18n::set_language("en");
    }
}

/// French typography, one rule: a no-break space (U+00A0, which the window never breaks a
/// line at) before `:` `;` `!` `?` `»` and after `«`. A colon with no space after it
/// (`12:30`, `(:)`, `line:col`) is not punctuation.
fn french_punctuation_faults(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut faults = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let fault = match c {
            ';' | '!' | '?' | '»' => before != Some('\u{a0}'),
            ':' => after.is_none_or(char::is_whitespace) && before != Some('\u{a0}'),
            '«' => after != Some('\u{a0}'),
            _ => false,
        };
        if fault {
            let from = i.saturating_sub(12);
            faults.push(chars[from..(i + 3).min(chars.len())].iter().collect());
        }
    }
    faults
}

#[test]
fn french_punctuation_follows_one_rule_everywhere() {
    let fr = load("fr");
    let faults: Vec<String> = fr
        .values()
        .flat_map(|text| french_punctuation_faults(text))
        .collect();
    assert!(
        faults.is_empty(),
        "no no-break space (U+00A0) at: {faults:#?}"
    );
    // Texts the window joins in code follow it too.
    let _fr = Language::set("fr");
    let line = cocreate::i18n::message(&cocreate::smart::status_line(
        cocreate::smart::Criterion::Specific,
        cocreate::smart::Status::NotYet,
    ));
    assert_eq!(line, "Spécifique\u{a0}: pas encore");
    let error = cocreate::file::FileError {
        path: "s.ron".into(),
        location: Some((3, 7)),
        kind: cocreate::file::FileErrorKind::Empty,
    };
    let error = cocreate::i18n::localized(&error);
    assert_eq!(error, "s.ron:3:7\u{a0}: le fichier est vide");
    assert!(french_punctuation_faults(&error).is_empty());
}

#[test]
fn a_cut_file_is_explained_in_french() {
    let text = std::fs::read(root().join("sessions/ontario-2016-central.ron")).unwrap();
    let _fr = Language::set("fr");
    let mut checked = 0;
    for cut in (1..text.len() - 1).step_by(997) {
        let Err(e) = cocreate::file::parse(&text[..cut]) else {
            panic!("a cut at {cut} reads");
        };
        let (Some((line, col)), kind) = e else {
            panic!("no line:col for a cut at {cut}");
        };
        let message = cocreate::i18n::localized(&kind);
        let lines = text[..cut].split(|&b| b == b'\n').count();
        assert!((1..=lines).contains(&line) && col >= 1, "{line}:{col}");
        checked += 1;
        assert!(
            message.contains("a-t-il été coupé"),
            "cut at {cut}: {message}"
        );
        assert!(french_punctuation_faults(&message).is_empty(), "{message}");
    }
    assert_eq!(checked, (text.len() - 2).div_ceil(997));
}

#[test]
fn the_keyboard_shortcuts_are_listed_once_each_in_french() {
    let fr = load("fr");
    let _fr = Language::set("fr");
    let rows =
        cocreate::app::actions::shortcut_rows(|s| s.format(&egui::ModifierNames::NAMES, false));
    let mut keys: Vec<&str> = rows.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    let count = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), count, "a key chord twice: {rows:#?}");
    for (keys, what) in &rows {
        assert!(
            fr.values().any(|v| v == what),
            "{keys}: {what:?} is not a French text"
        );
        assert!(!keys.contains("Shift"), "{keys}");
    }
    assert!(rows.iter().any(|(k, _)| k == "Ctrl+Maj+Z"), "{rows:#?}");
}

#[test]
fn the_window_switches_to_french_and_back() {
    use cocreate::app::AppState;
    use cocreate::shell::App;
    use egui_kittest::kittest::Queryable as _;
    let _turn = Language::set("en");
    let mut h = egui_kittest::Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(|cc| {
            cocreate::ui::theme::setup_style(&cc.egui_ctx);
            App::new(AppState::bundled())
        });
    h.run_steps(2);
    h.get_by_label("Plot");
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Language").click();
    h.run_steps(2);
    h.get_by_label("Français").click();
    h.run_steps(3);
    assert_eq!(h.state().state.window.language, "fr");
    assert_eq!(cocreate::i18n::language(), "fr");
    h.get_by_label("Placer");
    h.get_by_label("Affiner");
    h.get_by_label("Placer l’engagement 1");
    assert_eq!(
        cocreate::i18n::localized(&cocreate::smart::Criterion::TimeBound),
        "Limité dans le temps"
    );
    // Reports are written in English whatever the window's language.
    let text = std::fs::read(root().join("sessions/ontario-2016-central.ron")).unwrap();
    let session = cocreate::file::parse(&text).unwrap();
    let report = cocreate::report::markdown(&session, &Default::default());
    assert!(report.contains("SMART check: "), "{report}");
    for criterion in cocreate::smart::Criterion::ALL {
        assert!(
            !report.contains(&cocreate::i18n::localized(&criterion)),
            "{report}"
        );
    }
    // Commitment texts stay as entered.
    assert!(
        h.query_all_by_label_contains("Adopt the International")
            .count()
            >= 1
    );

    h.get_by_label("Affichage").click();
    h.run_steps(2);
    h.get_by_label("Langue").click();
    h.run_steps(2);
    h.get_by_label("English").click();
    h.run_steps(3);
    h.get_by_label("Plot");
    assert_eq!(
        cocreate::app::prefs::Prefs::of(&h.state().state.window).language,
        "en",
        "the choice is a preference"
    );
}
