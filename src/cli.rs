//! Every command-line definition of hookcli, in one place. Doc comments here become `--help`,
//! the man pages and the shell completions; the commands read the parsed structs and nothing else.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::capture::filter::{FilterSpec, StatusSet, TimeBound};
use crate::capture::select::Selection;
use crate::exit;
use crate::http::header_ops::{parse_header_op, HeaderOp};
use crate::http::status::{
    parse_status_expectation, parse_status_list, StatusExpectation, StatusList,
};
use crate::payload::items::Item;
use crate::payload::Format;
use crate::sign::{Algorithm, Encoding, HmacSettings, SchemeName, Signer};
use crate::units;

#[derive(Debug, Parser)]
#[command(
    name = "hookcli",
    version,
    about = "Test webhooks from your terminal: capture, inspect and answer HTTP requests",
    long_about = "Test webhooks from your terminal.\n\n\
        `hookcli listen` captures every request sent to a local port, stores it and prints it; \
        `hookcli send` sends test webhooks with any format, auth or signature; \
        `hookcli replay` sends captures again; `hookcli list` and `hookcli show` read them back.",
    after_help = "Exit codes: 0 success, 1 a check failed, 2 usage error or invalid input, 3 network or I/O failure.",
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]
    #[arg(long, global = true, env = "HOOKCLI_STORE", value_name = "PATH")]
    pub store: Option<PathBuf>,

    /// When to use colors on standard output (NO_COLOR in the environment also turns them off)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// For the commands that print headers: whether to show secrets in them.
#[derive(Debug, Clone, Copy, Args)]
pub struct SecretsArgs {
    /// Show credentials and signatures in printed headers instead of masking them
    #[arg(long, display_order = 900)]
    pub show_secrets: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colors when standard output is a terminal and NO_COLOR is not set
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Listen on a local port, capture and print every request, and answer as told
    Listen(Box<ListenArgs>),
    /// List the captures in the store as a table
    List(ListArgs),
    /// Show one capture as `listen` prints it, as its JSON record, or its raw body
    Show(ShowArgs),
    /// Browse the store full-screen in the terminal, following new captures live
    Inspect(InspectArgs),
    /// Send a test webhook to URL in a chosen format, with auth or a signature, and report the answer
    Send(Box<SendArgs>),
    /// List the built-in sample events of `send --template`, or show one
    Templates(TemplatesArgs),
    /// Send captured requests again, byte for byte, to a target
    Replay(Box<ReplayArgs>),
    /// Write captures to a HAR 1.2 file, a Hurl file or a curl script
    Export(ExportArgs),
    /// Append the requests of a HAR file to the store
    Import(ImportArgs),
    /// Empty the store
    Clear(ClearArgs),
    /// Print a shell completion script to standard output
    Completions(CompletionsArgs),
    /// Write the completion scripts and man pages into a folder (for maintainers)
    #[command(hide = true)]
    Generate(GenerateArgs),
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    hookcli listen --port 0\n  \
    hookcli listen --status 403 -H 'Content-Type: text/plain' --body 'Rejected: unknown customer'\n  \
    hookcli listen --status 500,500,200 --delay 250ms\n  \
    hookcli listen --port 0 --count 1 --timeout 30s --json > got.jsonl\n  \
    hookcli listen --verify github --secret-file secret.txt\n  \
    hookcli listen --require-auth basic:hook:s3cret\n  \
    hookcli listen --forward-to http://localhost:3000\n  \
    hookcli listen --relay smee --forward-to http://localhost:3000\n  \
    hookcli listen --tls --tls-ca-out ca.pem")]
pub struct ListenArgs {
    #[command(flatten)]
    pub secrets: SecretsArgs,

    /// The port to listen on; 0 picks a free one (the start-up line on stderr names it)
    #[arg(short, long, default_value_t = 8080)]
    pub port: u16,

    /// The address to listen on; anything but loopback exposes the listener to the network
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// Keep nothing: captures are printed but not written to the store
    #[arg(long)]
    pub no_store: bool,

    /// Print each capture as its JSON record on one line, as stored (for jq)
    #[arg(long, conflicts_with = "quiet")]
    pub json: bool,

    /// Print nothing per request
    #[arg(short, long)]
    pub quiet: bool,

    /// Show the captures in the inspector (as hookcli inspect) while listening, in this
    /// terminal: warnings go to its status line, the address to send to is in its header; q quits both
    #[arg(long, conflicts_with_all = ["json", "no_store"])]
    pub inspect: bool,

    /// Show whole bodies; without it a body is cut to its first 64 KiB on screen
    #[arg(long)]
    pub full: bool,

