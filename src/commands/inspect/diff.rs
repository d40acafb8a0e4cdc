//! Comparing two captures (`d` on two marked with space), side by side: each is written as one
//! text (the request line, the headers masked as `show` masks them, a blank line, the body) and
//! the two texts compared line by line with `similar`, whose operations are laid out as rows of
//! two columns: a line in both on both sides, a removed line on the left only, an added line on
//! the right only, and a changed line (a removed line replaced by an added one) on one row with
//! its changed words marked. A JSON body is written indented with its keys sorted, so two bodies
//! that differ only in key order compare equal, and its lines are compared without their
//! trailing comma, so that a key added after a line does not make that line a change; both
//! bodies JSON, [`super::json_diff`] also names the paths that differ. A text body is compared as it is, a binary one as hex lines.
//! Drawing the rows is `diff_view`'s.

use similar::{Algorithm, ChangeTag, DiffTag, TextDiff};

use super::json_diff::{self, PathChange};
use crate::capture::CaptureRecord;
use crate::output::redact::Redaction;

/// Lines longer than this are marked changed as a whole: their words are not compared, so that
/// a long minified line cannot hold up opening the diff.
const WORD_DIFF_AT_MOST: usize = 2_000;

/// What a row of the two columns shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// The same line on both sides.
    Same,
    /// A line of the first capture only (left).
    Removed,
    /// A line of the second capture only (right).
    Added,
    /// A line of the first beside the line of the second that took its place.
    Changed,
}

/// A run of a line's text, and whether it differs from the line beside it (a changed word).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub differs: bool,
}

/// One row: the left (first capture) and right (second) lines; `None` where a side has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    pub left: Option<Vec<Piece>>,
    pub right: Option<Vec<Piece>>,
}

/// The two captures compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// When both bodies are JSON: the paths that differ (empty when they are equal).
    pub json: Option<Vec<PathChange>>,
    pub rows: Vec<Row>,
}

/// A line of a capture's text: what is shown, and what is compared (a JSON line without its
/// trailing comma).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextLine {
    pub shown: String,
    pub compared: String,
}

impl TextLine {
    fn plain(shown: &str) -> TextLine {
        TextLine {
            shown: shown.to_string(),
            compared: shown.to_string(),
        }
    }

    fn json(shown: &str) -> TextLine {
        TextLine {
            shown: shown.to_string(),
            compared: shown.strip_suffix(',').unwrap_or(shown).to_string(),
        }
    }
}

/// The lines of a text, each compared as it is.
fn text_lines(text: &str) -> Vec<TextLine> {
    text.lines().map(TextLine::plain).collect()
}

/// The captures compared, first on the left.
pub fn compare(first: &CaptureRecord, second: &CaptureRecord, redaction: &Redaction) -> Comparison {
    let (first_lines, first_json) = comparable_lines(first, redaction);
    let (second_lines, second_json) = comparable_lines(second, redaction);
    let json = match (first_json, second_json) {
        (Some(a), Some(b)) => Some(json_diff::compare(&a, &b)),
        _ => None,
    };
    Comparison {
        json,
        rows: side_by_side(&first_lines, &second_lines),
    }
}

/// The rows of two texts compared line by line (by what each line compares as).
fn side_by_side(old: &[TextLine], new: &[TextLine]) -> Vec<Row> {
    let old_keys: Vec<&str> = old.iter().map(|l| l.compared.as_str()).collect();
    let new_keys: Vec<&str> = new.iter().map(|l| l.compared.as_str()).collect();
    let ops = similar::capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys);
    let shown = |lines: &[TextLine], range: std::ops::Range<usize>| -> Vec<String> {
        lines[range].iter().map(|l| l.shown.clone()).collect()
    };
    let mut rows = Vec::new();
    let mut ops = ops.iter().map(|op| op.as_tag_tuple()).peekable();
    while let Some((tag, olds, news)) = ops.next() {
        match tag {
            DiffTag::Equal => rows.extend(olds.zip(news).map(|(a, b)| Row {
                kind: RowKind::Same,
                left: Some(plain(old[a].shown.clone())),
                right: Some(plain(new[b].shown.clone())),
            })),
            DiffTag::Insert => rows.extend(shown(new, news).into_iter().map(added)),
            DiffTag::Delete | DiffTag::Replace => {
                // A deletion right before an insertion is a replacement too.
                let news = match ops.peek() {
                    Some((DiffTag::Insert, _, _)) if tag == DiffTag::Delete => {
                        ops.next().map_or(news, |(_, _, inserted)| inserted)
                    }
                    _ => news,
                };
                rows.extend(replaced(shown(old, olds), shown(new, news)));
            }
        }
    }
    rows
}

