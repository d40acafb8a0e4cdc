//! `hookcli send URL`: build a test webhook (format, template, items, auth, signature), send it,
//! retry as told, and report the answer; or send it many times and report the figures.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use anyhow::Context;
use base64::Engine;

use crate::cli::{GlobalArgs, SendArgs};
use crate::exit::{self, Failure};
use crate::http::client::{Client, ClientError, ReceivedResponse, Target, WireRequest};
use crate::http::delivery::{deliver, BuildRequest, RetryNotice, RetryPolicy};
use crate::http::header_ops::apply_header_ops;
use crate::http::header_ops::HeaderOp;
use crate::http::request::frame;
use crate::http::runner::{self, Feed, Tally};
use crate::http::status::StatusExpectation;
use crate::output::exchange::{self, Look, PrintParts, ResponseJson};
use crate::output::message::{format_ms, status_colored};
use crate::output::progress::Progress;
use crate::output::redact::Redaction;
use crate::output::Printer;
use crate::payload::items::Item;
use crate::payload::{self, Format, Payload};
use crate::render::RenderOptions;
use crate::sign::Signer;
use crate::templates::{self, Template};
use crate::units::group_thousands;

/// Everything needed to build the request again for each attempt or repetition.
#[derive(Debug)]
pub struct RequestFactory {
    pub method: String,
    pub target: Target,
    template: Option<&'static Template>,
    data: Option<Vec<u8>>,
    items: Vec<Item>,
    format: Format,
    xml_root: String,
    /// The payload, when it is the same every time (no template placeholders).
    fixed: Option<Payload>,
    authorization: Option<String>,
    header_ops: Vec<HeaderOp>,
    signer: Option<Signer>,
}

impl RequestFactory {
    /// Checks the method, template, credentials and `-H` edits the user gave, before anything
    /// is built or sent.
    pub fn from_args(args: &SendArgs, target: &Target) -> anyhow::Result<RequestFactory> {
        let method = args.method.trim().to_string();
        if http::Method::from_bytes(method.as_bytes()).is_err() {
            return Err(Failure::usage(format!(
                "'{}' is not an HTTP method (letters only, such as POST or PUT)",
                method.escape_debug()
            ))
            .into());
        }
        let template = match &args.template {
            Some(name) => Some(templates::find(name).ok_or_else(|| {
                Failure::usage(format!(
                    "there is no template '{name}'; `hookcli templates` lists them"
                ))
            })?),
            None => None,
        };
        let format = args
            .format
            .or(args.multipart.then_some(Format::Multipart))
            .or(template.map(|t| t.format))
            .unwrap_or(Format::Json);
        if format == Format::Multipart
            && args
                .headers
                .iter()
                .any(|op| op.name.eq_ignore_ascii_case("content-type"))
        {
            return Err(Failure::usage(
                "-H Content-Type: a multipart form's Content-Type names the boundary hookcli writes; leave it out",
            )
            .into());
        }
        if format == Format::Multipart && (args.data.is_some() || template.is_some()) {
            return Err(Failure::usage(format!(
                "a multipart form is built from items, not from {}: give name=value for a text part and name@path for a file",
                if args.data.is_some() { "-d" } else { "a template" }
            ))
            .into());
        }
        let data = args.data.as_deref().map(crate::secrets::data).transpose()?;
        let fixed = match (template, format) {
            (Some(_), _) => None,
            (None, Format::Multipart) => Some(payload::build_multipart(
                &args.items,
                args.max_upload,
                args.signing.sign.is_some(),
            )?),
            (None, _) => Some(payload::build(
                data.as_deref(),
                &args.items,
                format,
                &args.xml_root,
            )?),
        };
        Ok(RequestFactory {
            method,
            target: target.clone(),
            template,
            data,
            items: args.items.clone(),
            format,
            xml_root: args.xml_root.clone(),
            fixed,
            authorization: authorization(args, target)?,
            header_ops: header_ops(args)?,
            signer: args.signing.signer()?,
        })
    }