    /// The status to answer; a list such as 500,500,200 answers each in turn, then keeps the last
    #[arg(long, value_name = "CODE[,CODE...]", default_value = "200", value_parser = parse_status_list)]
    pub status: StatusList,

    /// A header of the answer, 'Name: Value' (repeatable)
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE", value_parser = units::parse_header)]
    pub headers: Vec<(String, String)>,

    /// The body of the answer [default: {"ok":true,"id":"<capture id>"}, "ok":false when the status is not 2xx]
    #[arg(long, value_name = "TEXT", conflicts_with = "body_file")]
    pub body: Option<String>,

    /// Answer with this file's bytes
    #[arg(long, value_name = "PATH")]
    pub body_file: Option<PathBuf>,

    /// Wait this long before answering (250ms, 2s), to test a sender's timeout
    #[arg(long, value_name = "DURATION", value_parser = units::parse_duration)]
    pub delay: Option<Duration>,

    /// Exit 0 once this many requests are captured and answered
    #[arg(short = 'n', long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,

    /// Stop after this long: exit 0, or 1 when --count was given and not reached
    #[arg(long, value_name = "DURATION", value_parser = units::parse_duration)]
    pub timeout: Option<Duration>,

    /// The largest body accepted (1024, 64KiB, 10MiB); a larger one is answered 413
    #[arg(long, value_name = "SIZE", default_value = "10MiB", value_parser = units::parse_size)]
    pub max_body: u64,

    /// Close a connection whose request head has not arrived within this long, or whose body
    /// stalls for this long
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = units::parse_positive_duration)]
    pub header_timeout: Duration,

    #[command(flatten)]
    pub checks: VerifyArgs,

    /// Check every capture with a jq expression (repeatable; all must hold). It sees the record, $json (the body as JSON), $form and $headers; exit 1 when any capture fails one
    #[arg(long = "expect", value_name = "EXPR")]
    pub expect: Vec<String>,

    /// Answer a capture that fails an --expect with 422 and the failed expression
    #[arg(long, requires = "expect")]
    pub expect_reject: bool,

    /// Stop at the first capture that fails an --expect (exit 1)
    #[arg(long, requires = "expect")]
    pub fail_fast: bool,

    /// Send each captured request on to URL (plus its path and query) and answer with the
    /// target's answer: hookcli between a platform and your local app
    #[arg(long, value_name = "URL")]
    pub forward_to: Option<String>,

    /// How long the forwarding target may take before the sender gets a 504
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = units::parse_positive_duration)]
    pub forward_timeout: Duration,

    /// How long opening a connection to the forwarding target may take
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = units::parse_positive_duration)]
    pub connect_timeout: Duration,

    /// Serve HTTPS with a self-signed certificate for localhost and 127.0.0.1, made at start-up
    #[arg(long)]
    pub tls: bool,

    /// Serve HTTPS with this certificate (PEM; implies --tls)
    #[arg(long, value_name = "PATH", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// The private key of --tls-cert (PEM)
    #[arg(long, value_name = "PATH", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Write the certificate clients should trust as PEM (for send --cacert, curl --cacert)
    #[arg(long, value_name = "PATH")]
    pub tls_ca_out: Option<PathBuf>,

    /// Once listening, write {"url", "public_urls", "pid"} to PATH as JSON (whole, through a rename); removed on exit
    #[arg(long, value_name = "PATH")]
    pub ready_file: Option<PathBuf>,

    /// Receive from the internet too, through a relay: smee or webhook.site (a new channel on the public service), KIND:URL (a server of your own, KIND smee, gosmee or webhook.site; an empty path or /new makes a channel) or a smee.io / webhook.site URL (repeatable)
    #[arg(long = "relay", value_name = "RELAY")]
    pub relay: Vec<String>,

    /// Listen on no local port: captures come only from --relay
    #[arg(long, requires = "relay")]
    pub no_local: bool,

    /// How often to ask webhook.site for new requests
    #[arg(long, value_name = "DURATION", default_value = "2s", value_parser = units::parse_positive_duration)]
    pub relay_interval: Duration,

    /// Take webhook.site requests received this long before the start too (default: only newer ones)
    #[arg(long, value_name = "DURATION", value_parser = units::parse_duration)]
    pub relay_since: Option<Duration>,

    /// Answer per route by the [[rule]] tables of a TOML file (read again when it changes)
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// A rule on the command line, 'METHOD PATH => STATUS' ('*' any method; repeatable; tried before the file's)
    #[arg(long = "rule", value_name = "RULE")]
    pub rule: Vec<String>,

    #[command(flatten)]
    pub forward_tls: TlsArgs,

    #[command(flatten)]
    pub forward_proxy: ProxyArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Selectors: 3, 3..7 (both ends included), last, last~N, an id prefix, or all \
    (the default). Rows are printed as they are read.\n\n\
    Examples:\n  \
    hookcli list --last 20\n  \
    hookcli list --method POST --path '/hooks/*' --since 1h\n  \
    hookcli list --grep order.created --status 4xx\n  \
    hookcli list --where '$json.action == \"opened\"' --json\n  \
    hookcli list -f"
)]
pub struct ListArgs {
    /// Only the last N captures of the selection (read from the store's end)
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    pub last: Option<usize>,

