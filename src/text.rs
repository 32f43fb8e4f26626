//! Text for a reader. What a character is ([`is_hidden`]): shared by the model (ids), the
//! reports and the command line, so every output hides or shows the same characters. What
//! the library says ([`Message`]): an English text that is also its translation key, with
//! its values, so the library never translates and the window and the command line do
//! ([`Localized`]).

/// Characters that show nothing yet change how text reads or compares: bidirectional
/// overrides, embeddings, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
/// U+061C), zero-width spaces, joiners and non-joiners, invisible operators, the BOM,
/// variation selectors, tag characters, soft hyphens, fillers. Every report (Markdown, CSV,
/// SVG) removes them, ids are read without them, and the terminal shows them escaped, so
/// one title cannot pass for another or reverse what follows it.
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// A message for a reader, as the library gives it: its English text with `%{name}`
/// placeholders — which is also the key of its translations in `assets/i18n` — and the
/// values that fill them in. The library never translates: `Display` writes the English
/// text (the key filled in, no lookup), which reports and tests use; the window and the
/// command line show it in the user's language through `i18n::message`.
///
/// ```
/// use cocreate::text::Message;
/// let m = Message::new("Milestone %{n}: no start month.").with("n", 2);
/// assert_eq!(m.to_string(), "Milestone 2: no start month.");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Message {
    /// The English text with `%{name}` placeholders: the translation key.
    pub key: &'static str,
    /// The placeholders' values, by name.
    pub args: Vec<(&'static str, Arg)>,
}

/// A placeholder's value in a [`Message`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    /// Shown as it is: a number, a name, a path, what the user typed, the system's words.
    Text(String),
    /// A message of its own, translated with the one it is in.
    Message(Message),
    /// Messages one after the other, with this separator between them.
    List(Vec<Message>, &'static str),
}

impl Message {
    /// A message without placeholders, or one whose values follow ([`Message::with`]).
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    /// Text that is shown as it is in every language: a name, a value, the operating
    /// system's own words.
    pub fn verbatim(text: impl Into<String>) -> Self {
        Message::new("%{text}").with_arg("text", Arg::Text(text.into()))
    }

    /// Messages one after the other, `separator` between them (each one translated).
    pub fn list(items: Vec<Message>, separator: &'static str) -> Self {
        Message::new("%{text}").with_arg("text", Arg::List(items, separator))
    }

    /// Fills placeholder `name` with a value shown as it is (its `Display`).
    #[must_use]
    pub fn with(self, name: &'static str, value: impl std::fmt::Display) -> Self {
        self.with_arg(name, Arg::Text(value.to_string()))
    }

    /// Fills placeholder `name` with a message, translated with this one.
    #[must_use]
    pub fn with_message(self, name: &'static str, value: Message) -> Self {
        self.with_arg(name, Arg::Message(value))
    }

    /// Fills placeholder `name` with a value of any kind.
    #[must_use]
    pub fn with_arg(mut self, name: &'static str, value: Arg) -> Self {
        self.args.push((name, value));
        self
    }

    /// The text with every placeholder filled in, each value given by `arg` (in English:
    /// [`Arg`]'s `Display`; translated: `i18n::message`).
    pub fn fill_with(&self, template: &str, arg: impl Fn(&Arg) -> String) -> String {
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, value)| (*name, arg(value)))
            .collect();
        let args: Vec<(&str, &dyn std::fmt::Display)> = values
            .iter()
            .map(|(name, value)| (*name, value as &dyn std::fmt::Display))
            .collect();
        fill(template, &args)
    }
}

impl std::fmt::Display for Message {
    /// The English text: the key with its placeholders filled in.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.fill_with(self.key, Arg::to_string))
    }
}

impl std::fmt::Display for Arg {
    /// The value in English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Text(text) => f.write_str(text),
            Self::Message(message) => message.fmt(f),
            Self::List(items, separator) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(separator)?;
                    }
                    item.fmt(f)?;
                }
                Ok(())
            }
        }
    }
}

/// What can be said to a reader in a [`Message`]: the library's errors, the names of
/// levels, roles and criteria. Its `Display`, where it has one, is the message in English.
pub trait Localized {
    /// What to say.
    fn message(&self) -> Message;
}

impl Localized for Message {
    fn message(&self) -> Message {
        self.clone()
    }
}

/// `template` with its `%{name}` placeholders filled in, in one pass: a value is never read
/// for placeholders itself (a commitment titled "%{groups}" stays as it is), and an unknown
/// or unclosed placeholder is left as written.
pub fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
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

#[cfg(test)]
mod tests {
    use super::{Arg, Message};

    #[test]
    fn a_message_reads_in_english_with_its_values_and_nested_messages() {
        let m = Message::new("%{place}: %{reason}")
            .with("place", "s.ron:3:7")
            .with_message(
                "reason",
                Message::new("the file is %{n} bytes; session files are limited to 20 MiB")
                    .with("n", 7),
            );
        assert_eq!(
            m.to_string(),
            "s.ron:3:7: the file is 7 bytes; session files are limited to 20 MiB"
        );
        assert_eq!(
            Message::verbatim("%{text} stays").to_string(),
            "%{text} stays"
        );
        let list = Message::list(
            vec![
                Message::verbatim("a.ron"),
                Message::new("edited by the organizer"),
            ],
            "; ",
        );
        assert_eq!(list.to_string(), "a.ron; edited by the organizer");
        assert_eq!(Arg::List(Vec::new(), ", ").to_string(), "");
    }
}