    /// True when every request built is the same.
    pub fn is_fixed(&self) -> bool {
        self.template.is_none() && self.signer.is_none()
    }

    pub fn build(&self, at: SystemTime) -> Result<WireRequest, Failure> {
        let filled = self.template.map(|t| t.fill(at));
        let payload = match &self.fixed {
            Some(payload) => payload.clone(),
            None => payload::build(
                filled
                    .as_ref()
                    .map(|f| f.body.as_slice())
                    .or(self.data.as_deref()),
                &self.items,
                self.format,
                &self.xml_root,
            )?,
        };
        let mut headers = vec![
            ("Host".to_string(), self.target.authority.clone()),
            (
                "User-Agent".to_string(),
                concat!("hookcli/", env!("CARGO_PKG_VERSION")).to_string(),
            ),
        ];
        if let Some(content_type) = payload.content_type {
            headers.push(("Content-Type".to_string(), content_type));
        }
        for (name, value) in filled.map(|f| f.headers).unwrap_or_default() {
            crate::http::request::set(&mut headers, &name, value);
        }
        if let Some(authorization) = &self.authorization {
            headers.push(("Authorization".to_string(), authorization.clone()));
        }
        apply_header_ops(&mut headers, &self.header_ops);
        if let Some(signer) = &self.signer {
            signer.sign_into(
                &mut headers,
                &payload.body,
                &crate::sign::SigningMoment::at(at),
            );
        }
        // A form not read for a signature is written from its files as it is sent.
        let streamed = match &payload.form {
            Some(form) if payload.body.is_empty() => Some(form.clone()),
            _ => None,
        };
        let length = streamed
            .as_ref()
            .map_or(payload.body.len(), |form| form.len() as usize);
        frame(&mut headers, &self.target.authority, &self.method, length);
        let mut request = WireRequest::new(
            self.method.clone(),
            self.target.path_and_query.clone(),
            headers,
            payload.body,
        )?;
        request.streamed = streamed.map(|form| {
            crate::http::body::SharedBody(form as Arc<dyn crate::http::body::StreamedBody>)
        });
        Ok(request)
    }

    /// The request with a streamed form's bytes in `body`, for showing it (read from its files
    /// again).
    pub fn shown(&self, request: &WireRequest) -> Result<WireRequest, Failure> {
        let mut shown = request.clone();
        if shown.streamed.take().is_some() {
            if let Some(form) = self.form() {
                shown.body = form.to_vec()?.into();
            }
        }
        Ok(shown)
    }

    /// The multipart form the requests carry, when they carry one.
    pub fn form(&self) -> Option<&crate::payload::multipart::MultipartBody> {
        self.fixed.as_ref()?.form.as_deref()
    }
}

/// The `Authorization` header `-u`, `--bearer` or the URL's credentials ask for.
fn authorization(args: &SendArgs, target: &Target) -> Result<Option<String>, Failure> {
    Ok(match (&args.user, &args.bearer) {
        (Some(user), _) => {
            if !user.contains(':') {
                return Err(Failure::usage("-u (or HOOKCLI_USER) takes USER:PASS"));
            }
            Some(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(user.as_bytes())
            ))
        }
        (None, Some(token)) => Some(format!("Bearer {}", token.trim())),
        (None, None) => target.basic_auth.clone(),
    })
}

/// The `-H` edits, refusing the framing headers hookcli computes from the body.
fn header_ops(args: &SendArgs) -> Result<Vec<HeaderOp>, Failure> {
    if let Some(op) = args
        .headers
        .iter()
        .find(|op| crate::http::wire::hop::is_framing(&op.name))
    {
        return Err(Failure::usage(format!(
            "-H {}: hookcli sets it from the body it sends; leave it out",
            op.name
        )));
    }
    Ok(args.headers.clone())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Pretty,
    Json,
    Quiet,
}

