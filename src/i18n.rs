//! Translations. Every string of the window comes from `assets/i18n/en.yml` and
//! `assets/i18n/fr.yml` through rust-i18n; the key is the English text, so the code reads as
//! it displays. Commitment texts and everything the user types stay as entered.

use std::fmt::Display;

/// The languages of the window: code and name in that language.
pub const LANGUAGES: [(&str, &str); 2] = [("en", "English"), ("fr", "Français")];

thread_local! {
    /// Translations looked up so far, for the language they were looked up in. rust-i18n's
    /// dynamic lookup costs about 2 µs; a frame asks for a few hundred texts.
    static CACHE: std::cell::RefCell<(String, ahash::AHashMap<String, String>)> =
        std::cell::RefCell::new((String::new(), ahash::AHashMap::new()));
}

/// The text for a key in the current language (English when a translation is missing).
pub fn tr(key: &str) -> String {
    let locale = rust_i18n::locale();
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.0 != *locale {
            *cache = ((*locale).to_owned(), ahash::AHashMap::new());
        }
        if let Some(text) = cache.1.get(key) {
            return text.clone();
        }
        let text = rust_i18n::t!(key).into_owned();
        cache.1.insert(key.to_owned(), text.clone());
        text
    })
}

/// The text for a key with `%{name}` placeholders filled in, in one pass over the
/// translation: a value is never read for placeholders itself (a commitment titled
/// "%{groups}" stays as it is), and an unknown placeholder is left as written.
pub fn trf(key: &str, args: &[(&str, &dyn Display)]) -> String {
    fill(&tr(key), args)
}

fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("%{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let value = after
            .find('}')
            .and_then(|end| Some((end, args.iter().find(|(name, _)| *name == &after[..end])?)));
        match value {
            Some((end, (_, value))) => {
                let _ = write!(out, "{value}");
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("%{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Switches the language (`en` or `fr`) for the whole process.
pub fn set_language(code: &str) {
    if *rust_i18n::locale() != *code {
        rust_i18n::set_locale(code);
    }
}

/// The current language code.
pub fn language() -> String {
    rust_i18n::locale().to_string()
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn placeholders_are_filled_once_and_values_are_not_read_again() {
        let title = "Publish %{groups} data";
        let text = fill(
            "%{commitment}: %{groups} groups",
            &[("commitment", &title), ("groups", &4)],
        );
        assert_eq!(text, "Publish %{groups} data: 4 groups");
    }

    #[test]
    fn unknown_and_unclosed_placeholders_stay_as_written() {
        assert_eq!(fill("%{other} and %{0}", &[("0", &"x")]), "%{other} and x");
        assert_eq!(fill("50%{ and %", &[("0", &"x")]), "50%{ and %");
        assert_eq!(fill("é%{0}é", &[("0", &"ü")]), "éüé");
    }
}
