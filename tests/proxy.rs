//! `send`, `replay` and `--forward-to` through a real proxy: tinyproxy (Debian), started here
//! on a free port of 127.0.0.1 in the foreground, with its log read to tell whether a request
//! crossed it. `.ci/run` installs tinyproxy; elsewhere, without it, these tests say so and
//! pass only when CI is not set.

mod common;

use std::process::Command;

use common::tinyproxy::Tinyproxy;
use common::*;

fn hookcli_with_env(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut command = hookcli();
    command.args(args);
    for name in [
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    command.output().unwrap()
}

#[test]
fn an_http_target_is_reached_through_the_proxy_with_header_case_kept() {
    let Some(proxy) = Tinyproxy::start(None) else {
        return;
    };
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let output = hookcli_with_env(
        &[
            "send",
            &format!("{}/hook?x=1", listener.url),
            "--proxy",
            &proxy.url(),
            "-H",
            "X-Mixed-Case: v",
            "-H",
            "aBc: 1",
            "a=1",
        ],
        &[],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(proxy.crossings(), 1, "the request did not cross the proxy");
    let record = &read_store(&store)[0];
    assert_eq!(
        (record["path"].as_str(), record["query"].as_str()),
        (Some("/hook"), Some("x=1"))
    );
    let names: Vec<String> = record_headers(record).into_iter().map(|(n, _)| n).collect();
    let mixed = names
        .iter()
        .position(|n| n == "X-Mixed-Case")
        .expect("case kept");
    let abc = names.iter().position(|n| n == "aBc").expect("case kept");
    assert!(mixed < abc, "order kept: {names:?}");
    assert_eq!(record["body"], r#"{"a":"1"}"#);
}

#[test]
fn an_https_target_is_reached_through_a_connect_tunnel_with_its_certificate_checked() {
    let Some(proxy) = Tinyproxy::start(None) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    let (_store_dir, store) = temp_store();
    let listener = Listener::start(
        Some(&store),
        &["--quiet", "--tls", "--tls-ca-out", ca.to_str().unwrap()],
    );
    let url = format!("{}/tunnel", listener.url.replace("http://", "https://"));
    let trusted = hookcli_with_env(
        &[
            "send",
            &url,
            "--proxy",
            &proxy.url(),
            "--cacert",
            ca.to_str().unwrap(),
            "-H",
            "X-Case: 1",
            "a=1",
        ],
        &[],
    );
    assert!(
        trusted.status.success(),
        "{}",
        String::from_utf8_lossy(&trusted.stderr)
    );
    assert_eq!(proxy.crossings(), 1);
    let record = &read_store(&store)[0];
    assert_eq!(record["path"], "/tunnel");
    assert!(record_headers(record).iter().any(|(n, _)| n == "X-Case"));
    let untrusted = hookcli_with_env(&["send", &url, "--proxy", &proxy.url(), "a=1"], &[]);
    assert_eq!(untrusted.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&untrusted.stderr).contains("TLS"));
}

#[test]
fn proxy_credentials_are_sent_and_a_refusal_names_the_proxy_not_the_password() {
    let Some(proxy) = Tinyproxy::start(Some(("alice", "s3cret"))) else {
        return;
    };
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet", "--tls"]);
    let url = format!("{}/x", listener.url.replace("http://", "https://"));
    let refused = hookcli_with_env(&["send", &url, "-k", "--proxy", &proxy.url(), "a=1"], &[]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "proxy 127.0.0.1:{} refused the tunnel: 407 Proxy Authentication Required",
            proxy.port
        )),
        "{stderr}"
    );
    let with_credentials = format!("http://alice:s3cret@127.0.0.1:{}", proxy.port);
    let accepted = hookcli_with_env(
        &["send", &url, "-k", "--proxy", &with_credentials, "a=1"],
        &[],
    );
    assert!(
        accepted.status.success(),
        "{}",
        String::from_utf8_lossy(&accepted.stderr)
    );
    // And for an http target, in absolute form with Proxy-Authorization, which the proxy
    // takes and does not pass on.
    let plain = hookcli_with_env(
        &[
            "send",
            &listener.url.replace("https://", "http://"),
            "--proxy",
            &with_credentials,
            "-v",
        ],
        &[],
    );
    let shown = String::from_utf8_lossy(&plain.stdout).to_string()
        + &String::from_utf8_lossy(&plain.stderr);
    assert!(!shown.contains("s3cret"), "{shown}");
    let wrong = format!("http://alice:wrong@127.0.0.1:{}", proxy.port);
    let refused = hookcli_with_env(&["send", &url, "-k", "--proxy", &wrong, "a=1"], &[]);
    assert!(!String::from_utf8_lossy(&refused.stderr).contains("wrong"));
    assert_eq!(read_store(&store).len(), 1);
    // To an http target the proxy's 407 is its refusal too, named as such (exit 3), not an
    // answer of the target's.
    let (_plain_dir, plain_store) = temp_store();
    let plain = Listener::start(Some(&plain_store), &["--quiet"]);
    let refused = hookcli_with_env(
        &["send", &plain.url, "-X", "GET", "--proxy", &proxy.url()],
        &[],
    );
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "proxy 127.0.0.1:{} refused the request: 407",
            proxy.port
        )),
        "{stderr}"
    );
}

