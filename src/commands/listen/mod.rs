//! `hookcli listen`: capture every request sent to a local port, store it before answering,
//! print it, and answer as told (status sequence, headers, body, delay); or act as the receiver
//! being built: verify signatures, require credentials, forward to a local app, serve HTTPS.
//! Requests a relay delivers from the internet (`--relay`, see `relays.rs`) take the same path
//! as those to the local port: one `capture` for both. With `--inspect` the inspector shows
//! the captures in the same terminal (see `inspected.rs`).

mod checks;
mod expect;
mod inspected;
mod ready;
mod relays;
mod rules;

use expect::Expectations;
mod forward;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use bytes::Bytes;
use tokio::sync::Notify;

use crate::capture::store::{resolve_store_path, ReportedFailures, StoreWriter};
use crate::capture::{
    encode_body, encode_body_owned, CaptureRecord, Fidelity, RelayInfo, ResponseRecord, RuleRef,
    SharedHeaders,
};
use crate::cli::{GlobalArgs, ListenArgs};
use crate::clock;
use crate::exit::{self, Failure};
use crate::http::server::{self, Arrival, ReceivedRequest, Refusal, ServerResponse};
use crate::http::tls::ServerTls;
use crate::output::capture_block::{capture_block_answering, troubles};
use crate::output::redact::Redaction;
use crate::output::Printer;
use crate::render::RenderOptions;
use crate::units::{format_size, group_thousands, plural};
use checks::{Checks, Findings};
use forward::Forwarder;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputMode {
    Pretty,
    Json,
    Quiet,
    /// `--inspect`: no block (the inspector shows the capture), but a warning, for its status
    /// line, about a capture that failed a check or whose forwarding failed.
    Troubles,
}

/// What to answer, once validated.
#[derive(Debug, Clone)]
pub enum AnswerBody {
    /// `{"ok":...,"id":"<capture id>"}`.
    Acknowledgement,
    /// The bytes as given (their Content-Type is inferred once, into the answer's headers).
    Fixed(Bytes),
}

/// `listen`'s options, validated: the code that serves never sees an invalid value.
pub struct ListenConfig {
    pub host: String,
    pub port: u16,
    pub store: Option<PathBuf>,
    pub output: OutputMode,
    pub render: RenderOptions,
    pub statuses: Vec<u16>,
    /// The answer's headers (`-H`), as given: for a 204 or 304, which have no body.
    pub headers: SharedHeaders,
    /// The same led by the body's Content-Type unless `-H` gave one; decided at start-up.
    pub headers_with_body: SharedHeaders,
    pub body: AnswerBody,
    pub delay: Option<Duration>,
    pub count: Option<u64>,
    pub timeout: Option<Duration>,
    pub max_body: u64,
    pub header_timeout: Duration,
    pub checks: Checks,
    pub expectations: Expectations,
    pub forwarder: Option<Forwarder>,
    pub tls: Option<ServerTls>,
    pub tls_ca_out: Option<PathBuf>,
    pub ready_file: Option<PathBuf>,
    pub redaction: Redaction,
    pub rules: Arc<rules::Rules>,
    /// Whether to listen on a local port (not with `--no-local`).
    pub local: bool,
    pub relays: Vec<crate::relay::RelaySpec>,
    pub relay_settings: crate::relay::RelaySettings,
    /// Whether `--status`, `--body` or `--delay` was given: a relayed sender never sees them.
    pub answer_told: bool,
    /// `--inspect`: the inspector has the terminal, and its header says where to send.
    pub inspect: bool,
}

impl ListenConfig {
    pub fn from_args(
        mut args: ListenArgs,
        global: &GlobalArgs,
        redaction: &Redaction,
    ) -> anyhow::Result<ListenConfig> {
        let body = answer_body(args.body.take(), args.body_file.as_deref())?;
        let headers_with_body = headers_with_body(&body, &args.headers);
        let store = if args.no_store {
            None
        } else {
            Some(resolve_store_path(global.store.as_deref())?)
        };
        refuse_framing_headers(&args.headers)?;
        if let Some(path) = &args.ready_file {
            ready::check_folder(path)?;
        }
        let checks = Checks::from_args(&args.checks)?;
        let expectations = Expectations::compile(&args.expect, args.expect_reject, args.fail_fast)?;
        let relays = args
            .relay
            .iter()
            .map(|text| crate::relay::parse(text))
            .collect::<Result<Vec<_>, _>>()?;
        let (forwarder, rules, proxies) = onward(&args, !relays.is_empty())?;
        let relay_settings = relay_settings(&args, &proxies);
        let answer_told = args.status.0 != [200]
            || !matches!(body, AnswerBody::Acknowledgement)
            || args.delay.is_some();
        let tls = server_tls(&args)?;
        let credential = match &checks.auth {
            Some(checks::RequiredAuth::Header { name, .. }) => Some(name.clone()),
            _ => None,
        };
        let redaction = redaction
            .clone()
            .with_signatures(checks.signature_headers())
            .with(credential);
        let output = output_mode(&args);
        Ok(ListenConfig {
            host: args.host,
            port: args.port,
            store,
            output,
            render: RenderOptions::new(args.full),
            statuses: args.status.0,
            headers: args.headers.into(),
            headers_with_body: headers_with_body.into(),
            body,
            delay: args.delay,
            count: args.count,
            timeout: args.timeout,
            max_body: args.max_body,
            header_timeout: args.header_timeout,
            checks,
            expectations,
            forwarder,
            tls,
            tls_ca_out: args.tls_ca_out,
            ready_file: args.ready_file,
            redaction,
            rules: Arc::new(rules),
            local: !args.no_local,
            relays,
            relay_settings,
            answer_told,
            inspect: args.inspect,
        })
    }
}

