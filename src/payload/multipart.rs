//! `multipart/form-data` bodies for `send --format multipart`: text parts from `name=value`
//! items, file parts from `name@path` items, under a random boundary that occurs in no part.
//!
//! A [`MultipartBody`] holds the parts' heads and the files' paths and sizes, not the files'
//! bytes: it knows its exact length up front (for Content-Length) and writes itself to an
//! `AsyncWrite` in pieces through one bounded buffer, so a client can stream it. Files larger
//! than `--max-upload` are refused before anything is read or sent. It is not a parser: the
//! display of multipart bodies lives in `render::multipart`.

use std::borrow::Cow;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use tokio::io::{AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::items::{Item, ItemValue};
use crate::exit::Failure;

/// The buffer files are copied through, and the most of a file held in memory at once.
const CHUNK: usize = 64 * 1024;

/// A multipart/form-data body: its boundary and its parts, files by reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartBody {
    boundary: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub content: Content,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Text(String),
    File {
        path: PathBuf,
        filename: String,
        content_type: String,
        /// The size when the body was made: what Content-Length promises.
        length: u64,
    },
}

/// A stretch of the body: bytes of hookcli's own, or a whole file.
enum Piece<'a> {
    Bytes(Cow<'a, [u8]>),
    File(&'a Path, u64),
}

impl MultipartBody {
    /// The body of `items`: each file is looked at (its size, against `max_upload`) and read
    /// once to choose a boundary that occurs in none of them.
    pub fn from_items(items: &[Item], max_upload: u64) -> Result<MultipartBody, Failure> {
        let parts = items
            .iter()
            .map(|item| part(item, max_upload))
            .collect::<Result<Vec<_>, _>>()?;
        let boundary = choose_boundary(&parts, new_boundary)?;
        Ok(MultipartBody { boundary, parts })
    }

    pub fn boundary(&self) -> &str {
        &self.boundary
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// `multipart/form-data; boundary=...`.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// The exact length of the body in bytes.
    pub fn len(&self) -> u64 {
        self.pieces()
            .iter()
            .map(|piece| match piece {
                Piece::Bytes(bytes) => bytes.len() as u64,
                Piece::File(_, length) => *length,
            })
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the body, files through one buffer of 64 KiB. A file whose size changed since
    /// the body was made is an error: the length already promised would be wrong.
    pub async fn write_to<W: AsyncWrite + Unpin + ?Sized>(
        &self,
        out: &mut W,
    ) -> std::io::Result<()> {
        let mut buffer = vec![0u8; CHUNK];
        for piece in self.pieces() {
            match piece {
                Piece::Bytes(bytes) => out.write_all(&bytes).await?,
                Piece::File(path, length) => {
                    let mut file = tokio::fs::File::open(path).await?;
                    let mut left = length;
                    while left > 0 {
                        let want = buffer.len().min(left as usize);
                        let read = file.read(&mut buffer[..want]).await?;
                        if read == 0 {
                            return Err(changed(path));
                        }
                        out.write_all(&buffer[..read]).await?;
                        left -= read as u64;
                    }
                    if file.read(&mut buffer[..1]).await? != 0 {
                        return Err(changed(path));
                    }
                }
            }
        }
        Ok(())
    }

    /// The whole body in memory, for a client that takes a body as bytes.
    pub fn to_vec(&self) -> Result<Vec<u8>, Failure> {
        let mut out = Vec::with_capacity(self.len() as usize);
        for piece in self.pieces() {
            match piece {
                Piece::Bytes(bytes) => out.extend_from_slice(&bytes),
                Piece::File(path, length) => {
                    let file = std::fs::File::open(path).map_err(|e| unreadable(path, &e))?;
                    let read = file
                        .take(length + 1)
                        .read_to_end(&mut out)
                        .map_err(|e| unreadable(path, &e))?;
                    if read as u64 != length {
                        return Err(Failure::usage(changed(path).to_string()));
                    }
                }
            }
        }
        debug_assert_eq!(out.len() as u64, self.len());
        Ok(out)
    }

    /// The body as curl's options build it (`--form-string name=value`, `--form
    /// name=@path;type=...`): curl chooses its own boundary.
    pub fn curl_fields(&self) -> Vec<(&'static str, String)> {
        self.parts
            .iter()
            .map(|part| match &part.content {
                Content::Text(value) => ("--form-string", format!("{}={value}", part.name)),
                Content::File {
                    path, content_type, ..
                } => (
                    "--form",
                    format!(
                        "{}=@{};type={content_type}",
                        part.name,
                        curl_file_name(&path.to_string_lossy())
                    ),
                ),
            })
            .collect()
    }

    fn pieces(&self) -> Vec<Piece<'_>> {
        let mut pieces = Vec::with_capacity(self.parts.len() * 2 + 1);
        for (index, part) in self.parts.iter().enumerate() {
            let mut head = Vec::new();
            if index > 0 {
                head.extend_from_slice(b"\r\n");
            }
            write_part_head(&mut head, &self.boundary, part);
            pieces.push(Piece::Bytes(Cow::Owned(head)));
            pieces.push(match &part.content {
                Content::Text(text) => Piece::Bytes(Cow::Borrowed(text.as_bytes())),
                Content::File { path, length, .. } => Piece::File(path, *length),
            });
        }
        let close = if self.parts.is_empty() {
            format!("--{}--\r\n", self.boundary)
        } else {
            format!("\r\n--{}--\r\n", self.boundary)
        };
        pieces.push(Piece::Bytes(Cow::Owned(close.into_bytes())));
        pieces
    }
}

/// A part's delimiter line and headers, through the blank line.
fn write_part_head(head: &mut Vec<u8>, boundary: &str, part: &Part) {
    let _ = write!(
        head,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
        quoted(&part.name)
    );
    if let Content::File {
        filename,
        content_type,
        ..
    } = &part.content
    {
        let _ = write!(
            head,
            "; filename=\"{}\"\r\nContent-Type: {content_type}",
            quoted(filename)
        );
    }
    head.extend_from_slice(b"\r\n\r\n");
}

/// A name or filename inside quotes, escaped as browsers do (the HTML standard's form
/// encoding): `"` as `%22`, CR and LF as `%0D` and `%0A`.
fn quoted(text: &str) -> Cow<'_, str> {
    if !text.contains(['"', '\r', '\n']) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.replace('"', "%22")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
}

/// A path as curl's `-F name=@path` reads it: in double quotes when it holds a character that
/// would end it (`;` or `,`) or a quote.
fn curl_file_name(path: &str) -> Cow<'_, str> {
    if !path.contains([';', ',', '"', '\\']) {
        return Cow::Borrowed(path);
    }
    Cow::Owned(format!(
        "\"{}\"",
        path.replace('\\', "\\\\").replace('"', "\\\"")
    ))
}

