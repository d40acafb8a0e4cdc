//! A Server-Sent Events stream from a relay: one GET with `Accept: text/event-stream`
//! (smee.io serves the stream only for exactly that value), read through the shared client as
//! the body arrives and cut into events by `eventsource-stream`. `Last-Event-ID` asks a server
//! that keeps history to resume after the last event seen.

use std::pin::Pin;

use eventsource_stream::{Event, EventStreamError, Eventsource};
use futures_util::{Stream, StreamExt};

use super::RelaySettings;
use crate::http::client::{ClientError, StreamedResponse, Target, WireRequest};

type Events = Pin<Box<dyn Stream<Item = Result<Event, EventStreamError<ClientError>>> + Send>>;

/// An open event stream.
pub struct EventStream {
    events: Events,
}

impl EventStream {
    /// Connects to `url`; an answer other than a 2xx event stream is an error saying what came.
    pub async fn connect(
        url: &Target,
        settings: &RelaySettings,
        last_event_id: Option<&str>,
    ) -> Result<EventStream, String> {
        let client = super::client(url, settings)?;
        let mut headers = vec![
            ("Host".to_string(), url.authority.clone()),
            ("Accept".to_string(), "text/event-stream".to_string()),
            ("Cache-Control".to_string(), "no-cache".to_string()),
            ("User-Agent".to_string(), super::user_agent()),
        ];
        if let Some(id) = last_event_id {
            headers.push(("Last-Event-ID".to_string(), id.to_string()));
        }
        let request = WireRequest::new(
            "GET".into(),
            url.path_and_query.clone(),
            headers,
            Default::default(),
        )
        .map_err(|f| f.message)?;
        let opening = async {
            let connection = client.connect(url).await?;
            connection.send_streaming(&request).await
        };
        let (head, body) = tokio::time::timeout(settings.connect_timeout * 2, opening)
            .await
            .map_err(|_| "no answer to the event stream request".to_string())?
            .map_err(|e| e.to_string())?;
        if !(200..300).contains(&head.status) {
            return Err(super::status_text(&head));
        }
        let content_type = head.header("content-type").unwrap_or("");
        if !content_type
            .to_ascii_lowercase()
            .starts_with("text/event-stream")
        {
            return Err(format!(
                "answered {content_type:?}, not an event stream (text/event-stream)"
            ));
        }
        Ok(EventStream {
            events: Box::pin(pieces(body).eventsource()),
        })
    }

    /// The next event; None when the stream ended, an error when it broke.
    pub async fn next(&mut self) -> Option<Result<Event, String>> {
        self.events
            .next()
            .await
            .map(|item| item.map_err(|e| e.to_string()))
    }
}

/// A stream that sends nothing for this long, not even a ping or a comment, is taken for a
/// connection that died without closing: smee.io pings and gosmee writes a comment every 30 s.
const SILENCE: std::time::Duration = std::time::Duration::from_secs(90);

/// The body's pieces as a stream, ending after the first error or a silence.
fn pieces(body: StreamedResponse) -> impl Stream<Item = Result<bytes::Bytes, ClientError>> + Send {
    futures_util::stream::unfold(Some(body), |body| async move {
        let mut body = body?;
        match tokio::time::timeout(SILENCE, body.next_piece()).await {
            Ok(Ok(Some(piece))) => Some((Ok(piece), Some(body))),
            Ok(Ok(None)) => None,
            Ok(Err(error)) => Some((Err(error), None)),
            Err(_) => Some((
                Err(ClientError::Protocol(format!(
                    "nothing received for {}",
                    humantime::format_duration(SILENCE)
                ))),
                None,
            )),
        }
    })
}
