//! A request as a curl command line that sends the same bytes: the same method, URL, headers
//! and body, with curl's own additions (Accept, Expect, a form Content-Type) turned off. A
//! multipart form is the exception: curl is given its parts (`--form`) and draws its own
//! boundary: the parts are the same, the bytes are not.

use std::io::Write;

use anyhow::Context;

use super::client::{Target, WireRequest};
use super::proxy::Proxy;
use super::tls::TlsOptions;

/// Single-quotes a word for a POSIX shell.
pub fn shell_quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@,+%".contains(&b))
    {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// A header line whose value was received as bytes that are not UTF-8 (kept as Latin-1
/// characters), as a shell word that gives curl those bytes, as `replay` sends them: printf
/// writes them from octal escapes, so the command stays plain text. A value edited to hold a
/// character past U+00FF is sent as its UTF-8, by replay and here alike.
fn latin1_word(name: &str, value: &str) -> String {
    match crate::capture::latin1_bytes(value) {
        Some(bytes) => {
            let mut line = format!("{name}: ").into_bytes();
            line.extend_from_slice(&bytes);
            format!("\"$(printf {})\"", printf_format(&line))
        }
        None => shell_quote(&format!("{name}: {value}")),
    }
}

/// A `printf` format that writes exactly `bytes`: printable ASCII as it is, anything else as a
/// three-digit octal escape, which every POSIX `printf` reads. A leading `-` is escaped too: a
/// format that starts with one (a multipart body's `--boundary`) is read as an option.
pub fn printf_format(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2 + 2);
    out.push('\'');
    for (at, &byte) in bytes.iter().enumerate() {
        match byte {
            b'-' if at == 0 => out.push_str("\\055"),
            b'\'' | b'\\' | b'%' => out.push_str(&format!("\\{byte:03o}")),
            0x20..=0x7e => out.push(byte as char),
            _ => out.push_str(&format!("\\{byte:03o}")),
        }
    }
    out.push('\'');
    out
}

/// The curl options for how hookcli sends besides the request itself: redirects followed up to
/// `follow`, both timeouts, proxy exceptions; each a shell word.
pub fn option_words(
    follow: Option<usize>,
    connect_timeout: std::time::Duration,
    max_time: std::time::Duration,
    noproxy: Option<&str>,
) -> Vec<String> {
    let seconds = |d: std::time::Duration| format!("{}", d.as_secs_f64());
    let mut words = Vec::new();
    if let Some(max) = follow {
        words.extend(["--location".into(), "--max-redirs".into(), max.to_string()]);
    }
    words.extend(["--connect-timeout".into(), seconds(connect_timeout)]);
    words.extend(["--max-time".into(), seconds(max_time)]);
    if let Some(list) = noproxy {
        words.extend(["--noproxy".into(), shell_quote(list)]);
    }
    words
}

/// The command. A body that cannot be a shell argument (not UTF-8, a NUL, or a leading `@`
/// that curl would read as a file name) is written to `hookcli-body-NAME.bin` in the
/// temporary folder, and the command reads it from there.
pub fn command(
    target: &Target,
    request: &WireRequest,
    tls: &TlsOptions,
    proxy: Option<&Proxy>,
    extra: &[String],
    name: &str,
) -> anyhow::Result<String> {
    let url = shell_quote(&format!("{}{}", target.origin(), request.target));
    let body_file = |body: &[u8]| {
        let file = std::env::temp_dir().join(format!("hookcli-body-{name}.bin"));
        // Owner-only: a webhook's body carries what its sender keeps private.
        crate::capture::store::create_private_file(&file)
            .and_then(|mut f| f.write_all(body))
            .with_context(|| format!("cannot write the body to {}", file.display()))?;
        Ok(shell_quote(&format!("@{}", file.display())))
    };
    let spelling = Spelling {
        url,
        header_word: &|_, _| None,
        body_word: &body_file,
        proxy,
        extra,
    };
    command_spelled(target, request, tls, &spelling)
}

/// What a script that is run later fills in (`export --curl`): the URL, header values it takes
/// from variables, and where a body that cannot be an argument comes from. Each is a shell word.
pub struct Spelling<'a> {
    pub url: String,
    /// The `--header` argument for a header (name, value), when it is not the literal line.
    pub header_word: &'a dyn Fn(&str, &str) -> Option<String>,
    /// The `--data-binary` argument for a body that cannot be a shell argument.
    pub body_word: &'a dyn Fn(&[u8]) -> anyhow::Result<String>,
    /// The proxy the request goes through (`--proxy`, credentials left to the shell).
    pub proxy: Option<&'a Proxy>,
    /// curl options for what hookcli was told besides (`--location`, timeouts, `--noproxy`),
    /// each already a shell word.
    pub extra: &'a [String],
}

