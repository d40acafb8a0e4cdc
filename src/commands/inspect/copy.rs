//! Copying to the clipboard (`c` the curl command, `y` the body) through OSC 52, the escape
//! sequence that asks the terminal to set its clipboard: it works over SSH and in tmux, where
//! no local clipboard program could. The curl command is `replay --curl`'s own text.

use base64::Engine;

use crate::capture::CaptureRecord;
use crate::http::client::Target;

use super::replay::Delivery;

/// The escape sequence that puts `text` on the terminal's clipboard.
pub fn osc52(text: &[u8]) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\u{1b}]52;c;{encoded}\u{7}")
}

/// The capture as the curl command `replay --curl --to TO` prints (with the same TLS and proxy
/// options, and signed as `replay --curl --sign` signs it), to `--to` or, without it, to where the capture was sent (its absolute-form target
/// or its Host header).
pub fn curl_command(record: &CaptureRecord, delivery: &Delivery) -> anyhow::Result<String> {
    let target = match &delivery.to {
        Some(target) => target.clone(),
        None => original_target(record)?,
    };
    let replayer = delivery.replayer(target);
    let request = replayer.request(record, crate::clock::now())?;
    crate::http::curl::command(
        &replayer.target,
        &request,
        &delivery.tls,
        delivery.proxies.for_target(&replayer.target),
        &delivery.curl_words,
        &record.id,
    )
}

/// The body, when it is text a clipboard can hold.
pub fn body_text(record: &CaptureRecord) -> Result<String, String> {
    let body = record.body_bytes().map_err(|e| e.to_string())?;
    match String::from_utf8(body.into_owned()) {
        Ok(text) if !text.contains('\0') => Ok(text),
        _ => Err("the body is binary and was not copied; s saves it to a file".into()),
    }
}

/// The origin the capture was sent to: its absolute-form target's, else `http://` and its Host.
fn original_target(record: &CaptureRecord) -> anyhow::Result<Target> {
    let origin = if record.is_absolute_form() {
        let authority_end = record.path.len() - record.origin_form_path().len();
        record.path[..authority_end].to_string()
    } else {
        let host = record.header("host").ok_or_else(|| {
            crate::exit::Failure::usage(
                "the capture has no Host header; start inspect with --to URL",
            )
        })?;
        format!("http://{host}")
    };
    Ok(Target::parse(&origin)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_the_clipboard_sequence_with_the_text_in_base64() {
        assert_eq!(osc52(b"hi"), "\u{1b}]52;c;aGk=\u{7}");
    }
}