    /// Print the records as JSON Lines instead of a table
    #[arg(long)]
    pub json: bool,

    /// After the rows, keep printing captures as they are appended, until Ctrl-C
    #[arg(short, long)]
    pub follow: bool,

    #[command(flatten)]
    pub selection: SelectionArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Selectors: an index from `hookcli list` (3), last, last~N (N before the last), \
    or an id or a unique prefix of one (at least 4 characters). With filters, the last capture \
    that passes them (within the selector's captures, when one is given)."
)]
pub struct ShowArgs {
    #[command(flatten)]
    pub secrets: SecretsArgs,

    /// Print the stored JSON record
    #[arg(long, conflicts_with = "body")]
    pub json: bool,

    /// Write only the raw body bytes, exactly as received (a binary body to a pipe or --output, not to a terminal)
    #[arg(long)]
    pub body: bool,

    /// Write the raw body bytes to FILE instead of standard output
    #[arg(short, long, value_name = "FILE", conflicts_with = "json")]
    pub output: Option<std::path::PathBuf>,

    /// Show the whole body; without it a body is cut to its first 64 KiB on screen
    #[arg(long)]
    pub full: bool,

    #[command(flatten)]
    pub selection: SelectionArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Keys: j/k or the arrows move, PgUp/PgDn a page, g/G the first and the last, \
    Enter the capture's detail (Tab its next tab, Esc back), / a filter as typed \
    (method:POST path:/hooks/* status:4xx since:1h until:TIME where:EXPR, other words as text), \
    c copies the request as a curl command and y its body (OSC 52), r replays it (or the marked ones) to --to, \
    e edits it in $VISUAL/$EDITOR and sends what was saved (signed anew with --sign), \
    s saves its body to a file and x the marked ones to a HAR file, \
    Space marks and d compares two marked, ? all keys, q quit. \
    The list follows new captures while the last one is selected.\n\n\
    Examples:\n  \
    hookcli inspect\n  \
    hookcli inspect --store other.jsonl\n  \
    hookcli inspect --from session.har\n  \
    hookcli inspect --to http://127.0.0.1:3000 --sign github --secret-file secret.txt"
)]
pub struct InspectArgs {
    #[command(flatten)]
    pub secrets: SecretsArgs,

    /// Read the captures of a HAR file or of another store instead of the store
    #[arg(long, value_name = "FILE")]
    pub from: Option<std::path::PathBuf>,

    /// Where r replays captures to, and the curl commands that c copies send to (by default
    /// where the capture was sent: its Host; r and e ask for it when it is not given, t changes it)
    #[arg(long, value_name = "URL")]
    pub to: Option<String>,

    /// How long a replay may take, answer included
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = units::parse_positive_duration)]
    pub timeout: Duration,

    #[command(flatten)]
    pub tls: TlsArgs,

    #[command(flatten)]
    pub proxy: ProxyArgs,

    // r, e and c sign what they send and copy anew, as replay --sign does.
    #[command(flatten)]
    pub signing: SigningArgs,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    hookcli send http://127.0.0.1:8080/hooks event=order.created id:=42\n  \
    hookcli send https://example.com/hook -d @event.json --sign github --secret-file secret.txt\n  \
    hookcli send http://127.0.0.1:8080 --template stripe.payment_intent.succeeded --sign stripe\n  \
    hookcli send http://127.0.0.1:8080 --format xml -d @order.json --xml-root order\n  \
    hookcli send http://127.0.0.1:8080 --multipart note=hello photo@cat.png\n  \
    hookcli send http://127.0.0.1:8080 --retry 3 --expect-status 2xx --json\n  \
    hookcli send http://127.0.0.1:8080 --repeat 1000 --concurrency 20")]
pub struct SendArgs {
    #[command(flatten)]
    pub secrets: SecretsArgs,

    /// The endpoint: http://HOST[:PORT]/PATH or https://...
    pub url: String,