/// `-H` may not set what hookcli frames the answer with itself (Content-Length and the like).
fn refuse_framing_headers(headers: &[(String, String)]) -> Result<(), Failure> {
    match headers
        .iter()
        .find(|(name, _)| crate::http::wire::hop::is_set_by_the_server(name))
    {
        Some((name, _)) => Err(Failure::usage(format!(
            "-H {name}: hookcli frames the answer itself from its body; leave {name} out"
        ))),
        None => Ok(()),
    }
}

/// What listen prints of each capture.
fn output_mode(args: &ListenArgs) -> OutputMode {
    if args.inspect {
        OutputMode::Troubles
    } else if args.json {
        OutputMode::Json
    } else if args.quiet {
        OutputMode::Quiet
    } else {
        OutputMode::Pretty
    }
}

/// What the relays are given: the TLS and proxy settings of the shared client, the limits.
fn relay_settings(
    args: &ListenArgs,
    proxies: &crate::http::proxy::ProxySettings,
) -> crate::relay::RelaySettings {
    crate::relay::RelaySettings {
        tls: args.forward_tls.options(),
        proxies: proxies.clone(),
        connect_timeout: args.connect_timeout,
        max_body: args.max_body,
        interval: args.relay_interval,
        since: args.relay_since,
        api_key: std::env::var("HOOKCLI_WEBHOOK_SITE_KEY")
            .ok()
            .filter(|k| !k.is_empty()),
    }
}

/// Where requests go on from here: `--forward-to`, and the rules (some of which may forward);
/// and the proxies those, and the relays, go through.
fn onward(
    args: &ListenArgs,
    relaying: bool,
) -> Result<
    (
        Option<Forwarder>,
        rules::Rules,
        crate::http::proxy::ProxySettings,
    ),
    Failure,
> {
    // The environment's proxies matter only to a listener that sends or fetches requests.
    let proxies = if args.forward_to.is_some() || args.rules.is_some() || relaying {
        args.forward_proxy.settings()?
    } else {
        crate::http::proxy::ProxySettings::default()
    };
    let settings = rules::ForwardSettings {
        timeout: args.forward_timeout,
        tls: args.forward_tls.clone(),
        proxies,
        connect_timeout: args.connect_timeout,
    };
    let forwarder = args
        .forward_to
        .as_deref()
        .map(|url| {
            Forwarder::new(
                url,
                settings.timeout,
                &settings.tls,
                &settings.proxies,
                settings.connect_timeout,
            )
        })
        .transpose()?;
    let proxies = settings.proxies.clone();
    let rules = rules::Rules::load(&args.rule, args.rules.as_deref(), settings)?;
    Ok((forwarder, rules, proxies))
}

/// The answer's body: `--body`, the bytes of `--body-file`, or hookcli's JSON acknowledgement.
fn answer_body(
    text: Option<String>,
    file: Option<&std::path::Path>,
) -> Result<AnswerBody, Failure> {
    Ok(match (text, file) {
        (Some(text), _) => AnswerBody::Fixed(Bytes::from(text)),
        (None, Some(path)) => AnswerBody::Fixed(Bytes::from(std::fs::read(path).map_err(|e| {
            Failure::usage(format!("cannot read --body-file {}: {e}", path.display()))
        })?)),
        (None, None) => AnswerBody::Acknowledgement,
    })
}

/// The answer's headers when it has a body: led by the body's Content-Type unless `-H` gave one.
fn headers_with_body(body: &AnswerBody, headers: &[(String, String)]) -> Vec<(String, String)> {
    let content_type = match body {
        AnswerBody::Acknowledgement => "application/json",
        AnswerBody::Fixed(bytes) => sniff_content_type(bytes),
    };
    let mut with_body = Vec::new();
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        with_body.push(("Content-Type".to_string(), content_type.to_string()));
    }
    with_body.extend(headers.iter().cloned());
    with_body
}

/// The certificate `--tls` makes or `--tls-cert`/`--tls-key` name.
fn server_tls(args: &ListenArgs) -> Result<Option<ServerTls>, Failure> {
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(certificate), Some(key)) => Some(crate::http::tls::from_files(certificate, key)?),
        _ if args.tls => Some(crate::http::tls::self_signed()?),
        _ => None,
    };
    if args.tls_ca_out.is_some() && tls.is_none() {
        return Err(Failure::usage(
            "--tls-ca-out writes the certificate of --tls; add --tls",
        ));
    }
    Ok(tls)
}

