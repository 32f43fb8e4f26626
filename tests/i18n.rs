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

/// Every string literal passed to `tr(` or `trf(` in the sources.
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
            for start in ["tr(\"", "trf(\""] {
                for (i, _) in text.match_indices(start) {
                    let before = text[..i].chars().last().unwrap_or(' ');
                    if before.is_alphanumeric() || before == '_' {
                        continue; // e.g. `str("` or `attr("`
                    }
                    let rest = &text[i + start.len() - 1..];
                    keys.push(
                        serde_json_like(
                            &rest[..rest.find("\",").or_else(|| rest.find("\")")).unwrap() + 1],
                        )
                        .remove(0),
                    );
                }
            }
        }
    }
    keys
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
    for level in cocreate::model::AmbitionLevel::ALL {
        used.push(level.name().to_owned());
    }
    for role in cocreate::model::Role::ALL {
        used.push(role.name().to_owned());
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

#[test]
fn the_window_switches_to_french_and_back() {
    use cocreate::app::{App, AppState};
    use egui_kittest::kittest::Queryable as _;
    let mut h = egui_kittest::Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(|cc| {
            cocreate::app::setup_style(&cc.egui_ctx);
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
    assert_eq!(h.state().state.language, "fr");
    assert_eq!(cocreate::i18n::language(), "fr");
    h.get_by_label("Placer");
    h.get_by_label("Affiner");
    h.get_by_label("Placer l’engagement 1");
    assert_eq!(
        cocreate::smart::Criterion::TimeBound.label(),
        "Limité dans le temps"
    );
    // Reports are written in English whatever the window's language.
    let text = std::fs::read(root().join("sessions/ontario-2016-central.ron")).unwrap();
    let session = cocreate::file::parse(&text).unwrap();
    let report = cocreate::report::markdown(&session, &Default::default());
    assert!(report.contains("to work on: "), "{report}");
    for criterion in cocreate::smart::Criterion::ALL {
        assert!(!report.contains(&criterion.label()), "{report}");
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
        cocreate::app::Prefs::of(&h.state().state).language,
        "en",
        "the choice is a preference"
    );
}