    /// Items that build a JSON object (merged over --data or a template): name=value for a
    /// string, name:=json for raw JSON (count:=3, tags:='["a","b"]'); with --multipart,
    /// name=value is a text part and name@path a file part (name@path;type=image/png)
    #[arg(value_name = "ITEM", value_parser = crate::payload::items::parse_item)]
    pub items: Vec<Item>,

    /// The request method
    #[arg(short = 'X', long, default_value = "POST")]
    pub method: String,

    /// A header, 'Name: Value' (repeatable; a repeated name adds another); 'Name:' removes a
    /// default header, 'Name;' sends it empty
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE", value_parser = parse_header_op)]
    pub headers: Vec<HeaderOp>,

    /// The payload: TEXT, @FILE, or @- for standard input
    #[arg(
        short = 'd',
        long,
        value_name = "TEXT|@FILE|@-",
        conflicts_with = "template"
    )]
    pub data: Option<String>,

    /// The payload's format, which also sets the Content-Type unless -H gives one [default: json]
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// The same as --format multipart: a multipart/form-data body from the items
    #[arg(long, conflicts_with = "format")]
    pub multipart: bool,

    /// The largest file a multipart part may carry (1024, 64KiB, 10MiB); a larger one is
    /// refused before anything is sent
    #[arg(long, value_name = "SIZE", default_value = "100MiB", value_parser = units::parse_size)]
    pub max_upload: u64,

    /// The root element when JSON is converted to XML
    #[arg(long, value_name = "NAME", default_value = "payload")]
    pub xml_root: String,

    /// A built-in sample event with its sender's headers (see `hookcli templates`)
    #[arg(short = 't', long, value_name = "NAME")]
    pub template: Option<String>,

    /// HTTP Basic auth
    #[arg(
        short = 'u',
        long,
        value_name = "USER:PASS",
        env = "HOOKCLI_USER",
        hide_env_values = true
    )]
    pub user: Option<String>,

    /// Authorization: Bearer TOKEN
    #[arg(
        long,
        value_name = "TOKEN",
        env = "HOOKCLI_BEARER",
        hide_env_values = true,
        conflicts_with = "user"
    )]
    pub bearer: Option<String>,

    #[command(flatten)]
    pub signing: SigningArgs,

    /// Also print the request as sent (the same as --print HBhb)
    #[arg(short, long)]
    pub verbose: bool,

    /// What to print: H request headers, B request body, h answer headers, b answer body [default: hb on a terminal; b, the body byte for byte, into a pipe or file]
    #[arg(short = 'p', long = "print", value_name = "HBhb", value_parser = crate::output::exchange::parse_print_parts, conflicts_with_all = ["json", "quiet"])]
    pub print: Option<crate::output::exchange::PrintParts>,

    /// Print the answer as one JSON object (a summary with --repeat)
    #[arg(long, conflicts_with = "quiet")]
    pub json: bool,

    /// Print nothing on standard output; errors still go to standard error
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub delivery: DeliveryArgs,

    /// Send the request N times (fresh ids, timestamps and signatures each)
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    pub repeat: u64,

    /// How many requests are in flight at once with --repeat, each on its own connection
    #[arg(long, value_name = "C", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub concurrency: u64,
}

/// How `send` and `replay` deliver requests and judge the answers.
#[derive(Debug, Clone, Args)]
pub struct DeliveryArgs {
    /// Give up on an attempt after this long (250ms, 30s, 2m): connecting, sending and the answer
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = units::parse_positive_duration)]
    pub timeout: Duration,

    /// Give up on opening a connection (TCP, a proxy's tunnel, TLS) after this long
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = units::parse_positive_duration)]
    pub connect_timeout: Duration,

    /// Follow redirects as curl -L: 301/302/303 turn a POST into a GET without a body, 307/308 keep both; credentials and signatures are not sent to another host
    #[arg(short = 'L', long)]
    pub location: bool,

    /// The most redirects -L follows before giving up (exit 3)
    #[arg(long, value_name = "N", default_value_t = 10, requires = "location")]
    pub max_redirs: usize,

    /// Offer HTTP/2 over TLS (ALPN) and use it when the server picks it. HTTP/2 lowercases header names by protocol: byte-exact header case needs HTTP/1.1, the default
    #[arg(long)]
    pub http2: bool,

    /// Speak HTTP/2 at once to an http:// target (h2c), as curl's flag of the same name
    #[arg(long, conflicts_with = "http2")]
    pub http2_prior_knowledge: bool,

    /// Retry connection failures, timeouts, 5xx and 429 up to N times, with exponential backoff and
    /// jitter, honouring Retry-After
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub retry: u32,

    /// The statuses that count as success: 201, 2xx, 4xx, or a list (200,201,3xx) [default: 2xx]
    #[arg(long, value_name = "STATUSES", value_parser = parse_status_expectation)]
    pub expect_status: Option<StatusExpectation>,

    /// Show whole bodies; without it a body is cut to its first 64 KiB on screen
    #[arg(long)]
    pub full: bool,

    /// Print the exact request bytes that would be sent, and send nothing
    #[arg(long, conflicts_with = "curl")]
    pub dry_run: bool,

    /// Print a curl command line that sends the same request, and send nothing
    #[arg(long)]
    pub curl: bool,

    #[command(flatten)]
    pub tls: TlsArgs,

    #[command(flatten)]
    pub proxy: ProxyArgs,
}

