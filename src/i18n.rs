//! Translations. Every string of the window comes from `assets/i18n/en.yml` and
//! `assets/i18n/fr.yml` through rust-i18n; the key is the English text, so the code reads as
//! it displays. Commitment texts and everything the user types stay as entered.

use std::fmt::Display;

/// The languages of the window: code and name in that language.
pub const LANGUAGES: [(&str, &str); 2] = [("en", "English"), ("fr", "Français")];

thread_local! {
    /// Translations looked up so far, for the language they were looked up in. rust-i18n's
    /// dynamic lookup costs about 2 µs; a frame asks for a few hundred texts.
    static CACHE: std::cell::RefCell<(String, std::collections::HashMap<String, String>)> =
        std::cell::RefCell::new((String::new(), std::collections::HashMap::new()));
}

/// The text for a key in the current language (English when a translation is missing).
pub fn tr(key: &str) -> String {
    let locale = rust_i18n::locale();
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.0 != *locale {
            *cache = ((*locale).to_owned(), std::collections::HashMap::new());
        }
        if let Some(text) = cache.1.get(key) {
            return text.clone();
        }
        let text = rust_i18n::t!(key).into_owned();
        cache.1.insert(key.to_owned(), text.clone());
        text
    })
}

/// The text for a key with `%{name}` placeholders filled in.
pub fn trf(key: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut text = tr(key);
    for (name, value) in args {
        text = text.replace(&format!("%{{{name}}}"), &value.to_string());
    }
    text
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