pub fn run(args: SendArgs, _global: &GlobalArgs, printer: Printer) -> anyhow::Result<u8> {
    let target = Target::parse(&args.url)?;
    let factory = Arc::new(RequestFactory::from_args(&args, &target)?);
    // Built once now so that bad input is reported before anything is sent.
    let first = factory.build(crate::clock::now())?;
    let tls = args.delivery.tls_options();

    if args.delivery.dry_run {
        printer.out_bytes(&exchange::dry_run(
            &factory.shown(&first)?,
            printer.terminal,
        ))?;
        return Ok(exit::SUCCESS);
    }
    if args.delivery.curl {
        let name = crate::clock::new_id(crate::clock::now());
        let proxies = args.delivery.proxy.settings_for(&target)?;
        let proxy = proxies.for_target(&target);
        let extra = args.delivery.curl_words();
        let line = match factory.form() {
            Some(form) => crate::http::curl::form_command(
                &target,
                &first,
                &tls,
                proxy,
                &extra,
                &form.curl_fields(),
            ),
            None => crate::http::curl::command(&target, &first, &tls, proxy, &extra, &name)?,
        };
        printer.out(&line)?;
        return Ok(exit::SUCCESS);
    }

    let mut client = args.delivery.client(&target, factory.signer.as_ref())?;
    // Many sends print no bodies: they are counted, not kept.
    client.keep_bodies = !(args.repeat > 1 || args.concurrency > 1);
    let output = Output::of(&args);
    let expected = args
        .delivery
        .expect_status
        .clone()
        .unwrap_or_else(StatusExpectation::success);
    let policy = RetryPolicy::new(args.delivery.retry);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let build = request_builder(&factory, first);
    if args.repeat > 1 || args.concurrency > 1 {
        let bulk = Bulk {
            repeat: args.repeat,
            concurrency: args.concurrency.min(args.repeat) as usize,
            output,
            expected,
        };
        return runtime.block_on(bulk.run(client, target, build, policy, &printer));
    }
    let single = Single {
        output,
        expected,
        parts: args
            .print
            .unwrap_or_else(|| PrintParts::default_for(printer.terminal, args.verbose)),
        render: RenderOptions::new(args.delivery.full),
        factory,
    };
    runtime.block_on(single.run(client, target, build, policy, &printer))
}

/// Without a template's placeholders or a signature the request is the same every time: built
/// once, and shared by every attempt and repetition.
fn request_builder(factory: &Arc<RequestFactory>, first: WireRequest) -> BuildRequest {
    if factory.is_fixed() {
        let fixed = Arc::new(first);
        Arc::new(move |_| Ok(fixed.clone()))
    } else {
        let factory = factory.clone();
        Arc::new(move |at| factory.build(at).map(Arc::new))
    }
}

impl Output {
    fn of(args: &SendArgs) -> Output {
        if args.json {
            Output::Json
        } else if args.quiet {
            Output::Quiet
        } else {
            Output::Pretty
        }
    }
}

/// One request (retried as told), its answer printed and held to the expected statuses.
struct Single {
    output: Output,
    expected: StatusExpectation,
    parts: PrintParts,
    render: RenderOptions,
    factory: Arc<RequestFactory>,
}