struct Listener {
    config: ListenConfig,
    printer: Arc<Printer>,
    store: Option<StoreWriter>,
    /// Requests received, for the status sequence and the `#N (this session)` labels.
    received: AtomicU64,
    /// The captures the store held at start-up: the first one stored here is the next index.
    stored_before: u64,
    /// Requests captured and answered, for `--count`.
    captured: AtomicU64,
    /// Places taken among the `--count` first requests, by requests being captured or captured.
    places_taken: AtomicU64,
    count_reached: Notify,
    /// Requests between their arrival and their answer, for what Ctrl-C says it waits for.
    answering: AtomicU64,
    /// Stored captures that failed an `--expect`, and the signal `--fail-fast` stops on.
    expect_failures: AtomicU64,
    expect_failed: Notify,
    /// Store failures already reported: one warning per kind.
    store_failures: Mutex<ReportedFailures>,
    /// Standard-output failures already reported (shared with the `--json` echo).
    output_failures: Arc<Mutex<ReportedFailures>>,
}

enum StopReason {
    CountReached,
    ExpectFailed,
    TimedOut,
    Interrupted,
}

pub fn run(args: ListenArgs, global: &GlobalArgs, printer: Printer) -> anyhow::Result<u8> {
    if args.inspect {
        crate::commands::inspect::require_terminal(
            "listen --inspect",
            "hookcli listen without --inspect (and hookcli inspect in another terminal)",
        )?;
    }
    let config = ListenConfig::from_args(args, global, &printer.redaction)?;
    if config.inspect {
        return inspected::run(config, printer);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(listen(config, Arc::new(printer), None))
}

/// Listens until a stop; with `screen` (`--inspect`), beside the inspector on the main thread.
pub async fn listen(
    mut config: ListenConfig,
    printer: Arc<Printer>,
    mut screen: Option<inspected::ScreenLink>,
) -> anyhow::Result<u8> {
    if let Some(path) = &config.store {
        crate::capture::store::ensure_store(path)?;
    }
    let socket = match config.local {
        true => Some(server::bind(&config.host, config.port).await?),
        false => None,
    };
    let tls = config.tls.take();
    // Everything that can fail is done before the start-up line: a script that reads the URL
    // must find a listener behind it.
    if let (Some(tls), Some(path)) = (&tls, &config.tls_ca_out) {
        std::fs::write(path, &tls.certificate_pem).map_err(|e| {
            Failure::io(format!(
                "cannot write the certificate to {}: {e}",
                path.display()
            ))
        })?;
    }
    let url = socket
        .as_ref()
        .map(|socket| server::base_url(socket, tls.is_some()))
        .transpose()?;
    let relays = relays::open_all(&config).await?;
    let public_urls: Vec<String> = relays.iter().map(|r| r.public_url().to_string()).collect();
    print_start(
        &config,
        &printer,
        url.as_deref(),
        &public_urls,
        tls.as_ref(),
        socket.as_ref(),
    );
    let listener = Listener::start(config, &printer)?;
    let warner = printer.clone();
    listener
        .config
        .rules
        .watch(move |message| warner.warn(&message));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let stopped = async move {
        let _ = stopped.await;
    };
    let serving = match socket {
        Some(socket) => serve_locally(&listener, socket, tls, stopped),
        None => tokio::spawn(stopped),
    };
    let relaying = relays::start(listener.clone(), relays);
    // Written once the server is accepting, so a script that reads it finds a listener.
    let _ready = match &listener.config.ready_file {
        Some(path) => Some(ready::ReadyFile::write(path, url.as_deref(), &public_urls)?),
        None => None,
    };
    if let Some(screen) = &mut screen {
        screen.started(address_lines(url.as_deref(), &public_urls).join("  "));
    }
    let reason = wait_for_stop(&listener, screen.as_mut()).await;
    // Receiving stops at once, before the inspector is waited for: it may be held for a
    // while (an editor open for `e`), and a stopped listener answers and stores nothing more.
    let _ = stop.send(());
    if matches!(reason, StopReason::Interrupted)
        && screen.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stderr())
    {
        // The terminal echoed `^C` without a line end.
        eprintln!();
    }
    relaying.stop(shutdown_grace(&listener.config)).await;
    if let Some(screen) = screen {
        screen.close().await;
    }
    finish_answering(&listener, serving).await;
    summarize(&listener, reason)
}

/// The local port's server, until `stopped`.
fn serve_locally(
    listener: &Arc<Listener>,
    socket: tokio::net::TcpListener,
    tls: Option<ServerTls>,
    stopped: impl std::future::Future<Output = ()> + Send + 'static,
) -> tokio::task::JoinHandle<()> {
    let handler_state = listener.clone();
    let settings = server::ServerSettings {
        shutdown_grace: shutdown_grace(&listener.config),
        tls: tls.map(|t| t.acceptor),
        header_timeout: listener.config.header_timeout,
        max_body: listener.config.max_body,
    };
    tokio::spawn(server::serve(
        socket,
        settings,
        move |incoming| handle(handler_state.clone(), incoming),
        stopped,
    ))
}

