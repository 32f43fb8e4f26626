//! Translations: the translating side of the arrows. Every string of the window comes from
//! `assets/i18n/en.yml` and `assets/i18n/fr.yml` through rust-i18n; the key is the English
//! text, so the code reads as it displays. The library below never calls this module: it
//! says what it has to say in [`Message`]s (and its errors, levels, roles and criteria
//! through [`Localized`]), which [`message`] and [`localized`] put in the current language,
//! for the window and the command line. Commitment texts and everything the user types
//! stay as entered.

use std::fmt::Display;

use crate::text::{Arg, Localized, Message, fill};

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

/// A message of the library in the current language: its key translated, then filled in
/// with its values (a value that is a message of its own translated first).
pub fn message(message: &Message) -> String {
    said_with(message, &tr)
}

/// A message of the library in the language `code` (`en`, `fr`; English where a
/// translation is missing), whatever the process's language: for files that hold several
/// languages side by side, such as Decidim's `answer/en` and `answer/fr` columns.
pub fn message_in(code: &str, message: &Message) -> String {
    said_with(message, &|key| {
        rust_i18n::t!(key, locale = code).into_owned()
    })
}

/// A message with its key and its values' keys looked up by `lookup`.
fn said_with(message: &Message, lookup: &dyn Fn(&str) -> String) -> String {
    message.fill_with(&lookup(message.key), |value| match value {
        Arg::Text(text) => text.clone(),
        Arg::Message(m) => said_with(m, lookup),
        Arg::List(items, separator) => items
            .iter()
            .map(|m| said_with(m, lookup))
            .collect::<Vec<_>>()
            .join(separator),
    })
}

/// What the library says of something (an error, a level, a role, a criterion) in the
/// current language.
pub fn localized(thing: &(impl Localized + ?Sized)) -> String {
    message(&thing.message())
}

/// An error and its causes in the current language, `error: cause: cause`, as anyhow's
/// `{:#}` writes them: each error cocreate can say ([`Localized`]) translated, any other
/// (the operating system's own words) as it is.
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = Vec::new();
    let mut next = Some(error);
    while let Some(e) = next {
        parts.push(said(e));
        next = e.source();
    }
    parts.join(": ")
}

/// One error in the current language, if it is one of the library's.
fn said(e: &(dyn std::error::Error + 'static)) -> String {
    if let Some(e) = e.downcast_ref::<crate::file::FileError>() {
        localized(e)
    } else if let Some(e) = e.downcast_ref::<crate::file::FileErrorKind>() {
        localized(e)
    } else if let Some(e) = e.downcast_ref::<crate::file::ValidationError>() {
        localized(e)
    } else if let Some(e) = e.downcast_ref::<crate::import::CsvFileError>() {
        localized(e)
    } else if let Some(e) = e.downcast_ref::<crate::import::ImportError>() {
        localized(e)
    } else if let Some(e) = e.downcast_ref::<crate::export::ExportError>() {
        localized(e)
    } else if let Some(e) = e.downcast_ref::<crate::decidim::DecidimFileError>() {
        localized(e)
    } else if let Some(e) = e.downcast_ref::<crate::merge::MergeError>() {
        localized(e)
    } else {
        e.to_string()
    }
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

#[cfg(test)]
mod in_a_language {
    use super::{language, message, message_in};
    use crate::text::{Localized, Message};

    /// A message said in a given language, nested messages too, whatever the process's
    /// language, which stays as it was.
    #[test]
    fn a_message_is_said_in_the_language_asked_for() {
        let before = language();
        let error = Message::new("%{place}: %{reason}")
            .with("place", "s.ron")
            .with_message("reason", crate::model::Outcome::Selected.message());
        assert_eq!(
            message_in("fr", &error),
            "s.ron\u{a0}: retenue pour le plan"
        );
        assert_eq!(message_in("en", &error), "s.ron: selected for the plan");
        // An unknown language falls back to English, as a missing translation does.
        assert_eq!(message_in("xx", &error), "s.ron: selected for the plan");
        assert_eq!(language(), before);
        assert_eq!(message(&error), message_in(&before, &error));
    }
}
