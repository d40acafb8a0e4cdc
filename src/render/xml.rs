//! XML bodies: checked for well-formedness with quick-xml, then re-indented.
//!
//! Tags, attributes, text and entity references are shown as received (still escaped), one
//! element per line, with an element that holds only text kept on one line.

use colored::Colorize;
use quick_xml::events::Event;
use quick_xml::Reader;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

enum Token {
    Open { name: String, shown: String },
    Close { name: String },
    Empty(String),
    Text(String),
    Other(String),
}

/// Reads the whole document into display tokens, or says where it stops being well-formed.
fn tokenize(bytes: &[u8]) -> (Vec<Token>, Option<XmlError>) {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let mut state = Tokenizer {
        bytes,
        tokens: Vec::new(),
        open: Vec::new(),
        roots: 0,
        text: String::new(),
    };
    let problem = loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                state.flush_text();
                break Some(state.error_at(reader.error_position(), error.to_string()));
            }
        };
        match state.take(event, reader.buffer_position()) {
            Ok(true) => {}
            Ok(false) => break None,
            Err(error) => break Some(error),
        }
    };
    (state.tokens, problem)
}

/// What [`tokenize`] has read so far: the tokens, the elements still open, how many root
/// elements were seen, and text not yet ended by markup.
struct Tokenizer<'a> {
    bytes: &'a [u8],
    tokens: Vec<Token>,
    open: Vec<String>,
    roots: usize,
    text: String,
}

fn lossy(raw: &[u8]) -> String {
    super::visible(&String::from_utf8_lossy(raw)).into_owned()
}

impl Tokenizer<'_> {
    /// Takes one event; `Ok(false)` at the end of a well-formed document.
    fn take(&mut self, event: Event<'_>, position: u64) -> Result<bool, XmlError> {
        match &event {
            Event::Text(t) => {
                let raw = lossy(t);
                if self.open.is_empty() && !raw.trim().is_empty() {
                    return Err(self.error_at(position, "text outside the root element".into()));
                }
                self.text.push_str(&raw);
                return Ok(true);
            }
            Event::GeneralRef(r) => {
                if self.open.is_empty() {
                    return Err(
                        self.error_at(position, "a reference outside the root element".into())
                    );
                }
                self.text.push('&');
                self.text.push_str(&lossy(r));
                self.text.push(';');
                return Ok(true);
            }
            _ => self.flush_text(),
        }
        match event {
            Event::Start(_) | Event::Empty(_) if self.open.is_empty() && self.roots == 1 => {
                return Err(self.error_at(position, "a second root element".into()));
            }
            Event::Start(start) => {
                let name = lossy(start.name().as_ref());
                self.tokens.push(Token::Open {
                    shown: show_tag(&start, false),
                    name: name.clone(),
                });
                self.open.push(name);
            }
            Event::Empty(start) => {
                if self.open.is_empty() {
                    self.roots += 1;
                }
                self.tokens.push(Token::Empty(show_tag(&start, true)));
            }
            Event::End(end) => {
                self.open.pop();
                if self.open.is_empty() {
                    self.roots += 1;
                }
                self.tokens.push(Token::Close {
                    name: lossy(end.name().as_ref()),
                });
            }
            Event::Eof => return self.end().map(|()| false),
            other => self.tokens.extend(markup(&other)),
        }
        Ok(true)
    }

    /// The end of the input: every element closed, and one root element.
    fn end(&self) -> Result<(), XmlError> {
        let problem = if let Some(name) = self.open.last() {
            Some(format!("element <{name}> is not closed"))
        } else if self.roots == 0 {
            Some("no root element".to_string())
        } else {
            None
        };
        match problem {
            Some(message) => Err(self.error_at(self.bytes.len() as u64, message)),
            None => Ok(()),
        }
    }

    fn error_at(&self, position: u64, message: String) -> XmlError {
        let upto = &self.bytes[..(position as usize).min(self.bytes.len())];
        let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = upto.len() - upto.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
        XmlError {
            line,
            column,
            message,
        }
    }

    fn flush_text(&mut self) {
        let trimmed = self.text.trim();
        if !trimmed.is_empty() {
            self.tokens.push(Token::Text(trimmed.to_string()));
        }
        self.text.clear();
    }
}

/// CDATA as text; comments, declarations, processing instructions and doctypes dimmed.
fn markup(event: &Event<'_>) -> Option<Token> {
    Some(match event {
        Event::CData(data) => Token::Text(format!("<![CDATA[{}]]>", lossy(data))),
        Event::Comment(c) => Token::Other(format!("<!--{}-->", lossy(c)).dimmed().to_string()),
        Event::Decl(d) => Token::Other(format!("<?{}?>", lossy(d)).dimmed().to_string()),
        Event::PI(p) => Token::Other(format!("<?{}?>", lossy(p)).dimmed().to_string()),
        Event::DocType(d) => Token::Other(format!("<!DOCTYPE {}>", lossy(d)).dimmed().to_string()),
        _ => return None,
    })
}