/// Removed lines beside the added ones that replaced them. A line with a name (a header, a
/// JSON member: the text before `:`) is paired with the line of the same name if the other side
/// has one, and stands alone if not, so a header missing on one side is not shown as another
/// header changed; lines without a name pair in order. Unpaired lines stand alone.
fn replaced(olds: Vec<String>, news: Vec<String>) -> Vec<Row> {
    let old_names: Vec<Option<String>> = olds.iter().map(|l| line_name(l)).collect();
    let names: Vec<Option<String>> = news.iter().map(|l| line_name(l)).collect();
    let mut partner: Vec<Option<usize>> = vec![None; olds.len()];
    let mut taken = vec![false; news.len()];
    for (name, partner) in old_names.iter().zip(partner.iter_mut()) {
        let Some(name) = name else { continue };
        if let Some(j) = (0..news.len()).find(|&j| !taken[j] && names[j].as_ref() == Some(name)) {
            *partner = Some(j);
            taken[j] = true;
        }
    }
    let mut nameless = (0..news.len()).filter(|&j| names[j].is_none());
    for (name, partner) in old_names.iter().zip(partner.iter_mut()) {
        if partner.is_none() && name.is_none() {
            *partner = nameless.next();
            if let Some(j) = *partner {
                taken[j] = true;
            }
        }
    }
    let mut news: Vec<Option<String>> = news.into_iter().map(Some).collect();
    let mut rows = Vec::with_capacity(olds.len().max(news.len()));
    let mut next_new = 0;
    for (old, partner) in olds.into_iter().zip(partner) {
        let Some(j) = partner else {
            rows.push(Row {
                kind: RowKind::Removed,
                left: Some(plain(old)),
                right: None,
            });
            continue;
        };
        // Added lines before this one's partner come first, in their order.
        while next_new < j {
            if let Some(new) = news[next_new].take_if(|_| !taken[next_new]) {
                rows.push(added(new));
            }
            next_new += 1;
        }
        let new = news[j].take().expect("each new line is paired once");
        let (left, right) = changed_words(&old, &new);
        rows.push(Row {
            kind: RowKind::Changed,
            left: Some(left),
            right: Some(right),
        });
        next_new = next_new.max(j + 1);
    }
    rows.extend(news.into_iter().flatten().map(added));
    rows
}

/// The name a line starts with (`Content-Type` in `Content-Type: text/plain`, `"a"` in a JSON
/// member), compared without case; none for a line of text.
fn line_name(line: &str) -> Option<String> {
    let (name, _) = line.split_once(':')?;
    let name = name.trim();
    (!name.is_empty() && !name.contains(' ')).then(|| name.to_ascii_lowercase())
}

fn added(text: String) -> Row {
    Row {
        kind: RowKind::Added,
        left: None,
        right: Some(plain(text)),
    }
}

fn plain(text: String) -> Vec<Piece> {
    vec![Piece {
        text,
        differs: false,
    }]
}

/// The two lines cut into runs, the words that differ marked (similar's word diff).
fn changed_words(old: &str, new: &str) -> (Vec<Piece>, Vec<Piece>) {
    if old.len().max(new.len()) > WORD_DIFF_AT_MOST {
        let whole = |text: &str| {
            vec![Piece {
                text: text.to_string(),
                differs: true,
            }]
        };
        return (whole(old), whole(new));
    }
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for change in TextDiff::from_words(old, new).iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Equal => {
                push_piece(&mut left, text, false);
                push_piece(&mut right, text, false);
            }
            ChangeTag::Delete => push_piece(&mut left, text, true),
            ChangeTag::Insert => push_piece(&mut right, text, true),
        }
    }
    (left, right)
}

/// Adds text to the runs, to the last one when it is marked alike.
fn push_piece(pieces: &mut Vec<Piece>, text: &str, differs: bool) {
    match pieces.last_mut() {
        Some(last) if last.differs == differs => last.text.push_str(text),
        _ => pieces.push(Piece {
            text: text.to_string(),
            differs,
        }),
    }
}

