//! `hookcli replay`: send captured requests again, byte for byte, to a target: the same method,
//! path, query, body and headers (in their order and case), with only the connection-level
//! headers set anew. Records are streamed from the source, so memory stays flat.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context;
use colored::Colorize;

use crate::capture::resolve::{Ask, Default, Selected};
use crate::capture::source::CaptureSource;
use crate::capture::store::resolve_store_path;
use crate::cli::{GlobalArgs, ReplayArgs};
use crate::exit::{self, Failure};
use crate::http::client::{Client, Target};
use crate::http::delivery::RetryPolicy;
use crate::http::replayer::Replayer;
use crate::http::runner::{self, job_queue, Finished, Job, JobSender, Pace, Tally};
use crate::http::status::StatusExpectation;
use crate::http::tls::TlsOptions;
use crate::output::exchange;
use crate::output::message::{format_ms, method_colored, status_colored};
use crate::output::redact::Redaction;
use crate::output::{Batched, Printer};
use crate::render::RenderOptions;
use crate::units::group_thousands;

pub fn run(args: ReplayArgs, global: &GlobalArgs, printer: Printer) -> anyhow::Result<u8> {
    let store = resolve_store_path(global.store.as_deref())?;
    let source = CaptureSource::open(args.from.as_deref(), &store)?;
    let selection = args.selection.selection()?;
    let ask = Ask {
        default: Default::Last,
        keep_last: None,
        numbered: true,
    };
    // Resolved before anything is sent: a selector that names nothing sends nothing.
    let selected = selection.resolve(&source, ask)?;
    let target = Target::parse(&args.to)?;
    check_pacing(&args)?;
    let replayer = Arc::new(Replayer {
        target: target.clone(),
        exact_url: args.exact_url,
        header_ops: args.headers.clone(),
        drop_headers: args.drop_header.clone(),
        signer: args.signing.signer()?.map(Arc::new),
    });
    let tls = args.delivery.tls_options();
    let source_name = source.name();
    if args.delivery.dry_run || args.delivery.curl {
        return show_without_sending(&args, selected, &source_name, &replayer, &tls, &printer);
    }

    let mut client = args.delivery.client(&target, replayer.signer.as_deref())?;
    // Only --verbose prints answers' bodies; otherwise they are counted, not kept.
    client.keep_bodies = args.verbose;
    if let (true, Some(proxy)) = (args.verbose, client.proxy_for(&target)) {
        printer.status(&format!("via proxy {}", proxy.shown()));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    // The signer's headers, and each record's own secret headers, are masked in `-v`.
    let redaction = printer.redaction.clone().with_signatures(
        replayer
            .signer
            .iter()
            .flat_map(|s| s.scheme.signature_headers()),
    );
    let masks = RecordMasks::default();
    let realtime = args.realtime;
    let verbose = args.verbose;
    let (jobs, feed) = job_queue((args.concurrency as usize * 2).max(1024));
    std::thread::scope(|scope| {
        let producer = scope.spawn(|| {
            let masks = verbose.then_some((&masks, &redaction));
            produce(selected, &replayer, realtime, masks, jobs)
        });
        let sending = Sending {
            args: &args,
            printer: &printer,
            target: &target,
            redaction: &redaction,
            masks: &masks,
        };
        let outcome = sending.send_all(&runtime, client, feed);
        let warnings = producer
            .join()
            .map_err(|_| anyhow::anyhow!("the capture reader stopped unexpectedly"))??;
        for warning in warnings {
            printer.warn(&warning);
        }
        let (tally, elapsed) = outcome?;
        if tally.total == 0 {
            warn_nothing_matched(&printer, &source_name);
        }
        printer.status(&summary(&tally, &source_name, &target, elapsed));
        let expected = args
            .delivery
            .expect_status
            .clone()
            .unwrap_or_else(StatusExpectation::success);
        Ok(tally.verdict(&target.origin(), &expected)?)
    })
}

/// The masks of records that carry their own secret headers (a verified signature, a
/// credential header), by index, for `-v`; taken once the request is reported.
#[derive(Default)]
struct RecordMasks(std::sync::Mutex<std::collections::HashMap<u64, Redaction>>);

impl RecordMasks {
    fn take(&self, index: u64) -> Option<Redaction> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&index)
    }
}

