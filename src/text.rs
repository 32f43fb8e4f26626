//! What a character is to a reader: shared by the model (ids), the reports and the command
//! line, so every output hides or shows the same characters.

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