#[test]
fn loopback_and_no_proxy_bypass_the_environments_proxy() {
    let Some(proxy) = Tinyproxy::start(None) else {
        return;
    };
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let from_environment = [("http_proxy", proxy.url()), ("ALL_PROXY", proxy.url())];
    let env: Vec<(&str, &str)> = from_environment
        .iter()
        .map(|(n, v)| (*n, v.as_str()))
        .collect();
    let direct = hookcli_with_env(&["send", &listener.url, "a=1"], &env);
    assert!(
        direct.status.success(),
        "{}",
        String::from_utf8_lossy(&direct.stderr)
    );
    assert_eq!(
        proxy.crossings(),
        0,
        "a loopback target went through the environment's proxy"
    );
    let excepted = hookcli_with_env(
        &[
            "send",
            &listener.url,
            "--proxy",
            &proxy.url(),
            "--noproxy",
            "127.0.0.0/8",
            "a=1",
        ],
        &[],
    );
    assert!(excepted.status.success());
    let excepted_env = hookcli_with_env(
        &["send", &listener.url, "--proxy", &proxy.url(), "a=1"],
        &[("NO_PROXY", "localhost,127.0.0.1")],
    );
    assert!(excepted_env.status.success());
    assert_eq!(
        proxy.crossings(),
        0,
        "NO_PROXY and --noproxy were not honoured"
    );
    assert_eq!(read_store(&store).len(), 3);
    // A proxy variable that does not parse matters only where it applies: not to an http
    // target, nor to loopback; for a target it applies to, it is exit 2 before any connection.
    let unaffected = hookcli_with_env(
        &["send", &listener.url, "a=1"],
        &[
            ("HTTPS_PROXY", "ftp://u:pw@x:1"),
            ("http_proxy", "foo://bar"),
        ],
    );
    assert!(
        unaffected.status.success(),
        "{}",
        String::from_utf8_lossy(&unaffected.stderr)
    );
    let bad = hookcli_with_env(
        &["send", "https://hookcli.invalid/", "a=1"],
        &[("HTTPS_PROXY", "ftp://u:pw@x:1")],
    );
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("HTTPS_PROXY") && !stderr.contains("pw@"),
        "{stderr}"
    );
}

#[test]
fn replay_and_forward_to_go_through_the_proxy_too() {
    let Some(proxy) = Tinyproxy::start(None) else {
        return;
    };
    let (_dir, store) = temp_store();
    let app = Listener::start(Some(&store), &["--quiet"]);
    let front = Listener::start(
        None,
        &["--quiet", "--forward-to", &app.url, "--proxy", &proxy.url()],
    );
    let forwarded = post(&front.addr, "/via-front", &[], b"{}");
    assert_eq!(forwarded.status, 200);
    assert_eq!(proxy.crossings(), 1);
    let store_arg = store.to_str().unwrap();
    let replayed = hookcli_with_env(
        &[
            "replay",
            "last",
            "--store",
            store_arg,
            "--to",
            &app.url,
            "--proxy",
            &proxy.url(),
        ],
        &[],
    );
    assert!(
        replayed.status.success(),
        "{}",
        String::from_utf8_lossy(&replayed.stderr)
    );
    assert_eq!(proxy.crossings(), 2);
    let paths: Vec<String> = read_store(&store)
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["/via-front", "/via-front"]);
}