impl Listener {
    /// The listener's state, with the store opened and counted.
    fn start(config: ListenConfig, printer: &Arc<Printer>) -> anyhow::Result<Arc<Listener>> {
        let stored_before = match &config.store {
            Some(path) => crate::capture::count::count_records(path)? as u64,
            None => 0,
        };
        let store = start_store(&config, printer);
        Ok(Arc::new(Listener {
            printer: printer.clone(),
            store: store.writer,
            received: AtomicU64::new(0),
            stored_before,
            captured: AtomicU64::new(0),
            places_taken: AtomicU64::new(0),
            count_reached: Notify::new(),
            answering: AtomicU64::new(0),
            expect_failures: AtomicU64::new(0),
            expect_failed: Notify::new(),
            store_failures: Mutex::new(store.failures),
            output_failures: store.output_failures,
            config,
        }))
    }
}

/// Lets the requests being answered finish (a `--delay`, a forwarding target), saying how many
/// there are; a second Ctrl-C stops at once, their captures being stored already.
async fn finish_answering(listener: &Listener, serving: tokio::task::JoinHandle<()>) {
    let pending = listener.answering.load(Ordering::SeqCst);
    if pending == 0 {
        let _ = serving.await;
        return;
    }
    listener.printer.status(&format!(
        "Stopping: {} still being answered; Ctrl-C again to quit now",
        plural(pending, "request", "requests")
    ));
    tokio::select! {
        _ = serving => {}
        _ = tokio::signal::ctrl_c() => listener.printer.status(
            "Quitting without answering them (their captures are stored)",
        ),
    }
}

/// Where to send: `Listening on URL` and each relay's `Public URL: URL`.
fn address_lines(url: Option<&str>, public_urls: &[String]) -> Vec<String> {
    let local = url.map(|url| format!("Listening on {url}"));
    let public = public_urls.iter().map(|p| format!("Public URL: {p}"));
    local.into_iter().chain(public).collect()
}

/// The start-up lines on standard error: where to send, TLS, forwarding, storing, and warnings
/// about an answer that cannot be as asked or a listener reachable beyond this machine. Under
/// `--inspect` the inspector's header says where to send and which store it shows.
fn print_start(
    config: &ListenConfig,
    printer: &Printer,
    url: Option<&str>,
    public_urls: &[String],
    tls: Option<&ServerTls>,
    socket: Option<&tokio::net::TcpListener>,
) {
    if !config.inspect {
        for line in address_lines(url, public_urls) {
            printer.status(&line);
        }
    }
    if let Some(tls) = tls {
        printer.status(&format!(
            "TLS certificate SHA-256 fingerprint: {}",
            tls.fingerprint
        ));
        if let Some(path) = &config.tls_ca_out {
            printer.status(&format!(
                "Certificate for clients written to {} (send --cacert, curl --cacert)",
                path.display()
            ));
        }
    }
    if let Some(forwarder) = &config.forwarder {
        printer.status(&format!("Forwarding to {}", forwarder.origin()));
    }
    if !public_urls.is_empty() && config.answer_told {
        printer.warn("--status, --body and --delay answer local senders only: a relay has already answered the senders it delivers");
    }
    if socket.is_some_and(|s| s.local_addr().is_ok_and(|a| !a.ip().is_loopback())) {
        printer.warn("listening beyond this machine: anyone who can reach this address can send requests and read the answers");
    }
    let bodiless = config
        .statuses
        .iter()
        .filter(|s| carries_no_body(**s))
        .count();
    if matches!(&config.body, AnswerBody::Fixed(body) if !body.is_empty()) && bodiless > 0 {
        printer.warn(if bodiless == config.statuses.len() {
            "the answer's body is never sent: a 204, 205 or 304 answer has none"
        } else {
            "the answer's body is not sent with the 204, 205 and 304 answers: they have none"
        });
    }
    if let Some(path) = config.store.as_ref().filter(|_| !config.inspect) {
        printer.status(&format!("Storing captures in {}", path.display()));
    }
}

/// The store writer (which also feeds `--json`'s echo), with any failure to open the store
/// reported once: requests are answered 503 until it can be written.
struct StartedStore {
    writer: Option<StoreWriter>,
    failures: ReportedFailures,
    output_failures: Arc<Mutex<ReportedFailures>>,
}

fn start_store(config: &ListenConfig, printer: &Arc<Printer>) -> StartedStore {
    let mut store_failures = ReportedFailures::default();
    let output_failures = Arc::new(Mutex::new(ReportedFailures::default()));
    let echo = (config.output == OutputMode::Json)
        .then(|| json_echo(printer.clone(), output_failures.clone()));
    let store = if config.store.is_some() || echo.is_some() {
        let (writer, error) = StoreWriter::start(config.store.clone(), echo);
        if let Some(error) = error {
            store_failures.first_time(error.kind);
            printer.warn(&format!(
                "{error}; requests will be answered 503 until it can be written"
            ));
        }
        Some(writer)
    } else {
        None
    };
    StartedStore {
        writer: store,
        failures: store_failures,
        output_failures,
    }
}

/// In-flight requests may take the delay and a forwarding target's time to be answered.
fn shutdown_grace(config: &ListenConfig) -> Duration {
    server::SHUTDOWN_GRACE
        + config.delay.unwrap_or_default()
        + config
            .forwarder
            .as_ref()
            .map_or(Duration::ZERO, |f| f.timeout())
}