impl Single {
    async fn run(
        self,
        client: Client,
        target: Target,
        build: BuildRequest,
        policy: RetryPolicy,
        printer: &Printer,
    ) -> anyhow::Result<u8> {
        let mut connection = None;
        let delivered = deliver(
            &client,
            &target,
            &mut connection,
            &build,
            policy,
            |notice| {
                if self.output != Output::Quiet {
                    printer.status(&retry_line(&notice, policy.retries));
                }
            },
        )
        .await?;
        if self.parts.any_request() && self.output == Output::Pretty {
            // The signature header of a custom scheme (--sign-header) is a secret too.
            let redaction = printer.redaction.clone().with_signatures(
                self.factory
                    .signer
                    .iter()
                    .flat_map(|s| s.scheme.signature_headers()),
            );
            let look = self.look(printer, &redaction);
            let shown = self.factory.shown(&delivered.request)?;
            let mut request = exchange::request_parts(&target, &shown, self.parts, &look);
            if look.pretty || self.parts.response_head || self.parts.response_body {
                request.push(b'\n');
            }
            printer.out_bytes(&request)?;
            if let Some(proxy) = client.proxy_for(&target) {
                printer.status(&format!("via proxy {}", proxy.shown()));
            }
        }
        if self.output != Output::Quiet {
            for note in &delivered.notes {
                printer.warn(note);
            }
        }
        if self.parts.any_request() && self.output == Output::Pretty {
            for hop in &delivered.redirects {
                printer.status(&format!("→ {} {}", hop.status, hop.location));
            }
        }
        let response = delivered.result.map_err(|error| {
            let tries = if delivered.attempts > 1 {
                format!(" after {} attempts", delivered.attempts)
            } else {
                String::new()
            };
            Failure::io(no_answer(&target, &error, &tries))
        })?;
        let elapsed_ms = delivered.elapsed.as_secs_f64() * 1000.0;
        self.print(
            printer,
            &response,
            elapsed_ms,
            delivered.attempts,
            &delivered.redirects,
        )?;
        self.verdict(&response)
    }

    fn print(
        &self,
        printer: &Printer,
        response: &ReceivedResponse,
        elapsed_ms: f64,
        attempts: u32,
        redirects: &[crate::http::redirect::Hop],
    ) -> anyhow::Result<()> {
        match self.output {
            Output::Pretty => {
                let look = self.look(printer, &printer.redaction);
                let mut answer = exchange::response_parts(response, self.parts, &look);
                if look.pretty && !answer.is_empty() && !answer.ends_with(b"\n") {
                    answer.push(b'\n');
                }
                printer.out_bytes(&answer)?;
                printer.status(&exchange::timing_line(
                    response.status,
                    elapsed_ms,
                    attempts,
                ));
            }
            Output::Json => printer.out(&serde_json::to_string(&ResponseJson {
                redirects,
                ..ResponseJson::new(response, elapsed_ms, attempts)
            })?)?,
            Output::Quiet => {}
        }
        Ok(())
    }

    /// Rendered for a terminal; byte for byte into a pipe or file.
    fn look<'a>(&'a self, printer: &Printer, redaction: &'a Redaction) -> Look<'a> {
        Look {
            pretty: printer.terminal,
            options: &self.render,
            redaction,
        }
    }

    fn verdict(&self, response: &ReceivedResponse) -> anyhow::Result<u8> {
        if self.expected.matches(response.status) {
            return Ok(exit::SUCCESS);
        }
        let said = exchange::error_text(response)
            .map(|text| {
                let first = text.lines().next().unwrap_or("");
                // A hookcli listener's refusal starts with its name, which this line has already.
                format!(": {}", first.strip_prefix("hookcli: ").unwrap_or(first))
            })
            .unwrap_or_default();
        Err(Failure::check(format!(
            "expected {}, got {} {}{said}",
            self.expected, response.status, response.reason
        ))
        .into())
    }
}

/// Why no answer came, naming the target once: a failure to connect names it already.
pub fn no_answer(target: &Target, error: &ClientError, tries: &str) -> String {
    match error {
        ClientError::Connect { .. }
        | ClientError::Tls { .. }
        | ClientError::Proxy { .. }
        | ClientError::TooManyRedirects(_) => {
            format!("{error}{tries}")
        }
        _ => format!("no answer from {}{tries}: {error}", target.origin()),
    }
}

fn retry_line(notice: &RetryNotice<'_>, retries: u32) -> String {
    let what = match notice.outcome {
        Ok(response) => format!("{} {}", response.status, response.reason),
        Err(error) => error.to_string(),
    };
    format!(
        "attempt {} of {}: {what}; retrying in {}",
        notice.attempt,
        retries + 1,
        format_ms(notice.wait.as_secs_f64() * 1000.0)
    )
}