/// How requests are signed (send, replay) or verified (listen).
#[derive(Debug, Clone, Args)]
pub struct SigningArgs {
    /// Sign the body with a provider's scheme
    #[arg(long, value_enum, value_name = "SCHEME")]
    pub sign: Option<SchemeName>,

    /// The signing secret; without it and --secret-file, HOOKCLI_SECRET (a file or the variable keep it out of `ps`)
    #[arg(long, value_name = "SECRET")]
    pub secret: Option<String>,

    /// Read the secret from a file (one trailing newline is ignored)
    #[arg(long, value_name = "PATH", conflicts_with = "secret")]
    pub secret_file: Option<PathBuf>,

    #[command(flatten)]
    pub hmac: HmacArgs,
}

/// The settings of the generic hmac scheme, for signing and verifying alike.
#[derive(Debug, Clone, Args)]
pub struct HmacArgs {
    /// The header of the hmac scheme
    #[arg(long, value_name = "NAME", default_value = "X-Signature")]
    pub sign_header: String,

    /// The hash of the hmac scheme
    #[arg(long, value_enum, value_name = "ALGO", default_value = "sha256")]
    pub sign_algo: Algorithm,

    /// How the hmac scheme writes the digest
    #[arg(long, value_enum, value_name = "ENCODING", default_value = "hex")]
    pub sign_encoding: Encoding,

    /// Text before the digest in the hmac scheme's header (sha256=)
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub sign_prefix: String,
}

impl TlsArgs {
    pub fn options(&self) -> crate::http::tls::TlsOptions {
        crate::http::tls::TlsOptions {
            offer_h2: false,
            h2_prior_knowledge: false,
            insecure: self.insecure,
            ca_file: self.cacert.clone(),
        }
    }
}

impl SigningArgs {
    /// The signer `--sign`, `--secret`/`--secret-file` and the hmac settings ask for, if any.
    pub fn signer(&self) -> Result<Option<Signer>, exit::Failure> {
        let Some(name) = self.sign else {
            return Ok(None);
        };
        // The variable is the fallback: a flag given on the command line wins over it.
        let inline = self.secret.clone().or_else(|| {
            self.secret_file
                .is_none()
                .then(crate::secrets::from_environment)
                .flatten()
        });
        let secret = crate::secrets::secret(inline.as_deref(), self.secret_file.as_deref())?
            .ok_or_else(|| {
                exit::Failure::usage(format!(
                    "--sign {} needs a secret: give --secret, HOOKCLI_SECRET or --secret-file",
                    clap::ValueEnum::to_possible_value(&name)
                        .map(|v| v.get_name().to_string())
                        .unwrap_or_default()
                ))
            })?;
        let scheme = crate::sign::scheme(name, &self.hmac.settings()?);
        let key = scheme.key(&secret).map_err(|e| exit::Failure::usage(e.0))?;
        Ok(Some(Signer { scheme, key }))
    }
}

impl HmacArgs {
    /// The generic hmac scheme's settings, with the header name checked.
    pub fn settings(&self) -> Result<HmacSettings, exit::Failure> {
        if http::HeaderName::from_bytes(self.sign_header.as_bytes()).is_err() {
            return Err(exit::Failure::usage(format!(
                "--sign-header '{}' is not a valid header name",
                self.sign_header
            )));
        }
        Ok(HmacSettings {
            header: self.sign_header.clone(),
            algorithm: self.sign_algo,
            encoding: self.sign_encoding,
            prefix: self.sign_prefix.clone(),
        })
    }
}