/// The capture as the lines compared, and its body as JSON when it is JSON.
fn comparable_lines(
    record: &CaptureRecord,
    redaction: &Redaction,
) -> (Vec<TextLine>, Option<serde_json::Value>) {
    // The masking hint is dimmed with an escape when colors are on: the columns compare and
    // measure the visible text only, so the escape is dropped here.
    let head = super::ansi::strip(&super::head::head_text(
        record,
        Some(&redaction.for_record(record)),
    ));
    // A masked header is shown masked but compared by its value: two signatures that differ
    // are a changed row, though both show as `••••`.
    let real = super::head::head_text(record, None);
    let mut lines: Vec<TextLine> = if head.lines().count() == real.lines().count() {
        head.lines()
            .zip(real.lines())
            .map(|(shown, compared)| TextLine {
                shown: shown.to_string(),
                compared: compared.to_string(),
            })
            .collect()
    } else {
        text_lines(&head)
    };
    lines.push(TextLine::plain(""));
    let body = record
        .body_bytes()
        .map(|b| b.into_owned())
        .unwrap_or_default();
    let mut json = None;
    match serde_json::from_slice::<serde_json::Value>(&body) {
        Ok(value) => {
            let sorted = sorted_keys(value);
            let text = serde_json::to_string_pretty(&sorted).unwrap_or_default();
            lines.extend(text.lines().map(TextLine::json));
            json = Some(sorted);
        }
        Err(_) => match std::str::from_utf8(&body) {
            Ok(text) => lines.extend(text_lines(&crate::render::visible(text))),
            Err(_) => lines.extend(text_lines(&super::ansi::strip(&crate::render::hex::dump(
                &body,
            )))),
        },
    }
    (lines, json)
}

