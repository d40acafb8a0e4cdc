//! Following redirects (`-L`) as `curl -L` does: 301, 302 and 303 turn a POST into a GET
//! without a body (303 any method but HEAD), 307 and 308 keep the method and body; a relative
//! `Location` is resolved against the request's URL. Credentials and signatures are not sent
//! to another host and port (as curl without `--location-trusted`): a redirect must not hand a
//! secret to whoever it points at. A 3xx without a usable `Location` is the answer.

pub use super::client::RedirectSettings;
use super::client::{Client, ClientError, Connection};
use super::message::{ReceivedResponse, WireRequest};
use super::target::Target;

/// One redirect followed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Hop {
    pub status: u16,
    pub location: String,
}

/// What to do after an answer.
pub enum Next {
    Follow(Box<Redirected>),
    /// The answer stands; with a warning when it was a redirect that could not be followed.
    Stop(Option<String>),
}

/// The request a redirect leads to.
pub struct Redirected {
    pub target: Target,
    pub request: WireRequest,
    /// Headers left out because the redirect leaves the original host and port.
    pub dropped: Vec<String>,
}

const ALWAYS_SENSITIVE: [&str; 3] = ["authorization", "cookie", "proxy-authorization"];

pub fn next(
    original: &Target,
    target: &Target,
    request: &WireRequest,
    response: &ReceivedResponse,
    settings: &RedirectSettings,
) -> Next {
    let status = response.status;
    if !matches!(status, 301 | 302 | 303 | 307 | 308) {
        return Next::Stop(None);
    }
    let Some(location) = response.header("location").map(str::trim) else {
        return Next::Stop(Some(format!(
            "the {status} answer has no Location; it is the answer"
        )));
    };
    let here = format!("{}{}", target.origin(), request.target);
    let resolved = url::Url::parse(&here).and_then(|base| base.join(location));
    let next_target = match resolved.as_ref().map(|url| Target::parse(url.as_str())) {
        Ok(Ok(next)) => next,
        _ => {
            return Next::Stop(Some(format!(
            "the {status} answer's Location '{}' is not a URL hookcli can follow; it is the answer",
            location.escape_debug()
        )))
        }
    };
    let to_get = status == 303 && request.method != "HEAD"
        || matches!(status, 301 | 302) && request.method == "POST";
    let leaves = next_target.host != original.host || next_target.port != original.port;
    let sensitive = |lower: &str| {
        leaves
            && (ALWAYS_SENSITIVE.contains(&lower) || settings.sensitive.iter().any(|s| s == lower))
    };
    let (headers, latin1, dropped) = carried_headers(request, &next_target, to_get, sensitive);
    let request = WireRequest {
        method: if to_get {
            "GET".into()
        } else {
            request.method.clone()
        },
        target: next_target.path_and_query.clone(),
        headers,
        body: if to_get {
            Default::default()
        } else {
            request.body.clone()
        },
        streamed: if to_get {
            None
        } else {
            request.streamed.clone()
        },
        latin1,
    };
    Next::Follow(Box::new(Redirected {
        target: next_target,
        request,
        dropped,
    }))
}

/// An answer after the redirects that led to it.
pub struct Followed {
    pub result: Result<ReceivedResponse, ClientError>,
    pub hops: Vec<Hop>,
    pub notes: Vec<String>,
}

/// Sends a request as [`Client::exchange`] does and, with `-L`, follows the redirects its
/// answers give, each on a connection of its own. Returns the last answer, the redirects
/// followed, and what to tell the user (headers left out, a redirect that could not be).
pub async fn exchange_following(
    client: &Client,
    target: &Target,
    connection: &mut Option<Connection>,
    request: &WireRequest,
) -> Followed {
    let mut followed = Followed {
        result: client.exchange(target, connection, request).await,
        hops: Vec::new(),
        notes: Vec::new(),
    };
    let Some(settings) = &client.redirects else {
        return followed;
    };
    let (mut here, mut sent) = (target.clone(), request.clone());
    while let Ok(response) = &followed.result {
        let redirected = match next(target, &here, &sent, response, settings) {
            Next::Stop(warning) => {
                followed.notes.extend(warning);
                break;
            }
            Next::Follow(redirected) => *redirected,
        };
        let Redirected {
            target: next_target,
            request: next_request,
            dropped,
        } = redirected;
        followed.hops.push(Hop {
            status: response.status,
            location: format!("{}{}", next_target.origin(), next_request.target),
        });
        if followed.hops.len() > settings.max {
            followed.result = Err(ClientError::TooManyRedirects(settings.max));
            break;
        }
        if !dropped.is_empty() && followed.notes.is_empty() {
            followed.notes.push(format!(
                "redirected to {}: {} not sent to another host (as curl without --location-trusted)",
                next_target.origin(),
                dropped.join(", ")
            ));
        }
        let mut fresh = None;
        followed.result = client
            .exchange(&next_target, &mut fresh, &next_request)
            .await;
        (here, sent) = (next_target, next_request);
    }
    followed
}

