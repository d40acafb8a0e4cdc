//! The filter line (`/`): the words of the selection's flags, `method:POST path:/hooks/*
//! status:4xx since:1h until:2026-12-06T10:00:00Z where:EXPR`, and any other word searched as
//! text, as `--grep` does. The words become the same [`FilterSpec`] the flags make, so the
//! inspector filters exactly as `list` does. `where:` takes the rest of the line, since a jq
//! expression holds spaces.

use crate::capture::filter::{FilterSpec, Filters, StatusSet, TimeBound};
use crate::capture::select::Selection;

/// The filter words that take a value.
const WORDS: [&str; 6] = ["method", "path", "status", "since", "until", "where"];

/// The selection a filter line describes, or why it is not one (shown on the status line, in
/// the filter's words: `where: …`, not the flag's `--where: …`).
pub fn selection_of(text: &str) -> Result<Selection, String> {
    let spec = spec_of(text)?;
    let filters =
        Filters::new(spec).map_err(|failure| match failure.message.strip_prefix("--where: ") {
            Some(why) => format!("where: {why}"),
            None => failure.message,
        })?;
    Ok(Selection {
        selectors: Vec::new(),
        filters,
    })
}

/// Whether the line ends in the start of a filter word being typed (`s`, `stat`, `where`):
/// as typed, it is text to search for, but most likely the word is not done, so the inspector
/// waits for the next key (or Enter) before searching for it.
pub fn ends_in_a_word_being_typed(text: &str) -> bool {
    if text.ends_with(char::is_whitespace) {
        return false;
    }
    let last = text.rsplit(char::is_whitespace).next().unwrap_or("");
    !last.is_empty()
        && !last.contains(':')
        && WORDS.iter().any(|word| word.starts_with(last))
        && !text.contains("where:")
}

fn spec_of(text: &str) -> Result<FilterSpec, String> {
    let mut spec = FilterSpec::default();
    let mut grep: Vec<&str> = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        if let Some(expression) = rest.strip_prefix("where:") {
            let expression = expression.trim();
            if expression.is_empty() {
                return Err(
                    "where: wants a jq expression, such as where:.action == \"opened\"".into(),
                );
            }
            spec.query = Some(expression.to_string());
            break;
        }
        let (word, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        rest = after.trim_start();
        let Some((name, value)) = word.split_once(':') else {
            grep.push(word);
            continue;
        };
        // `status:` half typed is no search for the text `status:`.
        if value.is_empty() && WORDS.contains(&name) {
            return Err(format!("{name}: wants a value"));
        }
        let said = |why: String| format!("{name}: {why}");
        match name {
            "method" => spec.method = Some(value.to_string()),
            "path" => spec.path = Some(value.to_string()),
            "status" => spec.status = Some(StatusSet::parse(value).map_err(said)?),
            "since" => spec.since = Some(TimeBound::parse(value).map_err(said)?),
            "until" => spec.until = Some(TimeBound::parse(value).map_err(said)?),
            _ => grep.push(word),
        }
    }
    if !grep.is_empty() {
        spec.grep = Some(grep.join(" "));
    }
    Ok(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_the_flags_filters() {
        let spec =
            spec_of("method:POST order.created path:/hooks/* status:4xx since:1h where:.a == 1")
                .unwrap();
        assert_eq!(spec.method.as_deref(), Some("POST"));
        assert_eq!(spec.path.as_deref(), Some("/hooks/*"));
        assert_eq!(spec.status, Some(StatusSet::parse("4xx").unwrap()));
        assert_eq!(spec.since, Some(TimeBound::parse("1h").unwrap()));
        assert_eq!(spec.query.as_deref(), Some(".a == 1"));
        assert_eq!(spec.grep.as_deref(), Some("order.created"));
    }

    #[test]
    fn other_words_are_searched_as_text_and_bad_values_say_why() {
        let spec = spec_of("https://example.com  two").unwrap();
        assert_eq!(spec.grep.as_deref(), Some("https://example.com two"));
        assert!(spec_of("status:abc").unwrap_err().contains("not a status"));
        let why = selection_of("where:.a ==").err().unwrap();
        assert!(
            why.starts_with("where: ") && !why.contains("--where"),
            "{why}"
        );
        assert_eq!(spec_of("status:").unwrap_err(), "status: wants a value");
        assert!(spec_of("status:abc")
            .unwrap_err()
            .starts_with("status: 'abc'"));
        assert!(selection_of("where:").is_err());
        assert!(ends_in_a_word_being_typed("stat"));
        assert!(ends_in_a_word_being_typed("method:POST wh"));
        assert!(!ends_in_a_word_being_typed("stat "));
        assert!(!ends_in_a_word_being_typed("stripe"));
        assert!(!ends_in_a_word_being_typed("where:.s"));
        // A word that is no filter's name is text, colon and all.
        assert_eq!(spec_of("note:").unwrap().grep.as_deref(), Some("note:"));
        assert!(selection_of("").unwrap().filters.is_empty());
    }
}