/// How `listen` checks senders: signatures and required auth.
#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    /// Verify each request's signature with a provider's scheme; failures are answered 401
    #[arg(long, value_enum, value_name = "SCHEME")]
    pub verify: Option<SchemeName>,

    /// A secret to verify with (repeatable: any one may match, as during a rotation); without it and --secret-file, HOOKCLI_SECRET
    #[arg(long = "secret", value_name = "SECRET")]
    pub secrets: Vec<String>,

    /// Read a secret from a file (repeatable; one trailing newline is ignored)
    #[arg(long = "secret-file", value_name = "PATH")]
    pub secret_files: Vec<PathBuf>,

    /// How old (or new) a signed timestamp may be
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = units::parse_duration)]
    pub tolerance: Duration,

    /// Record and show verification failures, but answer as configured
    #[arg(long)]
    pub verify_report_only: bool,

    #[command(flatten)]
    pub hmac: HmacArgs,

    /// Require credentials: basic:USER:PASS, bearer:TOKEN or header:NAME:VALUE (or HOOKCLI_REQUIRE_AUTH)
    #[arg(
        long,
        value_name = "KIND:VALUE",
        env = "HOOKCLI_REQUIRE_AUTH",
        hide_env_values = true
    )]
    pub require_auth: Option<String>,
}

/// TLS options of the client commands.
#[derive(Debug, Clone, Args)]
pub struct TlsArgs {
    /// Do not verify the server's certificate
    #[arg(short = 'k', long)]
    pub insecure: bool,

    /// Trust the CA certificates in this PEM file as well
    #[arg(long, value_name = "PATH")]
    pub cacert: Option<PathBuf>,
}

/// Through which proxy requests go (read as curl reads them).
#[derive(Debug, Clone, Default, Args)]
pub struct ProxyArgs {
    /// Send through this proxy (http://, socks5://, socks5h://; user:pass@ for credentials); '' for none. Without it: http_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY as curl reads them; loopback targets never use those
    #[arg(long, value_name = "URL")]
    pub proxy: Option<String>,

    /// Hosts that bypass the proxy, added to NO_PROXY (names and their subdomains, IPs, CIDR ranges, host:port, *)
    #[arg(long, value_name = "LIST")]
    pub noproxy: Option<String>,
}

/// A count of 1 or more (`list --last N`).
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("0 selects nothing; give 1 or more".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("'{text}' is not a number of captures")),
    }
}

impl DeliveryArgs {
    /// The curl options for these settings, so a `--curl` line does what hookcli would:
    /// redirects, both timeouts, proxy exceptions.
    pub fn curl_words(&self) -> Vec<String> {
        crate::http::curl::option_words(
            self.location.then_some(self.max_redirs),
            self.connect_timeout,
            self.timeout,
            self.proxy.noproxy.as_deref(),
        )
    }

    /// TLS and the HTTP version to speak, as the client and a curl line use them.
    pub fn tls_options(&self) -> crate::http::tls::TlsOptions {
        crate::http::tls::TlsOptions {
            // Over TLS, prior knowledge of HTTP/2 is offered in ALPN, as curl does.
            offer_h2: self.http2 || self.http2_prior_knowledge,
            h2_prior_knowledge: self.http2_prior_knowledge,
            ..self.tls.options()
        }
    }

    /// The client for `target` with these settings: TLS, proxies, timeouts, and redirects
    /// followed with `-L` (the signer's signature headers stay with the original host).
    pub fn client(
        &self,
        target: &crate::http::client::Target,
        signer: Option<&crate::sign::Signer>,
    ) -> Result<crate::http::client::Client, crate::exit::Failure> {
        let sensitive = signer
            .iter()
            .flat_map(|s| s.scheme.signature_headers())
            .map(|name| name.to_ascii_lowercase())
            .collect();
        let mut client =
            crate::http::client::Client::new(target, &self.tls_options(), self.timeout)?
                .with_proxies(self.proxy.settings_for(target)?);
        client.connect_timeout = self.connect_timeout;
        client.redirects = self.location.then(|| {
            std::sync::Arc::new(crate::http::client::RedirectSettings {
                max: self.max_redirs,
                sensitive,
            })
        });
        Ok(client)
    }
}

impl ProxyArgs {
    /// The proxies for requests to `target`, refusing a proxy variable that applies to it and
    /// does not parse.
    pub fn settings_for(
        &self,
        target: &crate::http::client::Target,
    ) -> Result<crate::http::proxy::ProxySettings, crate::exit::Failure> {
        let settings = self.settings()?;
        settings.check(target)?;
        Ok(settings)
    }

    /// The proxies in force: these flags, then the environment.
    pub fn settings(&self) -> Result<crate::http::proxy::ProxySettings, crate::exit::Failure> {
        crate::http::proxy::ProxySettings::from_environment(
            self.proxy.as_deref(),
            self.noproxy.as_deref(),
        )
    }
}