/// The closing line, and the exit code: a `--count` not reached by `--timeout` is a failed check.
fn summarize(listener: &Listener, reason: StopReason) -> anyhow::Result<u8> {
    let printer = &listener.printer;
    let captured = listener.captured.load(Ordering::SeqCst);
    let kept = match &listener.config.store {
        Some(path) => format!("stored in {}", path.display()),
        None => "not stored (--no-store)".to_string(),
    };
    printer.status(&format!(
        "Captured {}; {kept}",
        plural(captured, "request", "requests")
    ));
    let failed = listener.expect_failures.load(Ordering::SeqCst);
    if failed > 0 {
        let stopped = if matches!(reason, StopReason::ExpectFailed) {
            " (--fail-fast)"
        } else {
            ""
        };
        return Err(Failure::check(format!(
            "{} of {} failed --expect{stopped}",
            group_thousands(failed),
            plural(captured, "capture", "captures")
        ))
        .into());
    }
    match (reason, listener.config.count) {
        (StopReason::TimedOut, Some(expected)) if captured < expected => {
            Err(Failure::check(format!(
                "timed out after {} with {captured} of {expected} requests captured",
                humantime::format_duration(listener.config.timeout.unwrap_or_default())
            ))
            .into())
        }
        _ => Ok(exit::SUCCESS),
    }
}

/// `--json`: each batch of stored lines goes to standard output in one write, right after the
/// store took it; a failed write is reported once.
fn json_echo(
    printer: Arc<Printer>,
    reported: Arc<Mutex<ReportedFailures>>,
) -> crate::capture::store::Echo {
    Box::new(move |lines: &[u8]| {
        if let Err(error) = printer.out_bytes(lines) {
            report_stdout_failure(&printer, &reported, &error);
        }
    })
}