/// The headers that go on to the redirect's target, their Latin-1 positions, and the names
/// left out: body headers when the body is dropped, and `sensitive` ones; Host is the new one.
fn carried_headers(
    request: &WireRequest,
    next_target: &Target,
    to_get: bool,
    sensitive: impl Fn(&str) -> bool,
) -> (Vec<(String, String)>, Vec<usize>, Vec<String>) {
    let mut dropped = Vec::new();
    let mut headers = Vec::with_capacity(request.headers.len());
    let mut latin1 = Vec::new();
    for (at, (name, value)) in request.headers.iter().enumerate() {
        let lower = name.to_ascii_lowercase();
        let body_header =
            ["content-length", "content-type", "transfer-encoding"].contains(&lower.as_str());
        if to_get && body_header {
            continue;
        }
        if sensitive(&lower) {
            dropped.push(name.clone());
            continue;
        }
        if request.latin1.contains(&at) {
            latin1.push(headers.len());
        }
        let value = if lower == "host" {
            next_target.authority.clone()
        } else {
            value.clone()
        };
        headers.push((name.clone(), value));
    }
    (headers, latin1, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, location: Option<&str>) -> ReceivedResponse {
        ReceivedResponse {
            http_version: "HTTP/1.1".into(),
            status,
            reason: String::new(),
            headers: location
                .map(|l| vec![("Location".to_string(), l.to_string())])
                .unwrap_or_default(),
            body: Vec::new(),
            body_length: 0,
        }
    }

    fn post() -> WireRequest {
        WireRequest {
            method: "POST".into(),
            target: "/a/b?x=1".into(),
            headers: vec![
                ("Host".into(), "h:1".into()),
                ("Authorization".into(), "Bearer t".into()),
                ("X-Hub-Signature-256".into(), "sha256=00".into()),
                ("Content-Type".into(), "application/json".into()),
                ("Content-Length".into(), "2".into()),
            ],
            body: "{}".into(),
            streamed: None,
            latin1: Vec::new(),
        }
    }

    fn follow(status: u16, location: &str) -> (Target, WireRequest, Vec<String>) {
        let origin = Target::parse("http://h:1/a/b?x=1").unwrap();
        let settings = RedirectSettings {
            max: 10,
            sensitive: vec!["x-hub-signature-256".into()],
        };
        match next(
            &origin,
            &origin,
            &post(),
            &answer(status, Some(location)),
            &settings,
        ) {
            Next::Follow(redirected) => (redirected.target, redirected.request, redirected.dropped),
            Next::Stop(why) => panic!("not followed: {why:?}"),
        }
    }

    #[test]
    fn methods_change_as_curl_changes_them() {
        let (_, request, _) = follow(302, "/c");
        assert_eq!((request.method.as_str(), request.body.len()), ("GET", 0));
        assert!(!request.headers.iter().any(|(n, _)| n == "Content-Length"));
        let (_, request, _) = follow(307, "c");
        assert_eq!(
            (
                request.method.as_str(),
                request.target.as_str(),
                &request.body[..]
            ),
            ("POST", "/a/c", &b"{}"[..])
        );
        assert_eq!(follow(308, "?y=2").1.target, "/a/b?y=2");
    }

    #[test]
    fn credentials_and_signatures_stay_with_the_original_host() {
        let (_, same, dropped) = follow(307, "http://h:1/d");
        assert!(dropped.is_empty());
        assert_eq!(same.headers.len(), 5);
        let (target, other, dropped) = follow(307, "https://other.example/e");
        assert_eq!(dropped, ["Authorization", "X-Hub-Signature-256"]);
        assert!(target.https);
        assert_eq!(
            other.headers[0],
            ("Host".to_string(), "other.example".to_string())
        );
    }

    #[test]
    fn a_redirect_without_a_usable_location_is_the_answer() {
        let origin = Target::parse("http://h:1/").unwrap();
        let settings = RedirectSettings {
            max: 10,
            sensitive: Vec::new(),
        };
        for location in [None, Some("ftp://x/"), Some("http://[bad")] {
            let stop = next(&origin, &origin, &post(), &answer(302, location), &settings);
            assert!(matches!(stop, Next::Stop(Some(_))), "{location:?}");
        }
        assert!(matches!(
            next(&origin, &origin, &post(), &answer(200, None), &settings),
            Next::Stop(None)
        ));
    }
}
