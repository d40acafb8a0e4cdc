//! `listen` as a real receiver: signature verification, required auth, forwarding, TLS and
//! redaction, against `hookcli send` and raw clients on 127.0.0.1.

mod common;

use std::time::Duration;

use common::*;
use hookcli::sign::{self, HmacSettings, SchemeName, SignatureScheme, SigningMoment};

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn send(url: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["send", url];
    all.extend_from_slice(args);
    run(&all)
}

struct Case {
    name: &'static str,
    scheme: SchemeName,
    secret: &'static str,
}

const CASES: [Case; 6] = [
    Case {
        name: "github",
        scheme: SchemeName::Github,
        secret: "gh-secret",
    },
    Case {
        name: "stripe",
        scheme: SchemeName::Stripe,
        secret: "whsec_stripe",
    },
    Case {
        name: "standard",
        scheme: SchemeName::Standard,
        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    },
    Case {
        name: "shopify",
        scheme: SchemeName::Shopify,
        secret: "shp-secret",
    },
    Case {
        name: "slack",
        scheme: SchemeName::Slack,
        secret: "slack-secret",
    },
    Case {
        name: "hmac",
        scheme: SchemeName::Hmac,
        secret: "plain",
    },
];

/// Sends a body with given headers and returns the status.
fn post_signed(addr: &str, headers: &[(String, String)], body: &[u8]) -> RawResponse {
    let pairs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    post(addr, "/signed", &pairs, body)
}

#[test]
fn each_scheme_verifies_and_each_failure_has_its_reason() {
    for case in &CASES {
        let (_dir, store) = temp_store();
        let listener = Listener::start(
            Some(&store),
            &["--verify", case.name, "--secret", case.secret, "--quiet"],
        );
        let scheme = sign::scheme(case.scheme, &HmacSettings::default());
        let key = scheme.key(case.secret).unwrap();
        let body = br#"{"event":"verify-me"}"#;
        let now = hookcli::clock::unix_seconds(hookcli::clock::now());
        let fresh = SigningMoment {
            timestamp: now,
            id: "msg_fresh".into(),
        };

        // Signed by `hookcli send`.
        let sent = send(
            &listener.url,
            &[
                "-d",
                std::str::from_utf8(body).unwrap(),
                "--sign",
                case.name,
                "--secret",
                case.secret,
            ],
        );
        assert!(sent.status.success(), "{}: {}", case.name, stderr(&sent));

        let headers = scheme.sign(&key, body, &fresh);
        let mut changed = body.to_vec();
        changed[3] ^= 1;
        assert_eq!(
            post_signed(&listener.addr, &headers, &changed).status,
            401,
            "{}: changed byte",
            case.name
        );
        let wrong_key = scheme
            .key(if case.scheme == SchemeName::Standard {
                "whsec_d3Jvbmcgc2VjcmV0"
            } else {
                "wrong"
            })
            .unwrap();
        assert_eq!(
            post_signed(&listener.addr, &scheme.sign(&wrong_key, body, &fresh), body).status,
            401,
            "{}: wrong secret",
            case.name
        );
        let stale = SigningMoment {
            timestamp: now - 3600,
            id: "msg_stale".into(),
        };
        let timestamped = matches!(
            case.scheme,
            SchemeName::Stripe | SchemeName::Standard | SchemeName::Slack
        );
        let stale_status =
            post_signed(&listener.addr, &scheme.sign(&key, body, &stale), body).status;
        assert_eq!(
            stale_status,
            if timestamped { 401 } else { 200 },
            "{}: stale",
            case.name
        );
        assert_eq!(
            post(&listener.addr, "/signed", &[], body).status,
            401,
            "{}: missing",
            case.name
        );

        let records = read_store(&store);
        let reasons: Vec<String> = records
            .iter()
            .map(|r| {
                r["verification"]["reason"]
                    .as_str()
                    .unwrap_or("ok")
                    .to_string()
            })
            .collect();
        assert_eq!(records[0]["verification"]["ok"], true, "{}", case.name);
        assert_eq!(records[0]["verification"]["scheme"], case.name);
        assert_eq!(reasons[1], "signature mismatch", "{}", case.name);
        assert_eq!(reasons[2], "signature mismatch", "{}", case.name);
        if timestamped {
            assert!(
                reasons[3].starts_with("timestamp outside tolerance"),
                "{}: {}",
                case.name,
                reasons[3]
            );
        }
        assert!(
            reasons[4].contains("is missing"),
            "{}: {}",
            case.name,
            reasons[4]
        );
        assert_eq!(
            records[1]["response"]["status"], 401,
            "a failed request is still captured and marked"
        );
    }
}