/// What sending needs to report each request.
struct Sending<'a> {
    args: &'a ReplayArgs,
    printer: &'a Printer,
    target: &'a Target,
    redaction: &'a Redaction,
    masks: &'a RecordMasks,
}

impl Sending<'_> {
    /// Sends every job the reader makes, reporting each as it finishes; returns the tally and
    /// how long it took.
    fn send_all(
        &self,
        runtime: &tokio::runtime::Runtime,
        client: Client,
        feed: runner::Feed,
    ) -> anyhow::Result<(Tally, Duration)> {
        let args = self.args;
        let expected = args
            .delivery
            .expect_status
            .clone()
            .unwrap_or_else(StatusExpectation::success);
        let render = RenderOptions::new(args.delivery.full);
        let mut tally = Tally::default();
        let started = Instant::now();
        let pace = args.rate.map(Pace::per_second);
        let mut print_error = None;
        let mut out = self.printer.batched();
        let origin = self.target.origin();
        runtime.block_on(runner::run(
            client,
            self.target.clone(),
            args.concurrency as usize,
            RetryPolicy::new(args.delivery.retry),
            pace,
            feed,
            |finished| {
                tally.record(&finished.delivered, &expected);
                let masked = self.masks.take(finished.index);
                let look = Look {
                    render: &render,
                    origin: &origin,
                    redaction: masked.as_ref().unwrap_or(self.redaction),
                };
                if let Err(error) = report(&mut out, args, self.target, &finished, &look) {
                    print_error.get_or_insert(error);
                }
            },
        ));
        if let Err(error) = out.flush() {
            print_error.get_or_insert(error);
        }
        match print_error {
            Some(error) => Err(error.into()),
            None => Ok((tally, started.elapsed())),
        }
    }
}

/// How a finished replay is shown.
struct Look<'a> {
    render: &'a RenderOptions,
    origin: &'a str,
    redaction: &'a Redaction,
}

/// Refuses a `--rate` or `--realtime` that paces nothing.
fn check_pacing(args: &ReplayArgs) -> Result<(), Failure> {
    if args.rate.is_some_and(|r| !(r > 0.0 && r.is_finite())) {
        return Err(Failure::usage(
            "--rate takes a positive number of requests per second",
        ));
    }
    if args.realtime.is_some_and(|f| !(f > 0.0 && f.is_finite())) {
        return Err(Failure::usage(
            "--realtime takes a positive factor (1 keeps the captured gaps, 2 halves them)",
        ));
    }
    Ok(())
}

/// Streams the selected captures into jobs, pacing them by their captured gaps for --realtime.
/// Returns what was skipped.
fn produce(
    mut selected: Selected<'_>,
    replayer: &Arc<Replayer>,
    realtime: Option<f64>,
    masks: Option<(&RecordMasks, &Redaction)>,
    mut jobs: JobSender,
) -> anyhow::Result<Vec<String>> {
    let mut clock: Option<(SystemTime, Instant)> = None;
    for capture in selected.by_ref() {
        let capture = capture?;
        if let Some(factor) = realtime {
            if let Ok(at) = humantime::parse_rfc3339_weak(&capture.record.received_at) {
                match clock {
                    None => clock = Some((at, Instant::now())),
                    Some((first_at, first_start)) => {
                        let gap = at
                            .duration_since(first_at)
                            .unwrap_or(Duration::ZERO)
                            .div_f64(factor);
                        let due = first_start + gap;
                        let now = Instant::now();
                        if due > now {
                            std::thread::sleep(due - now);
                        }
                    }
                }
            }
        }
        if let Some((masks, redaction)) = masks {
            let record = &capture.record;
            if record.verification.is_some() || record.auth.is_some() {
                masks
                    .0
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(capture.index as u64, redaction.for_record(record));
            }
        }
        let key = capture.record.id.clone();
        let bytes = capture.record.body.len();
        let build = replayer.builder(capture.record);
        let job = Job {
            index: capture.index as u64,
            key,
            build,
        };
        if jobs.send_blocking(job, bytes).is_err() {
            break;
        }
    }
    // Gone workers have already said why (an interrupt); nothing more to send either way.
    let _ = jobs.finish();
    Ok(selected.take_warnings())
}

/// One `--json` result line; `inspect`'s replay log writes its fields too, so the two read alike.
#[derive(serde::Serialize)]
pub(crate) struct ReplayResult<'a> {
    pub index: u64,
    pub id: &'a str,
    pub method: &'a str,
    pub url: Url<'a>,
    pub status: Option<u16>,
    pub reason: Option<&'a str>,
    pub elapsed_ms: Option<f64>,
    pub attempts: Option<u32>,
    pub error: Option<String>,
}