/// Which captures: selectors and filters, the same for `list`, `show`, `replay` and `export`.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Selection")]
pub struct SelectionArgs {
    /// Captures by index (3), range (3..7), last, last~N, id prefix, or all
    #[arg(value_name = "SELECTOR")]
    pub selectors: Vec<String>,

    /// Only captures with this method
    #[arg(long, value_name = "METHOD")]
    pub method: Option<String>,

    /// Only captures whose path matches this glob (* and ?)
    #[arg(long, value_name = "GLOB")]
    pub path: Option<String>,

    /// Only captures received since then: a duration before now (10m, 2h) or an RFC 3339 time
    #[arg(long, value_name = "WHEN", value_parser = TimeBound::parse)]
    pub since: Option<TimeBound>,

    /// Only captures received until then: a duration before now (10m, 2h) or an RFC 3339 time
    #[arg(long, value_name = "WHEN", value_parser = TimeBound::parse)]
    pub until: Option<TimeBound>,

    /// Only captures answered with these statuses: 201, 4xx, or a list (200,3xx)
    #[arg(long, value_name = "STATUSES", value_parser = StatusSet::parse)]
    pub status: Option<StatusSet>,

    /// Only captures with TEXT in the path, query, a header value or the body (case-sensitive)
    #[arg(long, value_name = "TEXT")]
    pub grep: Option<String>,

    /// Only captures for which a jq expression's first output is truthy: the record is `.`,
    /// with $json, $form and $headers as in `listen --expect`
    #[arg(long = "where", value_name = "EXPR")]
    pub where_expr: Option<String>,
}

impl SelectionArgs {
    /// The selection these arguments describe, validated (a bad selector or `--where` is exit 2).
    pub fn selection(&self) -> Result<Selection, exit::Failure> {
        Selection::new(
            &self.selectors,
            FilterSpec {
                method: self.method.clone(),
                path: self.path.clone(),
                since: self.since,
                until: self.until,
                status: self.status.clone(),
                grep: self.grep.clone(),
                query: self.where_expr.clone(),
            },
        )
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "Selectors: 3, 3..7 (both ends included), last, last~N, an id prefix, or all. \
    Without a selector: the last capture, or every capture that passes the filters.\n\n\
    Examples:\n  \
    hookcli replay --to http://localhost:3000\n  \
    hookcli replay all --to http://localhost:3000/api --concurrency 8\n  \
    hookcli replay --path '/hooks/*' --since 1h --to http://localhost:3000 --sign github --secret-file s\n  \
    hookcli replay 3..7 --to http://localhost:3000 --realtime 2\n  \
    hookcli replay --from session.har all --to http://localhost:3000 --curl"
)]
pub struct ReplayArgs {
    #[command(flatten)]
    pub secrets: SecretsArgs,

    /// The base URL: each capture's path and query are appended to it
    #[arg(long, value_name = "URL")]
    pub to: String,

    /// Send to --to exactly, ignoring the captured path and query
    #[arg(long)]
    pub exact_url: bool,

    /// Read captures from this hookcli store or HAR file instead of the store
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,

    /// Add or override a header, 'Name: Value' ('Name:' removes it)
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE", value_parser = parse_header_op)]
    pub headers: Vec<HeaderOp>,

    /// Remove a captured header (repeatable)
    #[arg(long, value_name = "NAME")]
    pub drop_header: Vec<String>,

    #[command(flatten)]
    pub signing: SigningArgs,

    /// How many requests are in flight at once
    #[arg(long, value_name = "C", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub concurrency: u64,

    /// At most N requests started per second
    #[arg(long, value_name = "N", conflicts_with = "realtime")]
    pub rate: Option<f64>,

    /// Keep the captured gaps between requests; FACTOR 2 replays twice as fast
    #[arg(long, value_name = "FACTOR", num_args = 0..=1, default_missing_value = "1")]
    pub realtime: Option<f64>,

    /// Print every request and response in full
    #[arg(short, long)]
    pub verbose: bool,

    /// Print one JSON result per request (NDJSON)
    #[arg(long, conflicts_with = "verbose")]
    pub json: bool,

    #[command(flatten)]
    pub delivery: DeliveryArgs,

    #[command(flatten)]
    pub selection: SelectionArgs,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("format").required(true).args(["har", "hurl", "curl"]))]
pub struct ExportArgs {
    /// The HAR file to write ('-' for standard output)
    #[arg(long, value_name = "FILE")]
    pub har: Option<PathBuf>,