/// A failed write to standard output, reported once per kind: captures are stored regardless.
fn report_stdout_failure(
    printer: &Printer,
    reported: &Mutex<ReportedFailures>,
    error: &std::io::Error,
) {
    if lock(reported).first_time(error.kind()) {
        printer.warn(&format!("{error}; captures are still stored"));
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// SIGTERM, as a service manager or `kill` stops a process; elsewhere than Unix, never.
async fn terminated() {
    #[cfg(unix)]
    if let Ok(mut signal) =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    {
        signal.recv().await;
        return;
    }
    std::future::pending::<()>().await
}

/// What stops the listener; beside the inspector, its quitting too.
async fn wait_for_stop(
    listener: &Listener,
    screen: Option<&mut inspected::ScreenLink>,
) -> StopReason {
    let quit = async {
        match screen {
            Some(screen) => screen.closed().await,
            None => std::future::pending().await,
        }
    };
    let timeout = async {
        match listener.config.timeout {
            Some(duration) => tokio::time::sleep(duration).await,
            None => std::future::pending().await,
        }
    };
    let terminate = terminated();
    tokio::select! {
        _ = listener.count_reached.notified() => StopReason::CountReached,
        _ = listener.expect_failed.notified() => StopReason::ExpectFailed,
        _ = timeout => StopReason::TimedOut,
        _ = tokio::signal::ctrl_c() => StopReason::Interrupted,
        _ = terminate => StopReason::Interrupted,
        _ = quit => StopReason::Interrupted,
    }
}

async fn handle(listener: Arc<Listener>, arrival: Arrival) -> ServerResponse {
    match arrival {
        Arrival::Request(request) => capture(&listener, request, None).await,
        Arrival::Refused { summary, refusal } => listener.refused(&summary, refusal),
    }
}

/// One request from either source, the local port or a relay (`relay`): numbered, checked,
/// answered or forwarded, stored before it is printed, and counted. A relay has answered its
/// sender already: a relayed capture records only what a forwarding target answered, and is
/// not held for `--delay`.
async fn capture(
    listener: &Arc<Listener>,
    request: ReceivedRequest,
    relay: Option<RelayInfo>,
) -> ServerResponse {
    listener.answering.fetch_add(1, Ordering::SeqCst);
    let _answering = Answering(&listener.answering);
    if !listener.take_place() {
        if let Some(relay) = &relay {
            // Nobody waits for this answer: say what was not captured.
            listener.printer.warn(&format!(
                "{} event {} arrived after --count was reached; not captured",
                relay.kind, relay.event_id
            ));
        }
        return ServerResponse::plain(
            503,
            "hookcli: this listener has captured the requests its --count asked for and is stopping\n",
            true,
        );
    }
    let sequence = listener.received.fetch_add(1, Ordering::SeqCst);
    let mut findings = listener
        .config
        .checks
        .examine(&request.headers, &request.body);
    if relay
        .as_ref()
        .is_some_and(|r| r.fidelity == Fidelity::Reserialized)
    {
        findings.unverifiable();
    }
    let mut record = capture_record(request, &findings);
    record.relay = relay;
    record.expect = listener.config.expectations.examine(&record);
    let head_request = record.method == "HEAD";
    let mut answer = listener.choose_answer(&record, &findings, sequence).await;
    let relayed_unforwarded = record.relay.is_some() && answer.elapsed_ms.is_none();
    if relayed_unforwarded {
        answer.delay = None;
    }
    record.response = (!relayed_unforwarded).then(|| answer.record(head_request));
    let mut place = None;
    if let Some(store) = &listener.store {
        match store.append(&record).await {
            Ok(written) => place = Some(written),
            Err(error) => {
                if lock(&listener.store_failures).first_time(error.kind) {
                    listener.printer.warn(&format!(
                        "{error}; answering 503 until the store can be written"
                    ));
                }
                answer = Answer::store_failed(&error.message);
                record.response = Some(answer.record(head_request));
            }
        }
    }
    if !(answer.stored && listener.config.output == OutputMode::Json) {
        // A stored line reached standard output with its batch (see `json_echo`).
        listener.print(&record, (sequence, place), answer.delay);
    }
    listener.count(answer.stored);
    if answer.stored && record.expect.as_ref().is_some_and(|e| !e.ok) {
        listener.expect_failures.fetch_add(1, Ordering::SeqCst);
        if listener.config.expectations.fail_fast {
            listener.expect_failed.notify_one();
        }
    }
    if let Some(delay) = answer.delay {
        tokio::time::sleep(delay).await;
    }
    answer.into_response()
}

/// Counts a request as being answered until it is dropped: when its answer is returned, or when
/// the connection goes away first.
struct Answering<'a>(&'a AtomicU64);

impl Drop for Answering<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The record of a request as received, with what the checks found; its answer comes later.
fn capture_record(request: ReceivedRequest, findings: &Findings) -> CaptureRecord {
    let ReceivedRequest {
        method,
        target,
        version,
        headers,
        latin1: latin1_headers,
        body,
        trailers,
        latin1_trailers,
        remote,
        received_at,
    } = request;
    let (path, query) = split_target(target);
    let body_size = body.len() as u64;
    let (body_text, body_encoding) = encode_body_owned(body);
    CaptureRecord {
        id: clock::new_id(received_at),
        received_at: clock::rfc3339_millis(received_at),
        remote_addr: String::from(&*remote),
        method,
        path,
        query,
        http_version: version_text(version).to_string(),
        headers,
        body: body_text,
        body_encoding,
        body_size,
        response: None,
        latin1_headers,
        verification: findings.verification.clone(),
        auth: findings.auth.clone(),
        trailers,
        latin1_trailers,
        expect: None,
        relay: None,
    }
}

impl Listener {
    /// The answer: a refusal by the checks or `--expect-reject`, a rule's, the forwarding
    /// target's, or the one the command line tells.
    async fn choose_answer(
        &self,
        record: &CaptureRecord,
        findings: &Findings,
        sequence: u64,
    ) -> Answer {
        if let Some(refusal) = self.refusal(findings) {
            refusal
        } else if let Some(rejection) = self.expect_rejection(record) {
            rejection
        } else if let Some(chosen) = self.config.rules.choose(record) {
            self.rule_answer(record, chosen, sequence).await
        } else if let Some(forwarder) = &self.config.forwarder {
            Answer::forwarded(forwarder.forward(record).await)
        } else {
            self.answer(&record.id, self.status_for(sequence))
        }
    }

    /// `--expect-reject`: a 422 naming the expressions a capture failed.
    fn expect_rejection(&self, record: &CaptureRecord) -> Option<Answer> {
        let outcome = record.expect.as_ref().filter(|e| !e.ok)?;
        if !self.config.expectations.reject {
            return None;
        }
        let mut text = String::from("hookcli: the request did not meet what was expected:\n");
        for failure in &outcome.failed {
            text.push_str(&format!("  {}: {}\n", failure.expression, failure.reason));
        }
        Some(Answer::text(422, text))
    }

    /// Takes one of the `--count` first places before the request is stored, so that requests
    /// arriving together never take the listener past its count. False when none is left.
    fn take_place(&self) -> bool {
        match self.config.count {
            Some(count) => self.places_taken.fetch_add(1, Ordering::SeqCst) < count,
            None => true,
        }
    }

    /// Counts a stored capture towards `--count`, or gives back the place of one that was not
    /// stored. A shutdown that `--count` starts still lets this answer (and its `--delay`) finish.
    fn count(&self, stored: bool) {
        if stored {
            let captured = self.captured.fetch_add(1, Ordering::SeqCst) + 1;
            if self.config.count == Some(captured) {
                self.count_reached.notify_one();
            }
        } else if self.config.count.is_some() {
            self.places_taken.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl Listener {
    /// A 401 for a request that failed the checks (a signature failure only when not
    /// `--verify-report-only`).
    fn refusal(&self, findings: &Findings) -> Option<Answer> {
        let text = if findings.auth_failed() {
            format!(
                "hookcli: authentication required: {}\n",
                findings
                    .auth
                    .as_ref()
                    .and_then(|a| a.reason.as_deref())
                    .unwrap_or("missing")
            )
        } else if findings.signature_failed() && !self.config.checks.report_only {
            format!(
                "hookcli: signature verification failed: {}\n",
                findings
                    .verification
                    .as_ref()
                    .and_then(|v| v.reason.as_deref())
                    .unwrap_or("invalid")
            )
        } else {
            return None;
        };
        let mut headers = vec![(
            "Content-Type".to_string(),
            "text/plain; charset=utf-8".to_string(),
        )];
        if findings.auth_failed() {
            if let Some(challenge) = self.config.checks.auth.as_ref().and_then(|a| a.challenge()) {
                headers.push(("WWW-Authenticate".to_string(), challenge.to_string()));
            }
        }
        Some(Answer {
            headers: headers.into(),
            ..Answer::text(401, text)
        })
    }

    fn status_for(&self, sequence: u64) -> u16 {
        let statuses = &self.config.statuses;
        statuses[(sequence as usize).min(statuses.len() - 1)]
    }

    /// The answer as told. A HEAD request gets the GET answer's headers and Content-Length;
    /// the server leaves its body off the wire.
    fn answer(&self, id: &str, status: u16) -> Answer {
        let config = &self.config;
        answer_with(
            id,
            status,
            &config.body,
            &config.headers,
            &config.headers_with_body,
        )
        .delayed(config.delay)
    }

    /// The answer of the rule that matched: what the rule gives, the command line's for the
    /// rest.
    async fn rule_answer(
        &self,
        record: &CaptureRecord,
        chosen: rules::Chosen,
        sequence: u64,
    ) -> Answer {
        let rule = &chosen.rule.answer;
        let answer = if rule.drop {
            Answer::dropped()
        } else if let Some(forwarder) = &rule.forward {
            Answer::forwarded(forwarder.forward(record).await)
        } else {
            let status = chosen
                .rule
                .next_status()
                .unwrap_or_else(|| self.status_for(sequence));
            match (&rule.body, &rule.headers) {
                (None, None) => self.answer(&record.id, status),
                (body, headers) => {
                    let body = body
                        .clone()
                        .map_or_else(|| self.config.body.clone(), AnswerBody::Fixed);
                    let headers = headers
                        .clone()
                        .unwrap_or_else(|| self.config.headers.clone());
                    let with_body = headers_with_body(&body, &headers).into();
                    answer_with(&record.id, status, &body, &headers, &with_body)
                }
            }
        };
        Answer {
            rule: Some(chosen.reference),
            ..answer.delayed(rule.delay.or(self.config.delay))
        }
    }

    /// The answer to a request refused before it was read, reported on standard error.
    fn refused(&self, what: &str, refusal: Refusal) -> ServerResponse {
        let (status, reason) = match refusal {
            Refusal::TooLarge => (
                413,
                format!(
                    "the request body is larger than the limit of {} (--max-body)",
                    format_size(self.config.max_body)
                ),
            ),
            Refusal::Unreadable(error) => {
                (400, format!("the request body could not be read ({error})"))
            }
            Refusal::Malformed { status, reason } => (status, reason.to_string()),
        };
        self.printer.warn(&format!(
            "{what}: {reason}; answered {status}, not captured"
        ));
        ServerResponse::plain(status, &format!("hookcli: {reason}\n"), true)
    }

    /// The block's number: the store index that `show N` and `replay N` take (the captures
    /// the store held at start-up, then this writer's place); with `--no-store`, the request's
    /// number in this session, marked as such.
    fn label(&self, sequence: u64, place: Option<u64>) -> String {
        match (&self.config.store, place) {
            (Some(_), Some(place)) => format!("#{}", self.stored_before + place),
            (Some(_), None) => "(not stored)".to_string(),
            (None, _) => format!("#{} (this session)", sequence + 1),
        }
    }

    /// Prints a capture; `numbering` (its sequence and its place in the store) becomes the
    /// block's label only where a block is printed.
    fn print(
        &self,
        record: &CaptureRecord,
        numbering: (u64, Option<u64>),
        delay: Option<Duration>,
    ) {
        let written = match self.config.output {
            OutputMode::Quiet => Ok(()),
            OutputMode::Troubles => {
                let troubles = troubles(record);
                if !troubles.is_empty() {
                    self.printer.warn(&format!(
                        "{} {} {}: {}",
                        self.label(numbering.0, numbering.1),
                        record.method,
                        record.target(),
                        troubles.join("; ")
                    ));
                }
                Ok(())
            }
            OutputMode::Json => {
                let mut line = serialize(record);
                line.push(b'\n');
                self.printer.out_bytes(&line)
            }
            OutputMode::Pretty => self.printer.out(&capture_block_answering(
                record,
                Some(&self.label(numbering.0, numbering.1)),
                &self.config.render,
                self.printer.width,
                &self.config.redaction,
                delay,
            )),
        };
        if let Err(error) = written {
            report_stdout_failure(&self.printer, &self.output_failures, &error);
        }
    }
}

/// The answer as told, from a status, a body and the headers to send without and with a body.
/// A HEAD request gets the GET answer's headers and Content-Length; the server leaves its body
/// off the wire.
fn answer_with(
    id: &str,
    status: u16,
    body: &AnswerBody,
    headers: &SharedHeaders,
    headers_with_body: &SharedHeaders,
) -> Answer {
    let (body, headers) = if carries_no_body(status) {
        (Bytes::new(), headers)
    } else {
        let body = match body {
            AnswerBody::Acknowledgement => {
                let ok: &[u8] = if (200..300).contains(&status) {
                    b"{\"ok\":true,\"id\":\""
                } else {
                    b"{\"ok\":false,\"id\":\""
                };
                // A capture id is a ULID: nothing in it needs escaping.
                Bytes::from([ok, id.as_bytes(), b"\"}"].concat())
            }
            AnswerBody::Fixed(bytes) => bytes.clone(),
        };
        (body, headers_with_body)
    };
    Answer {
        headers: headers.clone(),
        body,
        ..Answer::text(status, String::new())
    }
}

/// A response decided but not yet sent.
struct Answer {
    status: u16,
    headers: SharedHeaders,
    body: Bytes,
    close: bool,
    /// False when the store refused the record.
    stored: bool,
    /// The forwarding target's time, when this is its answer.
    elapsed_ms: Option<f64>,
    /// Why hookcli answered itself when forwarding.
    error: Option<String>,
    /// How long to wait before answering.
    delay: Option<Duration>,
    /// Close the connection without answering.
    abort: bool,
    /// The rule that chose this answer.
    rule: Option<RuleRef>,
}

impl Answer {
    fn delayed(self, delay: Option<Duration>) -> Answer {
        Answer { delay, ..self }
    }

    /// No answer at all: the connection is closed (a rule's `drop`), as a receiver that crashed
    /// would, to test a sender's retries.
    fn dropped() -> Answer {
        Answer {
            status: 0,
            headers: SharedHeaders::default(),
            body: Bytes::new(),
            abort: true,
            error: Some("closed the connection without answering (drop = true)".into()),
            ..Answer::text(0, String::new())
        }
    }

    /// A short text answer of hookcli's own.
    fn text(status: u16, text: String) -> Answer {
        Answer {
            status,
            headers: SharedHeaders::from([(
                "Content-Type".to_string(),
                "text/plain; charset=utf-8".to_string(),
            )]),
            body: Bytes::from(text),
            close: false,
            stored: true,
            elapsed_ms: None,
            error: None,
            delay: None,
            abort: false,
            rule: None,
        }
    }

    fn store_failed(reason: &str) -> Answer {
        Answer {
            stored: false,
            ..Answer::text(
                503,
                format!("hookcli could not store this request: {reason}\n"),
            )
        }
    }

    fn forwarded(forwarded: forward::Forwarded) -> Answer {
        Answer {
            status: forwarded.status,
            headers: forwarded.headers.into(),
            body: forwarded.body,
            close: false,
            stored: true,
            elapsed_ms: Some((forwarded.elapsed_ms * 1000.0).round() / 1000.0),
            error: forwarded.error,
            ..Answer::text(forwarded.status, String::new())
        }
    }

    /// What was answered; to a HEAD request, no body.
    fn record(&self, head_request: bool) -> ResponseRecord {
        let (body, body_encoding) = encode_body(if head_request { &[] } else { &self.body });
        ResponseRecord {
            status: self.status,
            headers: self.headers.clone(),
            body,
            body_encoding,
            elapsed_ms: self.elapsed_ms,
            error: self.error.clone(),
            rule: self.rule.clone(),
        }
    }

    fn into_response(self) -> ServerResponse {
        ServerResponse {
            status: self.status,
            headers: self.headers,
            body: self.body,
            close: self.close,
            abort: self.abort,
        }
    }
}

/// The record as one JSON line (without the newline).
fn serialize(record: &CaptureRecord) -> Vec<u8> {
    let mut line = Vec::new();
    crate::capture::line::write_record(&mut line, record);
    line
}

/// `/a/b?x=1` → (`/a/b`, Some(`x=1`)); a target without `?` has no query, and is the path
/// without a copy.
fn split_target(mut target: String) -> (String, Option<String>) {
    match target.find('?') {
        Some(at) => {
            let query = target[at + 1..].to_string();
            target.truncate(at);
            (target, Some(query))
        }
        None => (target, None),
    }
}

/// RFC 9110: 204 and 304 have no content, and a 205 must not carry any.
fn carries_no_body(status: u16) -> bool {
    matches!(status, 204 | 205 | 304)
}

fn version_text(version: http::Version) -> &'static str {
    match version {
        http::Version::HTTP_09 => "HTTP/0.9",
        http::Version::HTTP_10 => "HTTP/1.0",
        http::Version::HTTP_11 => "HTTP/1.1",
        http::Version::HTTP_2 => "HTTP/2",
        http::Version::HTTP_3 => "HTTP/3",
        _ => "HTTP/?",
    }
}

/// The Content-Type of an answer body the user gave without one.
fn sniff_content_type(body: &[u8]) -> &'static str {
    if crate::render::json::sniff(body) {
        "application/json"
    } else if crate::render::xml::sniff(body) {
        "application/xml"
    } else if std::str::from_utf8(body).is_ok() {
        "text/plain; charset=utf-8"
    } else {
        "application/octet-stream"
    }
}