/// The command, with the URL, headers and body spelled as `spelling` says.
pub fn command_spelled(
    target: &Target,
    request: &WireRequest,
    tls: &TlsOptions,
    spelling: &Spelling,
) -> anyhow::Result<String> {
    let mut words = head_words(target, request, tls, spelling, false);
    if !request.body.is_empty() {
        words.push("--data-binary".into());
        match std::str::from_utf8(&request.body) {
            Ok(text) if !text.contains('\0') && !text.starts_with('@') => {
                words.push(shell_quote(text))
            }
            _ => words.push((spelling.body_word)(&request.body)?),
        }
    }
    words.push(spelling.url.clone());
    Ok(words.join(" "))
}

/// The command for a multipart form, given as curl's options and their values
/// (`--form-string name=value`, `--form name=@path;type=...`): curl builds the body, with a
/// boundary of its own, from the same text and files, and sets the Content-Type that names it.
pub fn form_command(
    target: &Target,
    request: &WireRequest,
    tls: &TlsOptions,
    proxy: Option<&Proxy>,
    extra: &[String],
    fields: &[(&str, String)],
) -> String {
    let spelling = Spelling {
        url: shell_quote(&format!("{}{}", target.origin(), request.target)),
        header_word: &|_, _| None,
        body_word: &|_| Ok(String::new()),
        proxy,
        extra,
    };
    let mut words = head_words(target, request, tls, &spelling, true);
    for (option, value) in fields {
        words.push(option.to_string());
        words.push(shell_quote(value));
    }
    words.push(spelling.url);
    words.join(" ")
}

/// `curl`, its options, and the request's headers; with `form`, curl's own multipart
/// Content-Type (its boundary, not ours) is left in place.
fn head_words(
    target: &Target,
    request: &WireRequest,
    tls: &TlsOptions,
    spelling: &Spelling,
    form: bool,
) -> Vec<String> {
    let mut words: Vec<String> = vec![
        "curl".into(),
        "--silent".into(),
        "--show-error".into(),
        if tls.h2_prior_knowledge {
            "--http2-prior-knowledge"
        } else if tls.offer_h2 {
            "--http2"
        } else {
            "--http1.1"
        }
        .into(),
    ];
    words.push("--request".into());
    words.push(shell_quote(&request.method));
    if tls.insecure {
        words.push("--insecure".into());
    }
    if let Some(ca) = &tls.ca_file {
        words.push("--cacert".into());
        words.push(shell_quote(&ca.to_string_lossy()));
    }
    words.extend(spelling.extra.iter().cloned());
    if let Some(proxy) = spelling.proxy {
        words.extend(["--proxy".into(), shell_quote(&proxy.shown())]);
        if let Some((user, _)) = &proxy.credentials {
            // The password stays out of the printed command: the shell fills it in.
            words.push("--proxy-user".into());
            words.push(format!(
                "{}\"$PROXY_PASSWORD\"",
                shell_quote(&format!("{user}:"))
            ));
        }
    }
    let has = |name: &str| {
        request
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
    };
    for (at, (name, value)) in request.headers.iter().enumerate() {
        // curl writes these itself, from the URL and the body.
        let ours_for_curl = form
            && name.eq_ignore_ascii_case("content-type")
            && value.starts_with("multipart/form-data");
        if name.eq_ignore_ascii_case("content-length")
            || (name.eq_ignore_ascii_case("host") && value == &target.authority)
            || ours_for_curl
        {
            continue;
        }
        words.push("--header".into());
        words.push((spelling.header_word)(name, value).unwrap_or_else(|| {
            if value.is_empty() {
                shell_quote(&format!("{name};"))
            } else if request.latin1.contains(&at) {
                latin1_word(name, value)
            } else {
                shell_quote(&format!("{name}: {value}"))
            }
        }));
    }
    for (name, present) in [
        ("Accept", has("accept")),
        ("Expect", has("expect")),
        ("Content-Type", has("content-type") || form),
        ("User-Agent", has("user-agent")),
    ] {
        if !present {
            words.push("--header".into());
            words.push(shell_quote(&format!("{name}:")));
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_for_a_shell() {
        assert_eq!(shell_quote("plain"), "plain");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn a_latin1_value_is_given_to_curl_as_its_bytes() {
        let word = latin1_word("-X-L", "caf\u{e9} 100% it's \\");
        assert_eq!(
            word,
            r#""$(printf '\055X-L: caf\351 100\045 it\047s \134')""#
        );
        let printed = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("printf %s {word}"))
            .output()
            .unwrap();
        assert_eq!(printed.stdout, b"-X-L: caf\xe9 100% it's \\");
        // Past U+00FF the value is no Latin-1 bytes: its UTF-8, as replay sends it.
        assert_eq!(latin1_word("X", "\u{65e5}"), "'X: \u{65e5}'");
    }

    #[test]
    fn a_leading_dash_is_no_option() {
        assert_eq!(printf_format(b"--b\r\n"), "'\\055-b\\015\\012'");
    }

    #[test]
    fn printf_formats_keep_every_byte() {
        assert_eq!(
            printf_format(b"a'%\\\n\xff"),
            "'a\\047\\045\\134\\012\\377'"
        );
    }
}