fn show_tag(start: &quick_xml::events::BytesStart<'_>, empty: bool) -> String {
    let mut shown = format!(
        "<{}",
        String::from_utf8_lossy(start.name().as_ref()).blue().bold()
    );
    for attribute in start.attributes().with_checks(false) {
        match attribute {
            Ok(attribute) => shown.push_str(&format!(
                " {}=\"{}\"",
                String::from_utf8_lossy(attribute.key.as_ref()).cyan(),
                super::visible(&String::from_utf8_lossy(&attribute.value)).green()
            )),
            Err(_) => {
                // An attribute quick-xml cannot split is shown as it was received.
                let raw = super::visible(&String::from_utf8_lossy(start)).into_owned();
                let name_len = start.name().as_ref().len();
                return format!(
                    "<{}{}{}>",
                    String::from_utf8_lossy(start.name().as_ref()).blue().bold(),
                    &raw[name_len.min(raw.len())..],
                    if empty { "/" } else { "" }
                );
            }
        }
    }
    shown.push_str(if empty { "/>" } else { ">" });
    shown
}

fn close_tag(name: &str) -> String {
    format!("</{}>", name.blue().bold())
}

/// Checks that `bytes` is a well-formed XML document.
pub fn validate(bytes: &[u8]) -> Result<(), XmlError> {
    match tokenize(bytes).1 {
        None => Ok(()),
        Some(error) => Err(error),
    }
}

/// True when the body starts like XML and is well-formed.
pub fn sniff(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<') && validate(body).is_ok()
}

/// Indents XML two spaces a level; whatever follows a point where the document stops being
/// well-formed (a body cut for display) is appended as received.
pub fn pretty(bytes: &[u8]) -> String {
    let (tokens, error) = tokenize(bytes);
    let mut out = String::with_capacity(bytes.len() * 2);
    let mut depth = 0usize;
    let mut i = 0;
    let line = |out: &mut String, depth: usize, text: &str| {
        if !out.is_empty() {
            out.push('\n');
        }
        for _ in 0..depth {
            out.push_str("  ");
        }
        out.push_str(text);
    };
    while i < tokens.len() {
        match &tokens[i] {
            Token::Open { name, shown } => {
                if let (Some(Token::Text(text)), Some(Token::Close { name: closing })) =
                    (tokens.get(i + 1), tokens.get(i + 2))
                {
                    if closing == name {
                        line(
                            &mut out,
                            depth,
                            &format!("{shown}{text}{}", close_tag(name)),
                        );
                        i += 3;
                        continue;
                    }
                }
                if matches!(tokens.get(i + 1), Some(Token::Close { name: closing }) if closing == name)
                {
                    line(&mut out, depth, &format!("{shown}{}", close_tag(name)));
                    i += 2;
                    continue;
                }
                line(&mut out, depth, shown);
                depth += 1;
            }
            Token::Close { name } => {
                depth = depth.saturating_sub(1);
                line(&mut out, depth, &close_tag(name));
            }
            Token::Empty(shown) | Token::Text(shown) | Token::Other(shown) => {
                line(&mut out, depth, shown)
            }
        }
        i += 1;
    }
    if let Some(error) = error {
        let consumed = offset_of(bytes, error.line, error.column);
        let rest = super::visible(&String::from_utf8_lossy(
            &bytes[consumed.min(bytes.len())..],
        ))
        .into_owned();
        if !rest.trim().is_empty() {
            line(&mut out, depth, rest.trim());
        }
    }
    out
}

fn offset_of(bytes: &[u8], line: usize, column: usize) -> usize {
    let mut current = 1;
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if current == line {
            break;
        }
        if b == b'\n' {
            current += 1;
            start = i + 1;
        }
    }
    start + column.saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_elements_and_keeps_text_inline() {
        colored::control::set_override(false);
        let shown = pretty(
            b"<?xml version=\"1.0\"?><order id=\"7\"><item>a &amp; b</item><empty/><n></n></order>",
        );
        assert_eq!(
            shown,
            "<?xml version=\"1.0\"?>\n<order id=\"7\">\n  <item>a &amp; b</item>\n  <empty/>\n  <n></n>\n</order>"
        );
    }

    #[test]
    fn malformed_documents_are_reported_with_a_position() {
        assert!(validate(b"<a><b></a>").is_err());
        assert!(validate(b"<a>").is_err());
        assert!(validate(b"<a/><b/>").is_err());
        assert!(validate(b"just text").is_err());
        assert!(validate(b"<a>x</a>").is_ok());
        assert!(sniff(b"\n<a/>"));
        assert!(!sniff(b"<a>"));
    }
}