/// One item as a part: a text part, or a file looked at (not yet read).
fn part(item: &Item, max_upload: u64) -> Result<Part, Failure> {
    let content = match &item.value {
        ItemValue::Json { raw: true, .. } => {
            return Err(Failure::usage(format!(
                "'{}:=' is raw JSON, which a multipart form has no place for; write {}=value for a text part or {}@path for a file",
                item.key, item.key, item.key
            )))
        }
        ItemValue::Json { value, .. } => Content::Text(value.as_str().unwrap_or_default().to_string()),
        ItemValue::File { path, content_type } => file_content(path, content_type.as_deref(), max_upload)?,
    };
    Ok(Part {
        name: item.key.clone(),
        content,
    })
}

fn file_content(
    path: &Path,
    content_type: Option<&str>,
    max_upload: u64,
) -> Result<Content, Failure> {
    let metadata = std::fs::metadata(path).map_err(|e| unreadable(path, &e))?;
    if !metadata.is_file() {
        return Err(Failure::usage(format!(
            "cannot upload {}: it is not a file",
            path.display()
        )));
    }
    let length = metadata.len();
    if length > max_upload {
        return Err(Failure::usage(format!(
            "{} is {}, larger than --max-upload {}; raise --max-upload to send it",
            path.display(),
            exact_size(length),
            crate::units::format_size(max_upload)
        )));
    }
    let filename = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let content_type = match content_type {
        Some(given) => given.to_string(),
        None => mime_guess::from_path(path)
            .first_or_octet_stream()
            .essence_str()
            .to_string(),
    };
    Ok(Content::File {
        path: path.to_path_buf(),
        filename,
        content_type,
        length,
    })
}