/// The URL a replay went to, as the target's origin and the request target, written out whole
/// without being put together first (one result line per replayed request).
pub(crate) struct Url<'a>(pub &'a str, pub &'a str);

impl serde::Serialize for Url<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{}{}", self.0, self.1))
    }
}

impl<'a> ReplayResult<'a> {
    /// A capture whose request could not be made: nothing was sent.
    pub(crate) fn not_sent(index: u64, id: &'a str, error: &str) -> Self {
        ReplayResult {
            index,
            id,
            method: "",
            url: Url("", ""),
            status: None,
            reason: None,
            elapsed_ms: None,
            attempts: None,
            error: Some(error.to_string()),
        }
    }

    /// The result of sending `request` (to `origin`): its answer or why none came, how long it
    /// took (rounded to the microsecond) and in how many attempts.
    pub(crate) fn answered(
        index: u64,
        id: &'a str,
        origin: &'a str,
        request: &'a crate::http::client::WireRequest,
        answer: &'a Result<crate::http::client::ReceivedResponse, crate::http::client::ClientError>,
        elapsed: Duration,
        attempts: u32,
    ) -> Self {
        let elapsed_ms = elapsed.as_secs_f64() * 1000.0;
        ReplayResult {
            index,
            id,
            method: &request.method,
            url: Url(origin, &request.target),
            status: answer.as_ref().ok().map(|response| response.status),
            reason: answer
                .as_ref()
                .ok()
                .map(|response| response.reason.as_str()),
            elapsed_ms: Some((elapsed_ms * 1000.0).round() / 1000.0),
            attempts: Some(attempts),
            error: answer.as_ref().err().map(|error| error.to_string()),
        }
    }

    /// Appends the result as one JSON line, without the newline.
    fn write_json(&self, out: &mut Vec<u8>) {
        // Writing into a Vec fails only when a Serialize impl does, and these cannot.
        serde_json::to_writer(out, self).expect("a replay result serializes");
    }
}

/// Writes one finished replay as the user asked: a JSON line, a one-line summary, or (with
/// --verbose) the request and response in full.
fn report(
    out: &mut Batched,
    args: &ReplayArgs,
    target: &Target,
    finished: &Finished,
    look: &Look,
) -> std::io::Result<()> {
    let (render, origin) = (look.render, look.origin);
    match &finished.delivered {
        Err(failure) => {
            if args.json {
                let result =
                    ReplayResult::not_sent(finished.index, &finished.key, &failure.message);
                return out.written_line(|line| result.write_json(line));
            }
            out.line(&format!("#{} {}", finished.index, failure.message.red()))
        }
        Ok(done) => {
            if args.json {
                let result = ReplayResult::answered(
                    finished.index,
                    &finished.key,
                    origin,
                    &done.request,
                    &done.result,
                    done.elapsed,
                    done.attempts,
                );
                return out.written_line(|line| result.write_json(line));
            }
            if args.verbose {
                let request =
                    exchange::request_block(target, &done.request, render, look.redaction);
                let response = match &done.result {
                    Ok(response) => exchange::response_block(response, render, look.redaction),
                    Err(error) => error.to_string().red().to_string(),
                };
                return out.line(&format!("{request}\n{response}"));
            }
            let outcome = match &done.result {
                Ok(response) => status_colored(response.status, &response.reason).to_string(),
                Err(error) => error.to_string().red().to_string(),
            };
            out.line(&format!(
                "#{} {} {} → {outcome} {}",
                finished.index,
                method_colored(&done.request.method),
                done.request.target,
                format_ms(done.elapsed.as_secs_f64() * 1000.0).dimmed()
            ))
        }
    }
}

fn summary(tally: &Tally, source: &str, target: &Target, elapsed: Duration) -> String {
    let mut counts: Vec<String> = tally
        .statuses
        .iter()
        .map(|(status, n)| format!("{} × {status}", group_thousands(*n)))
        .collect();
    counts.extend(
        tally
            .errors
            .iter()
            .map(|(error, n)| format!("{} × {error}", group_thousands(*n))),
    );
    format!(
        "Replayed {} request{} from {source} to {} in {}{}",
        group_thousands(tally.total),
        if tally.total == 1 { "" } else { "s" },
        target_name(target),
        format_ms(elapsed.as_secs_f64() * 1000.0),
        if counts.is_empty() {
            String::new()
        } else {
            format!(": {}", counts.join(", "))
        }
    )
}