/// A SOCKS5 server of the test's own (RFC 1928, with RFC 1929 user/password when given): it
/// relays CONNECTs and records how each destination was named (a domain or an address).
fn socks5_server(
    credentials: Option<(&'static str, &'static str)>,
) -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{Read, Write};
    let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = server.local_addr().unwrap().port();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    std::thread::spawn(move || {
        for client in server.incoming() {
            let Ok(mut client) = client else { break };
            let record = record.clone();
            std::thread::spawn(move || -> std::io::Result<()> {
                let mut greeting = [0u8; 2];
                client.read_exact(&mut greeting)?;
                let mut methods = vec![0u8; greeting[1] as usize];
                client.read_exact(&mut methods)?;
                if let Some((user, password)) = credentials {
                    client.write_all(&[5, 2])?;
                    let mut version_and_length = [0u8; 2];
                    client.read_exact(&mut version_and_length)?;
                    let mut name = vec![0u8; version_and_length[1] as usize];
                    client.read_exact(&mut name)?;
                    let mut length = [0u8; 1];
                    client.read_exact(&mut length)?;
                    let mut secret = vec![0u8; length[0] as usize];
                    client.read_exact(&mut secret)?;
                    let ok = name == user.as_bytes() && secret == password.as_bytes();
                    client.write_all(&[1, if ok { 0 } else { 1 }])?;
                    if !ok {
                        return Ok(());
                    }
                } else {
                    client.write_all(&[5, 0])?;
                }
                let mut request = [0u8; 4];
                client.read_exact(&mut request)?;
                let host = match request[3] {
                    1 => {
                        let mut ip = [0u8; 4];
                        client.read_exact(&mut ip)?;
                        format!("ip:{}", std::net::Ipv4Addr::from(ip))
                    }
                    3 => {
                        let mut length = [0u8; 1];
                        client.read_exact(&mut length)?;
                        let mut name = vec![0u8; length[0] as usize];
                        client.read_exact(&mut name)?;
                        format!("domain:{}", String::from_utf8_lossy(&name))
                    }
                    _ => return Ok(()),
                };
                let mut port = [0u8; 2];
                client.read_exact(&mut port)?;
                let port = u16::from_be_bytes(port);
                record.lock().unwrap().push(host.clone());
                let address = if host.ends_with(":127.0.0.1") {
                    ("127.0.0.1", port)
                } else {
                    client.write_all(&[5, 4, 0, 1, 0, 0, 0, 0, 0, 0])?;
                    return Ok(());
                };
                let mut upstream = std::net::TcpStream::connect(address)?;
                client.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0])?;
                let mut to_upstream = client.try_clone()?;
                let mut from_upstream = upstream.try_clone()?;
                let relay =
                    std::thread::spawn(move || std::io::copy(&mut from_upstream, &mut to_upstream));
                std::io::copy(&mut client, &mut upstream)?;
                let _ = upstream.shutdown(std::net::Shutdown::Write);
                let _ = relay.join();
                Ok(())
            });
        }
    });
    (port, seen)
}

#[test]
fn socks5_and_socks5h_proxies_carry_requests_with_names_resolved_where_they_say() {
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let port = listener.addr.rsplit(':').next().unwrap().to_string();
    let (socks, seen) = socks5_server(None);
    let target = format!("http://127.0.0.1:{port}/socks");
    for scheme in ["socks5", "socks5h"] {
        let output = hookcli_with_env(
            &[
                "send",
                &target,
                "--proxy",
                &format!("{scheme}://127.0.0.1:{socks}"),
                "a=1",
            ],
            &[],
        );
        assert!(
            output.status.success(),
            "{scheme}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(*seen.lock().unwrap(), ["ip:127.0.0.1", "domain:127.0.0.1"]);

    let (guarded, _) = socks5_server(Some(("bob", "pw1")));
    let refused = hookcli_with_env(
        &[
            "send",
            &target,
            "--proxy",
            &format!("socks5h://bob:nope@127.0.0.1:{guarded}"),
            "a=1",
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains(&format!("proxy 127.0.0.1:{guarded}")) && !stderr.contains("nope"),
        "{stderr}"
    );
    let accepted = hookcli_with_env(
        &[
            "send",
            &target,
            "--proxy",
            &format!("socks5h://bob:pw1@127.0.0.1:{guarded}"),
            "a=1",
        ],
        &[],
    );
    assert!(
        accepted.status.success(),
        "{}",
        String::from_utf8_lossy(&accepted.stderr)
    );
    assert_eq!(read_store(&store).len(), 3);
}

#[test]
fn verbose_output_names_the_proxy_and_curl_lines_carry_it_without_the_password() {
    let (socks, _) = socks5_server(None);
    let (_dir, store) = temp_store();
    let listener = Listener::start(Some(&store), &["--quiet"]);
    let proxy = format!("socks5h://carol:pa55@127.0.0.1:{socks}");
    let verbose = hookcli_with_env(
        &["send", &listener.url, "--proxy", &proxy, "-v", "a=1"],
        &[],
    );
    let stderr = String::from_utf8_lossy(&verbose.stderr);
    assert!(
        stderr.contains(&format!("via proxy socks5h://127.0.0.1:{socks}")),
        "{stderr}"
    );
    assert!(!stderr.contains("pa55"));
    let curl = hookcli_with_env(
        &["send", &listener.url, "--proxy", &proxy, "--curl", "a=1"],
        &[],
    );
    let line = String::from_utf8_lossy(&curl.stdout);
    assert!(
        line.contains(&format!("--proxy socks5h://127.0.0.1:{socks}"))
            && line.contains("--proxy-user carol:\"$PROXY_PASSWORD\""),
        "{line}"
    );
    assert!(!line.contains("pa55"));
    // The printed command runs as printed, with the password from the environment.
    let ran = Command::new("sh")
        .arg("-c")
        .arg(line.trim())
        .env("PROXY_PASSWORD", "pa55")
        .output()
        .unwrap();
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    assert_eq!(read_store(&store).len(), 2);
}