/// `2,048 bytes`, or `150 MiB (157,286,400 bytes)` where the short form rounds.
fn exact_size(length: u64) -> String {
    let short = crate::units::format_size(length);
    if short.ends_with("bytes") || short.ends_with("byte") {
        short
    } else {
        format!("{short} ({} bytes)", crate::units::group_thousands(length))
    }
}

/// A fresh boundary: 32 random hex digits after a fixed prefix, 128 bits of chance.
fn new_boundary() -> String {
    format!(
        "hookcli-{:016x}{:016x}",
        crate::clock::random_u64(),
        crate::clock::random_u64()
    )
}

/// The first boundary drawn that occurs in no part (text, name or file), drawn again as often
/// as it takes.
fn choose_boundary(parts: &[Part], mut draw: impl FnMut() -> String) -> Result<String, Failure> {
    loop {
        let boundary = draw();
        let mut occurs = false;
        for part in parts {
            occurs = match &part.content {
                Content::Text(text) => text.contains(&boundary),
                Content::File { path, filename, .. } => {
                    filename.contains(&boundary)
                        || file_contains(path, boundary.as_bytes())
                            .map_err(|e| unreadable(path, &e))?
                }
            } || part.name.contains(&boundary);
            if occurs {
                break;
            }
        }
        if !occurs {
            return Ok(boundary);
        }
    }
}

/// Whether `needle` occurs in the file, read through one bounded buffer (a match across two
/// reads is found: the last bytes of one read are kept before the next).
fn file_contains(path: &Path, needle: &[u8]) -> std::io::Result<bool> {
    let finder = memchr::memmem::Finder::new(needle);
    let keep = needle.len().saturating_sub(1);
    let mut file = std::fs::File::open(path)?;
    let mut window = vec![0u8; CHUNK + keep];
    let mut held = 0;
    loop {
        let read = file.read(&mut window[held..])?;
        if read == 0 {
            return Ok(false);
        }
        let filled = held + read;
        if finder.find(&window[..filled]).is_some() {
            return Ok(true);
        }
        held = keep.min(filled);
        window.copy_within(filled - held..filled, 0);
    }
}

fn unreadable(path: &Path, error: &std::io::Error) -> Failure {
    Failure::usage(format!("cannot read {}: {error}", path.display()))
}

impl crate::http::body::StreamedBody for MultipartBody {
    fn length(&self) -> u64 {
        self.len()
    }

    fn write_to<'a>(
        &'a self,
        out: &'a mut (dyn AsyncWrite + Unpin + Send),
    ) -> crate::http::body::Written<'a> {
        Box::pin(MultipartBody::write_to(self, out))
    }
}

