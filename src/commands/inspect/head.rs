//! A capture's request line and headers as plain text, one per line: what the Raw tab shows,
//! the diff compares and `e` edits. Apart from the tabs (`detail`), which know the screen's
//! state, so that the diff can use it without depending on that state.

use crate::capture::CaptureRecord;
use crate::output::redact::Redaction;

/// The request line and the headers, each on its line, the values masked when `redaction`
/// is given (the Raw tab, the diff), as received when not (the message `e` edits).
pub fn head_text(record: &CaptureRecord, redaction: Option<&Redaction>) -> String {
    let mut out = format!(
        "{} {} {}\n",
        record.method,
        record.target(),
        record.http_version
    );
    for (name, value) in &record.headers {
        let value = match redaction {
            Some(redaction) => redaction.show(name, value),
            None => value.clone(),
        };
        out.push_str(&format!("{name}: {value}\n"));
    }
    out
}