struct Bulk {
    repeat: u64,
    concurrency: usize,
    output: Output,
    expected: StatusExpectation,
}

impl Bulk {
    async fn run(
        self,
        client: Client,
        target: Target,
        build: BuildRequest,
        policy: RetryPolicy,
        printer: &Printer,
    ) -> anyhow::Result<u8> {
        let feed = Feed::Repeat {
            total: self.repeat,
            build,
        };
        let show_progress = self.output == Output::Pretty
            && std::io::stderr().is_terminal()
            && std::env::var_os("CI").is_none();
        let mut progress = show_progress.then(|| Progress::new(self.repeat));
        let mut tally = Tally::default();
        let started = Instant::now();
        runner::run(
            client,
            target.clone(),
            self.concurrency,
            policy,
            None,
            feed,
            |finished| {
                tally.record(&finished.delivered, &self.expected);
                if let Some(bar) = &mut progress {
                    bar.step();
                }
            },
        )
        .await;
        if let Some(bar) = progress {
            bar.finish();
        }
        let seconds = started.elapsed().as_secs_f64();
        let summary = BulkSummary::new(&mut tally, seconds, self.concurrency);
        match self.output {
            Output::Json => printer.out(&serde_json::to_string(&summary)?)?,
            Output::Pretty => printer.out(&summary.text())?,
            Output::Quiet => {}
        }
        Ok(tally.verdict(&target.origin(), &self.expected)?)
    }
}

/// The figures of a bulk send, for people and for `--json`.
#[derive(Debug, serde::Serialize)]
pub struct BulkSummary {
    pub requests: u64,
    pub concurrency: usize,
    pub duration_ms: f64,
    pub requests_per_second: f64,
    pub statuses: std::collections::BTreeMap<String, u64>,
    pub errors: std::collections::BTreeMap<String, u64>,
    pub unexpected: u64,
    pub latency_ms: Latency,
}

#[derive(Debug, serde::Serialize)]
pub struct Latency {
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

impl BulkSummary {
    pub fn new(tally: &mut Tally, seconds: f64, concurrency: usize) -> BulkSummary {
        let requests = tally.total;
        BulkSummary {
            requests,
            concurrency,
            duration_ms: round3(seconds * 1000.0),
            requests_per_second: round3(if seconds > 0.0 {
                requests as f64 / seconds
            } else {
                0.0
            }),
            statuses: tally
                .statuses
                .iter()
                .map(|(s, n)| (s.to_string(), *n))
                .collect(),
            errors: tally.errors.clone(),
            unexpected: tally.unexpected,
            latency_ms: Latency {
                p50: round3(tally.percentile(50.0)),
                p90: round3(tally.percentile(90.0)),
                p99: round3(tally.percentile(99.0)),
                max: round3(tally.percentile(100.0)),
            },
        }
    }

    pub fn text(&self) -> String {
        let mut out = format!(
            "Sent {} request{} in {} over {} connection{}: {} requests/s\n",
            group_thousands(self.requests),
            if self.requests == 1 { "" } else { "s" },
            format_ms(self.duration_ms),
            self.concurrency,
            if self.concurrency == 1 { "" } else { "s" },
            group_thousands(self.requests_per_second.round() as u64)
        );
        for (status, count) in &self.statuses {
            let code: u16 = status.parse().unwrap_or(0);
            let reason = http::StatusCode::from_u16(code)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("");
            out.push_str(&format!(
                "  {}: {}\n",
                status_colored(code, reason),
                group_thousands(*count)
            ));
        }
        for (error, count) in &self.errors {
            out.push_str(&format!("  {}: {}\n", error, group_thousands(*count)));
        }
        out.push_str(&format!(
            "Latency: p50 {} · p90 {} · p99 {} · max {}",
            format_ms(self.latency_ms.p50),
            format_ms(self.latency_ms.p90),
            format_ms(self.latency_ms.p99),
            format_ms(self.latency_ms.max)
        ));
        out
    }
}