/// `--to` as given, without credentials: its origin, and its path when it has one.
fn target_name(target: &Target) -> String {
    let path = target.path_and_query.as_str();
    if path.is_empty() || path == "/" {
        target.origin()
    } else {
        format!("{}{path}", target.origin())
    }
}

fn show_without_sending(
    args: &ReplayArgs,
    mut captures: Selected<'_>,
    source_name: &str,
    replayer: &Replayer,
    tls: &TlsOptions,
    printer: &Printer,
) -> anyhow::Result<u8> {
    let mut shown = 0;
    for capture in captures.by_ref() {
        let capture = capture?;
        shown += 1;
        let request = replayer.request(&capture.record, crate::clock::now())?;
        if args.delivery.curl {
            let proxies = args.delivery.proxy.settings_for(&replayer.target)?;
            printer.out(&crate::http::curl::command(
                &replayer.target,
                &request,
                tls,
                proxies.for_target(&replayer.target),
                &args.delivery.curl_words(),
                &capture.record.id,
            )?)?;
        } else {
            printer.out(&format!(
                "{}",
                format!("# capture {} ({})", capture.index, capture.record.id).dimmed()
            ))?;
            let mut bytes = exchange::dry_run(&request, printer.terminal);
            bytes.push(b'\n');
            printer.out_bytes(&bytes)?;
        }
    }
    for warning in captures.take_warnings() {
        printer.warn(&warning);
    }
    if shown == 0 {
        warn_nothing_matched(printer, source_name);
    }
    Ok(exit::SUCCESS)
}

fn warn_nothing_matched(printer: &Printer, source: &str) {
    printer.warn(&format!(
        "no capture in {source} matched the selection and filters; nothing was sent"
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(result: &ReplayResult) -> String {
        let mut line = Vec::new();
        result.write_json(&mut line);
        String::from_utf8(line).unwrap()
    }

    #[test]
    fn result_lines_are_written_as_before() {
        let sent = ReplayResult {
            index: 1,
            id: "01JBENCH000000000000000000",
            method: "POST",
            url: Url("http://127.0.0.1:8080", "/hooks/0?a=1&b=\"2\""),
            status: Some(200),
            reason: Some("OK"),
            elapsed_ms: Some(2.97),
            attempts: Some(1),
            error: None,
        };
        assert_eq!(
            line(&sent),
            r#"{"index":1,"id":"01JBENCH000000000000000000","method":"POST","url":"http://127.0.0.1:8080/hooks/0?a=1&b=\"2\"","status":200,"reason":"OK","elapsed_ms":2.97,"attempts":1,"error":null}"#
        );
        let not_sent = ReplayResult::not_sent(
            u64::MAX,
            "id with \"quotes\" and \\ and \n",
            "the server closed the connection\tbefore answering é",
        );
        assert_eq!(
            line(&not_sent),
            r#"{"index":18446744073709551615,"id":"id with \"quotes\" and \\ and \n","method":"","url":"","status":null,"reason":null,"elapsed_ms":null,"attempts":null,"error":"the server closed the connection\tbefore answering é"}"#
        );
        let failed = ReplayResult {
            index: 0,
            id: "",
            method: "DELETE",
            url: Url("https://[::1]:1", "/"),
            status: Some(599),
            reason: Some(""),
            elapsed_ms: Some(0.1 + 0.2),
            attempts: Some(u32::MAX),
            error: Some(String::new()),
        };
        assert_eq!(
            line(&failed),
            r#"{"index":0,"id":"","method":"DELETE","url":"https://[::1]:1/","status":599,"reason":"","elapsed_ms":0.30000000000000004,"attempts":4294967295,"error":""}"#
        );
        for (elapsed, written) in [
            (1e-7, "1e-7"),
            (12_345.678, "12345.678"),
            (0.0, "0.0"),
            (1e21, "1e+21"),
        ] {
            let result = ReplayResult {
                elapsed_ms: Some(elapsed),
                error: None,
                url: Url(sent.url.0, sent.url.1),
                ..sent
            };
            assert!(
                line(&result).contains(&format!(",\"elapsed_ms\":{written},")),
                "{elapsed}"
            );
        }
    }
}