fn changed(path: &Path) -> std::io::Error {
    std::io::Error::other(format!(
        "{} changed size while it was being sent",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payload::items::parse_item;

    fn items(texts: &[&str]) -> Vec<Item> {
        texts.iter().map(|t| parse_item(t).unwrap()).collect()
    }

    #[test]
    fn text_and_file_parts_with_guessed_and_given_types() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("a \"q\".png");
        std::fs::write(&png, b"\0PNG\r\n").unwrap();
        let given = format!("doc@{};type=text/csv", png.display());
        let guessed = format!("photo@{}", png.display());
        let body = MultipartBody::from_items(&items(&["note=hi", &guessed, &given]), 1024).unwrap();
        let b = body.boundary().to_string();
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a %22q%22.png\"\r\nContent-Type: image/png\r\n\r\n\0PNG\r\n\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a %22q%22.png\"\r\nContent-Type: text/csv\r\n\r\n\0PNG\r\n\r\n--{b}--\r\n"
        )
        .into_bytes();
        assert_eq!(body.to_vec().unwrap(), expected);
        assert_eq!(body.len(), expected.len() as u64);
        assert!(body.content_type().ends_with(&b));
    }

    #[test]
    fn streamed_bytes_are_the_body_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.bin");
        let content: Vec<u8> = (0..CHUNK * 3 + 17).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&big, &content).unwrap();
        let body =
            MultipartBody::from_items(&items(&["a=1", &format!("f@{}", big.display())]), 1 << 20)
                .unwrap();
        let mut streamed = Vec::new();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(body.write_to(&mut streamed)).unwrap();
        assert_eq!(streamed, body.to_vec().unwrap());
        assert_eq!(streamed.len() as u64, body.len());
        // Through the client's interface, over a socket, in the pieces a socket takes.
        let through_socket = runtime.block_on(async {
            use crate::http::body::StreamedBody;
            let (mut writer, mut reader) = tokio::io::duplex(4096);
            let streamed: std::sync::Arc<dyn StreamedBody> = std::sync::Arc::new(body.clone());
            let write = async move {
                streamed.write_to(&mut writer).await.unwrap();
                streamed.length()
            };
            let mut received = Vec::new();
            let read = tokio::io::AsyncReadExt::read_to_end(&mut reader, &mut received);
            let (length, _) = tokio::join!(write, read);
            assert_eq!(length, received.len() as u64);
            received
        });
        assert_eq!(through_socket, streamed);
        // A file that grew since is not sent under the old length.
        std::fs::write(&big, [&content[..], b"more"].concat()).unwrap();
        assert!(runtime.block_on(body.write_to(&mut Vec::new())).is_err());
        assert!(body.to_vec().is_err());
    }

    #[test]
    fn a_boundary_found_in_a_part_is_drawn_again() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.txt");
        // The first boundary straddles two reads of the file (the first reads CHUNK + 13 bytes).
        let mut content = vec![b'x'; CHUNK + 8];
        content.extend_from_slice(b"first-boundary");
        std::fs::write(&file, &content).unwrap();
        let parts = vec![part(
            &parse_item(&format!("f@{}", file.display())).unwrap(),
            1 << 20,
        )
        .unwrap()];
        let mut draws = vec!["second-boundary", "first-boundary"];
        let chosen = choose_boundary(&parts, || draws.pop().unwrap().to_string()).unwrap();
        assert_eq!(chosen, "second-boundary");
        let text = vec![part(&parse_item("t=a first-boundary b").unwrap(), 0).unwrap()];
        let mut draws = vec!["second-boundary", "first-boundary"];
        assert_eq!(
            choose_boundary(&text, || draws.pop().unwrap().to_string()).unwrap(),
            "second-boundary"
        );
    }

    #[test]
    fn large_files_raw_json_and_missing_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("big.bin");
        std::fs::File::create(&file).unwrap().set_len(2048).unwrap();
        let error = MultipartBody::from_items(&items(&[&format!("f@{}", file.display())]), 1024)
            .unwrap_err();
        assert!(
            error.message.contains("big.bin is 2,048 bytes"),
            "{}",
            error.message
        );
        assert!(MultipartBody::from_items(&items(&["n:=3"]), 1024).is_err());
        assert!(MultipartBody::from_items(&items(&["f@/no/such/file"]), 1024).is_err());
    }

    #[test]
    fn curl_fields_quote_what_curl_would_split() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a;b.txt");
        std::fs::write(&file, "x").unwrap();
        let body = MultipartBody::from_items(
            &items(&["t=a;type=b", &format!("f@{}", file.display())]),
            1024,
        )
        .unwrap();
        let fields = body.curl_fields();
        assert_eq!(fields[0], ("--form-string", "t=a;type=b".to_string()));
        assert_eq!(
            fields[1],
            (
                "--form",
                format!("f=@\"{}\";type=text/plain", file.display())
            )
        );
    }
}