/// The value with every object's keys in sorted order (the store keeps them as received).
fn sorted_keys(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|(key, value)| (key, sorted_keys(value)))
                    .collect(),
            )
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted_keys).collect())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(signature: &str) -> CaptureRecord {
        crate::capture::line::read_record(
            format!(
                r#"{{"id":"i","received_at":"t","remote_addr":"r","method":"POST","path":"/a","query":null,"http_version":"HTTP/1.1","headers":[["X-Hub-Signature-256","sha256={signature}"]],"body":"x","body_encoding":"utf8","body_size":1}}"#
            )
            .as_bytes(),
        )
        .unwrap()
    }

    #[test]
    fn masked_values_that_differ_are_a_changed_row_shown_masked() {
        let masks = Redaction::new(false);
        let rows = compare(&signed("aaaa"), &signed("bbbb"), &masks).rows;
        let signature = rows
            .iter()
            .find(|row| text(&row.left).starts_with("X-Hub-Signature-256"))
            .expect("the signature's row");
        assert_eq!(signature.kind, RowKind::Changed);
        let shown = format!("{}{}", text(&signature.left), text(&signature.right));
        assert!(
            !shown.contains("aaaa") && !shown.contains("bbbb"),
            "{shown}"
        );
        let same = compare(&signed("aaaa"), &signed("aaaa"), &masks).rows;
        assert!(same.iter().all(|row| row.kind == RowKind::Same));
    }

    fn side_by_side(first: &str, second: &str) -> Vec<Row> {
        super::side_by_side(&text_lines(first), &text_lines(second))
    }

    fn kinds(rows: &[Row]) -> Vec<RowKind> {
        rows.iter().map(|r| r.kind).collect()
    }

    fn text(side: &Option<Vec<Piece>>) -> String {
        side.iter().flatten().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn lines_line_up_with_a_changed_one_on_its_own_row() {
        let rows = side_by_side("a\nb\nc\nd\n", "a\nB x\nc\nnew\nd\n");
        use RowKind::*;
        assert_eq!(kinds(&rows), [Same, Changed, Same, Added, Same]);
        assert_eq!(
            (text(&rows[1].left), text(&rows[1].right)),
            ("b".into(), "B x".into())
        );
        assert_eq!(rows[3].left, None);
        let rows = side_by_side("a\ngone\n", "a\n");
        assert_eq!(kinds(&rows), [Same, Removed]);
        assert_eq!(rows[1].right, None);
    }

    #[test]
    fn a_header_missing_on_one_side_stands_alone_beside_the_one_that_changed() {
        use RowKind::*;
        let rows = side_by_side(
            "Host: x\nX-GitHub-Event: push\nX-Hub-Signature-256: a\n",
            "Host: x\nX-Hub-Signature-256: b\n",
        );
        assert_eq!(kinds(&rows), [Same, Removed, Changed]);
        assert_eq!(text(&rows[1].left), "X-GitHub-Event: push");
        assert_eq!(
            (text(&rows[2].left), text(&rows[2].right)),
            (
                "X-Hub-Signature-256: a".into(),
                "X-Hub-Signature-256: b".into()
            )
        );
        let rows = side_by_side(
            "Host: x\nContent-Length: 33\n",
            "Host: x\nX-Custom-Case: MiXeD\nx-lower: 1\nContent-Length: 65\n",
        );
        assert_eq!(kinds(&rows), [Same, Added, Added, Changed]);
        assert_eq!(text(&rows[3].right), "Content-Length: 65");
        // Pairs that cross (a named line and a nameless one, in the other order) are each shown
        // once, as changed rows.
        let rows = side_by_side("=\nX: 1\nold text\n", "=\nnew text\nX: 2\n");
        assert_eq!(kinds(&rows), [Same, Changed, Changed]);
        assert_eq!(text(&rows[1].right), "X: 2");
        assert_eq!(text(&rows[2].right), "new text");
    }

    #[test]
    fn every_line_is_shown_once_on_its_side_whatever_the_pairing() {
        const LINES: [&str; 5] = ["A: 1", "A: 2", "B: 1", "t", "u"];
        // Every sequence of up to three of them, numbered in base 5.
        let all: Vec<Vec<&str>> = (0..=3)
            .flat_map(|len| (0..5usize.pow(len)).map(move |k| (len, k)))
            .map(|(len, k)| (0..len).map(|i| LINES[k / 5usize.pow(i) % 5]).collect())
            .collect();
        for old in &all {
            for new in &all {
                let rows = side_by_side(&old.join("\n"), &new.join("\n"));
                let mut lefts: Vec<String> = rows
                    .iter()
                    .filter(|r| r.left.is_some())
                    .map(|r| text(&r.left))
                    .collect();
                let mut rights: Vec<String> = rows
                    .iter()
                    .filter(|r| r.right.is_some())
                    .map(|r| text(&r.right))
                    .collect();
                let (mut olds, mut news) = (old.to_vec(), new.to_vec());
                lefts.sort();
                rights.sort();
                olds.sort();
                news.sort();
                assert_eq!(lefts, olds, "{old:?} / {new:?}");
                assert_eq!(rights, news, "{old:?} / {new:?}");
            }
        }
    }

    #[test]
    fn more_lines_removed_than_added_pair_then_stand_alone() {
        let rows = side_by_side("x\n1\n2\n3\ny\n", "x\none\ny\n");
        use RowKind::*;
        assert_eq!(kinds(&rows), [Same, Changed, Removed, Removed, Same]);
    }

    #[test]
    fn a_json_line_that_only_gained_a_comma_is_the_same_line() {
        let json = |text: &str| text.lines().map(TextLine::json).collect::<Vec<_>>();
        let rows = super::side_by_side(
            &json("{\n  \"a\": 1,\n  \"b\": 2\n}"),
            &json("{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}"),
        );
        use RowKind::*;
        assert_eq!(kinds(&rows), [Same, Same, Same, Added, Same]);
        assert_eq!(
            text(&rows[2].right),
            "  \"b\": 2,",
            "each side shows its own line"
        );
        // In a text body the comma counts.
        assert_eq!(kinds(&side_by_side("b\n", "b,\n")), [Changed]);
    }

    #[test]
    fn only_the_changed_words_of_a_changed_line_are_marked() {
        let rows = side_by_side("  \"amount\": 10,\n", "  \"amount\": 12,\n");
        let left = rows[0].left.as_ref().unwrap();
        let marked: Vec<&str> = left
            .iter()
            .filter(|p| p.differs)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, ["10,"]);
        assert_eq!(text(&rows[0].left), "  \"amount\": 10,");
    }
}