#[test]
fn rotation_report_only_and_published_examples() {
    // Two secrets on the listener: a request signed with either verifies.
    let (_dir, store) = temp_store();
    let listener = Listener::start(
        Some(&store),
        &[
            "--verify", "stripe", "--secret", "old", "--secret", "new", "--quiet",
        ],
    );
    assert!(send(
        &listener.url,
        &["a=1", "--sign", "stripe", "--secret", "old"]
    )
    .status
    .success());
    assert!(send(
        &listener.url,
        &["a=1", "--sign", "stripe", "--secret", "new"]
    )
    .status
    .success());
    // Two signatures in one header (the sender rotating): any that matches verifies.
    let now = hookcli::clock::unix_seconds(hookcli::clock::now());
    let body = b"{\"rotated\":true}";
    let good = sign::stripe::Stripe.sign(
        b"new",
        body,
        &SigningMoment {
            timestamp: now,
            id: String::new(),
        },
    );
    let doubled = good[0]
        .1
        .replace(&format!("t={now},"), &format!("t={now},v1=00ff00ff,"));
    assert_eq!(
        post(&listener.addr, "/", &[("Stripe-Signature", &doubled)], body).status,
        200
    );

    // Report-only answers as configured and still marks the failure.
    let (_dir2, store2) = temp_store();
    let reporting = Listener::start(
        Some(&store2),
        &[
            "--verify",
            "github",
            "--secret",
            "s",
            "--verify-report-only",
            "--quiet",
        ],
    );
    assert_eq!(
        post(
            &reporting.addr,
            "/",
            &[("X-Hub-Signature-256", "sha256=00")],
            b"x"
        )
        .status,
        200
    );
    assert_eq!(read_store(&store2)[0]["verification"]["ok"], false);

    // The providers' published examples, sent as they were published (old timestamps, so a
    // tolerance of decades).
    let stripe_body = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/stripe_event_test_signature.json"),
    )
    .unwrap();
    let stripe = Listener::start(
        None,
        &[
            "--verify",
            "stripe",
            "--secret",
            "webhook_secret",
            "--tolerance",
            "30years",
            "--quiet",
        ],
    );
    let header = "t=1533204620,v1=2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7,v0=63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef";
    assert_eq!(
        post(
            &stripe.addr,
            "/",
            &[("Stripe-Signature", header)],
            &stripe_body
        )
        .status,
        200
    );
    let github = Listener::start(
        None,
        &[
            "--verify",
            "github",
            "--secret",
            "It's a Secret to Everybody",
            "--quiet",
        ],
    );
    let signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    assert_eq!(
        post(
            &github.addr,
            "/",
            &[("X-Hub-Signature-256", signature)],
            b"Hello, World!"
        )
        .status,
        200
    );
    let standard = Listener::start(
        None,
        &[
            "--verify",
            "standard",
            "--secret",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "--tolerance",
            "30years",
            "--quiet",
        ],
    );
    let headers = [
        ("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
        ("webhook-timestamp", "1614265330"),
        (
            "webhook-signature",
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        ),
    ];
    assert_eq!(
        post(&standard.addr, "/", &headers, br#"{"test": 2432232314}"#).status,
        200
    );
}

#[test]
fn required_auth_of_each_kind() {
    let basic = Listener::start(None, &["--require-auth", "basic:hook:s3cret", "--quiet"]);
    assert!(send(&basic.url, &["-u", "hook:s3cret", "--quiet"])
        .status
        .success());
    let refused = post(
        &basic.addr,
        "/",
        &[("Authorization", "Basic aG9vazp3cm9uZw==")],
        b"",
    );
    assert_eq!(refused.status, 401);
    assert!(refused
        .header("www-authenticate")
        .unwrap()
        .starts_with("Basic realm="));
    assert!(String::from_utf8_lossy(&refused.body).contains("wrong user or password"));

    let bearer = Listener::start_with(None, &["--quiet"], |c| {
        c.env("HOOKCLI_REQUIRE_AUTH", "bearer:t0ken");
    });
    assert!(send(&bearer.url, &["--bearer", "t0ken", "--quiet"])
        .status
        .success());
    assert_eq!(
        send(&bearer.url, &["--bearer", "nope", "--quiet"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        post(&bearer.addr, "/", &[], b"").header("www-authenticate"),
        None
    );

    let (_dir, store) = temp_store();
    let header = Listener::start(Some(&store), &["--require-auth", "header:X-Api-Key:k-123"]);
    assert!(send(&header.url, &["-H", "X-Api-Key: k-123", "--quiet"])
        .status
        .success());
    assert_eq!(
        send(&header.url, &["-H", "X-Api-Key: k-999", "--quiet"])
            .status
            .code(),
        Some(1)
    );
    let records = read_store(&store);
    assert_eq!(records[0]["auth"]["ok"], true);
    assert_eq!(
        records[1]["auth"]["reason"],
        "header X-Api-Key has the wrong value"
    );
    header.wait_for_stdout_lines(10);
    let shown = header.stdout_text();
    assert!(
        !shown.contains("k-123") && !shown.contains("k-999"),
        "the required header is masked:\n{shown}"
    );

    // A header that only --require-auth says is secret stays masked when `show` reads the
    // record later: the record names it.
    let (_dir, store) = temp_store();
    let custom = Listener::start(
        Some(&store),
        &["--require-auth", "header:X-Hook-Pass:p-777", "--quiet"],
    );
    assert!(send(&custom.url, &["-H", "X-Hook-Pass: p-777", "--quiet"])
        .status
        .success());
    assert_eq!(read_store(&store)[0]["auth"]["header"], "X-Hook-Pass");
    let shown = run(&["show", "--store", store.to_str().unwrap()]);
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.contains("X-Hook-Pass"), "{shown}");
    assert!(!shown.contains("p-777"), "{shown}");
}

#[test]
fn forwarding_relays_answers_and_reports_a_down_or_slow_target() {
    let app = Listener::start(
        None,
        &[
            "--status",
            "202",
            "-H",
            "X-From: app",
            "--body",
            "app says hi",
            "--quiet",
        ],
    );
    let (_dir, store) = temp_store();
    let front = Listener::start(
        Some(&store),
        &[
            "--forward-to",
            &app.url,
            "--forward-timeout",
            "500ms",
            "--quiet",
        ],
    );
    let answer = post(&front.addr, "/hooks/x?a=1", &[("X-Mixed", "1")], b"payload");
    assert_eq!(answer.status, 202);
    assert_eq!(answer.header("x-from"), Some("app"));
    assert_eq!(answer.body, b"app says hi");
    let record = &read_store(&store)[0];
    assert_eq!(record["response"]["status"], 202);
    assert_eq!(record["response"]["body"], "app says hi");
    assert!(record["response"]["elapsed_ms"].as_f64().is_some());

    let slow = Listener::start(None, &["--delay", "2s", "--quiet"]);
    let (_dir2, store2) = temp_store();
    let to_slow = Listener::start(
        Some(&store2),
        &[
            "--forward-to",
            &slow.url,
            "--forward-timeout",
            "300ms",
            "--quiet",
        ],
    );
    assert_eq!(post(&to_slow.addr, "/", &[], b"x").status, 504);
    assert!(read_store(&store2)[0]["response"]["error"]
        .as_str()
        .unwrap()
        .contains("did not answer within 300ms"));

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let (_dir3, store3) = temp_store();
    let to_nothing = Listener::start(
        Some(&store3),
        &[
            "--forward-to",
            &format!("http://127.0.0.1:{port}"),
            "--quiet",
        ],
    );
    let down = post(&to_nothing.addr, "/", &[], b"x");
    assert_eq!(down.status, 502);
    assert!(String::from_utf8_lossy(&down.body).contains("forwarding failed"));
    assert!(read_store(&store3)[0]["response"]["error"]
        .as_str()
        .unwrap()
        .contains("cannot connect"));
}

#[test]
fn tls_with_a_generated_and_a_given_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    let mut listener = Listener::start(
        None,
        &[
            "--tls",
            "--tls-ca-out",
            ca.to_str().unwrap(),
            "--quiet",
            "--count",
            "2",
            "--timeout",
            "20s",
        ],
    );
    assert!(listener.url.starts_with("https://127.0.0.1:"));
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        listener.stderr_text().contains("SHA-256 fingerprint: "),
        "{}",
        listener.stderr_text()
    );
    let trusted = send(
        &listener.url,
        &["a=1", "--cacert", ca.to_str().unwrap(), "--quiet"],
    );
    assert!(trusted.status.success(), "{}", stderr(&trusted));
    let untrusted = send(&listener.url, &["a=1", "--quiet"]);
    assert_eq!(untrusted.status.code(), Some(3));
    assert!(stderr(&untrusted).contains("TLS"), "{}", stderr(&untrusted));
    assert!(send(&listener.url, &["a=1", "--insecure", "--quiet"])
        .status
        .success());
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);

    let generated =
        rcgen::generate_simple_self_signed(vec!["localhost".to_string(), "127.0.0.1".to_string()])
            .unwrap();
    let certificate = dir.path().join("cert.pem");
    let key = dir.path().join("key.pem");
    std::fs::write(&certificate, generated.cert.pem()).unwrap();
    std::fs::write(&key, generated.key_pair.serialize_pem()).unwrap();
    let given = Listener::start(
        None,
        &[
            "--tls-cert",
            certificate.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert!(given.url.starts_with("https://"));
    let output = send(
        &given.url,
        &["a=1", "--cacert", certificate.to_str().unwrap(), "--json"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn secrets_are_masked_in_printed_output_and_kept_in_the_store() {
    let (_dir, store) = temp_store();
    let mut listener = Listener::start(
        Some(&store),
        &[
            "--count",
            "1",
            "--timeout",
            "20s",
            "--verify",
            "github",
            "--secret",
            "k",
        ],
    );
    assert!(send(
        &listener.url,
        &[
            "-u",
            "user:pa55word",
            "-H",
            "Cookie: session=abc123",
            "--sign",
            "github",
            "--secret",
            "k",
            "--quiet"
        ]
    )
    .status
    .success());
    assert_eq!(listener.wait(Duration::from_secs(20)), 0);
    let printed = listener.stdout_text();
    for secret in ["dXNlcjpwYTU1d29yZA==", "session=abc123"] {
        assert!(!printed.contains(secret), "{secret} printed:\n{printed}");
    }
    // The signature's frame stays readable; its hex digest does not.
    assert!(printed.contains("X-Hub-Signature-256: sha256=••••"));
    let stored_signature = std::fs::read_to_string(&store).unwrap();
    let digest = stored_signature
        .split("sha256=")
        .nth(1)
        .map(|rest| &rest[..64])
        .expect("the stored signature");
    assert!(!printed.contains(digest), "the digest printed:\n{printed}");
    assert!(printed.contains("Authorization: Basic ••••••••"));
    let stored = std::fs::read_to_string(&store).unwrap();
    assert!(stored.contains("dXNlcjpwYTU1d29yZA==") && stored.contains("session=abc123"));
    let store_arg = store.to_str().unwrap();
    let shown = run(&["show", "--store", store_arg]);
    assert!(!String::from_utf8_lossy(&shown.stdout).contains("session=abc123"));
    let revealed = run(&["show", "--show-secrets", "--store", store_arg]);
    assert!(String::from_utf8_lossy(&revealed.stdout).contains("session=abc123"));
    let failed = run(&[
        "listen",
        "--no-store",
        "--port",
        "0",
        "--require-auth",
        "basic-s3cretvalue",
    ]);
    assert_eq!(failed.status.code(), Some(2));
    assert!(
        !stderr(&failed).contains("s3cretvalue"),
        "no secret in errors: {}",
        stderr(&failed)
    );
}