    /// A Hurl file that sends the captures again and checks each status ('-' for standard output)
    #[arg(long, value_name = "FILE")]
    pub hurl: Option<PathBuf>,

    /// A shell script of curl commands, run as BASE_URL=http://host:port sh FILE ('-' for stdout)
    #[arg(long, value_name = "FILE")]
    pub curl: Option<PathBuf>,

    /// Read captures from this hookcli store or HAR file instead of the store
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,

    #[command(flatten)]
    pub selection: SelectionArgs,
}

impl ExportArgs {
    /// The format chosen and the file to write it to (clap requires exactly one).
    pub fn output(&self) -> (crate::export::Format, PathBuf) {
        use crate::export::Format;
        match (&self.har, &self.hurl, &self.curl) {
            (_, Some(file), _) => (Format::Hurl, file.clone()),
            (_, _, Some(file)) => (Format::Curl, file.clone()),
            (har, _, _) => (Format::Har, har.clone().unwrap_or_default()),
        }
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A HAR 1.2 file, as browsers' developer tools, ngrok, Charles or mitmproxy export
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ClearArgs {
    /// Do not ask; needed when there is no terminal to ask on
    #[arg(short, long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    #[command(subcommand)]
    pub action: Option<TemplatesAction>,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// Print one template: its headers and its body
    Show {
        /// The template's name, as `hookcli templates` lists it
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The folder that receives completions/ and man/
    #[arg(value_name = "DIR")]
    pub out_dir: PathBuf,
}

/// Parses the process's arguments. A usage error is printed as one line and returned as exit 2;
/// `--help` and `--version` print and return success.
pub fn parse() -> Result<Cli, ExitCode> {
    match Cli::try_parse() {
        Ok(cli) => Ok(cli),
        Err(error) => {
            use clap::error::ErrorKind;
            match error.kind() {
                ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    let code =
                        if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                            exit::USAGE
                        } else {
                            exit::SUCCESS
                        };
                    // A help that could not be written is a failure to say so (a closed pipe,
                    // `hookcli --help | head`, is not).
                    let stream = if error.use_stderr() {
                        "standard error"
                    } else {
                        "standard output"
                    };
                    match error.print() {
                        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                            use std::io::Write;
                            // Said where it can be; stderr may be what failed.
                            let _ = writeln!(
                                std::io::stderr(),
                                "hookcli: error: cannot write {stream}: {}",
                                exit::plain_io(&e)
                            );
                            Err(ExitCode::from(exit::IO))
                        }
                        _ => Err(ExitCode::from(code)),
                    }
                }
                ErrorKind::ValueValidation => {
                    // clap's message repeats the value, and a value may be a secret (a token in
                    // a header); ours say what is wrong without it.
                    let argument = match error.get(clap::error::ContextKind::InvalidArg) {
                        Some(clap::error::ContextValue::String(name)) => name.clone(),
                        _ => "an argument".to_string(),
                    };
                    let reason = std::error::Error::source(&error)
                        .map(|s| s.to_string())
                        .unwrap_or_default();
                    eprintln!(
                        "hookcli: error: invalid value for '{argument}': {reason}; see '{}'",
                        help_command()
                    );
                    Err(ExitCode::from(exit::USAGE))
                }
                _ => {
                    eprintln!(
                        "hookcli: {}",
                        one_line_usage_error(&error.render().to_string())
                    );
                    Err(ExitCode::from(exit::USAGE))
                }
            }
        }
    }
}

/// clap explains a usage error over several lines (the error, the arguments, a usage line and a tip);
/// scripts and people both read one line better, so its first paragraph is joined into one.
fn one_line_usage_error(rendered: &str) -> String {
    let first_paragraph: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .take_while(|line| !line.is_empty())
        .collect();
    let mut line = first_paragraph.join(" ");
    if let Some(tip) = rendered
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("tip:"))
    {
        line.push_str(" (");
        line.push_str(tip);
        line.push(')');
    }
    line.push_str(&format!("; see '{}'", help_command()));
    line
}

/// `hookcli send --help` when the command line names a subcommand, else `hookcli --help`.
fn help_command() -> String {
    let command = Cli::command();
    let named = std::env::args().skip(1).find_map(|word| {
        command
            .get_subcommands()
            .find(|sub| sub.get_name() == word || sub.get_all_aliases().any(|a| a == word))
            .map(|sub| sub.get_name().to_string())
    });
    match named {
        Some(name) => format!("hookcli {name} --help"),
        None => "hookcli --help".to_string(),
    }
}

/// The clap command tree, for completions and man pages.
pub fn command() -> clap::Command {
    Cli::command()
}
