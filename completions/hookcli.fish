# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_hookcli_global_optspecs
    string join \n store= color= h/help V/version
end

function __fish_hookcli_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_hookcli_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_hookcli_using_subcommand
    set -l cmd (__fish_hookcli_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c hookcli -n "__fish_hookcli_needs_command" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_needs_command" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_needs_command" -s V -l version -d 'Print version'
complete -c hookcli -n "__fish_hookcli_needs_command" -f -a "listen" -d 'Listen on a local port, capture and print every request, and answer as told'
complete -c hookcli -n "__fish_hookcli_needs_command" -f -a "list" -d 'List the captures in the store as a table'
complete -c hookcli -n "__fish_hookcli_needs_command" -f -a "show" -d 'Show one capture as `listen` prints it, as its JSON record, or its raw body'
complete -c hookcli -n "__fish_hookcli_needs_command" -f -a "inspect" -d 'Browse the store full-screen in the terminal, following new captures live'
complete -c hookcli -n "__fish_hookcli_needs_command" -f -a "send" -d 'Send a test webhook to URL in a chosen format, with auth or a signature, and report the answer'
complete -c hookcli -n "__fish_hookcli_needs_command" -f -a "templates" -d 'List the built-in sample events of `send --template`, or show one'
complete -c hookcli -n "__fish_hookcli_needs_command" -f -a "replay" -d 'Send captured requests again, byte for byte, to a target'
complete -c hookcli -n "__fish_hookcli_needs_command" -f -a "export" -d 'Write captures to a HAR 1.2 file, a Hurl file or a curl script'
complete -c hookcli -n "__fish_hookcli_needs_command" -f -a "import" -d 'Append the requests of a HAR file to the store'
complete -c hookcli -n "__fish_hookcli_needs_command" -f -a "clear" -d 'Empty the store'
complete -c hookcli -n "__fish_hookcli_needs_command" -f -a "completions" -d 'Print a shell completion script to standard output'
complete -c hookcli -n "__fish_hookcli_needs_command" -f -a "generate" -d 'Write the completion scripts and man pages into a folder (for maintainers)'
complete -c hookcli -n "__fish_hookcli_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -s p -l port -d 'The port to listen on; 0 picks a free one (the start-up line on stderr names it)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l host -d 'The address to listen on; anything but loopback exposes the listener to the network' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l status -d 'The status to answer; a list such as 500,500,200 answers each in turn, then keeps the last' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -s H -l header -d 'A header of the answer, \'Name: Value\' (repeatable)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l body -d 'The body of the answer [default: {"ok":true,"id":"<capture id>"}, "ok":false when the status is not 2xx]' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l body-file -d 'Answer with this file\'s bytes' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l delay -d 'Wait this long before answering (250ms, 2s), to test a sender\'s timeout' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -s n -l count -d 'Exit 0 once this many requests are captured and answered' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l timeout -d 'Stop after this long: exit 0, or 1 when --count was given and not reached' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l max-body -d 'The largest body accepted (1024, 64KiB, 10MiB); a larger one is answered 413' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l header-timeout -d 'Close a connection whose request head has not arrived within this long, or whose body stalls for this long' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l verify -d 'Verify each request\'s signature with a provider\'s scheme; failures are answered 401' -r -f -a "github\t'X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>'
stripe\t'Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">'
standard\t'Standard Webhooks (Svix): webhook-id, webhook-timestamp, webhook-signature: v1,<base64>'
shopify\t'X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>'
slack\t'X-Slack-Request-Timestamp and X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:ts:body">'
hmac\t'Any HMAC of the body: --sign-header, --sign-algo, --sign-encoding, --sign-prefix'"
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l secret -d 'A secret to verify with (repeatable: any one may match, as during a rotation); without it and --secret-file, HOOKCLI_SECRET' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l secret-file -d 'Read a secret from a file (repeatable; one trailing newline is ignored)' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l tolerance -d 'How old (or new) a signed timestamp may be' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l sign-header -d 'The header of the hmac scheme' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l sign-algo -d 'The hash of the hmac scheme' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l sign-encoding -d 'How the hmac scheme writes the digest' -r -f -a "hex\t''
base64\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l sign-prefix -d 'Text before the digest in the hmac scheme\'s header (sha256=)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l require-auth -d 'Require credentials: basic:USER:PASS, bearer:TOKEN or header:NAME:VALUE (or HOOKCLI_REQUIRE_AUTH)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l expect -d 'Check every capture with a jq expression (repeatable; all must hold). It sees the record, $json (the body as JSON), $form and $headers; exit 1 when any capture fails one' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l forward-to -d 'Send each captured request on to URL (plus its path and query) and answer with the target\'s answer: hookcli between a platform and your local app' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l forward-timeout -d 'How long the forwarding target may take before the sender gets a 504' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l connect-timeout -d 'How long opening a connection to the forwarding target may take' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l tls-cert -d 'Serve HTTPS with this certificate (PEM; implies --tls)' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l tls-key -d 'The private key of --tls-cert (PEM)' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l tls-ca-out -d 'Write the certificate clients should trust as PEM (for send --cacert, curl --cacert)' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l ready-file -d 'Once listening, write {"url", "public_urls", "pid"} to PATH as JSON (whole, through a rename); removed on exit' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l relay -d 'Receive from the internet too, through a relay: smee or webhook.site (a new channel on the public service), KIND:URL (a server of your own, KIND smee, gosmee or webhook.site; an empty path or /new makes a channel) or a smee.io / webhook.site URL (repeatable)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l relay-interval -d 'How often to ask webhook.site for new requests' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l relay-since -d 'Take webhook.site requests received this long before the start too (default: only newer ones)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l rules -d 'Answer per route by the [[rule]] tables of a TOML file (read again when it changes)' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l rule -d 'A rule on the command line, \'METHOD PATH => STATUS\' (\'*\' any method; repeatable; tried before the file\'s)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l cacert -d 'Trust the CA certificates in this PEM file as well' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l proxy -d 'Send through this proxy (http://, socks5://, socks5h://; user:pass@ for credentials); \'\' for none. Without it: http_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY as curl reads them; loopback targets never use those' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l noproxy -d 'Hosts that bypass the proxy, added to NO_PROXY (names and their subdomains, IPs, CIDR ranges, host:port, *)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l show-secrets -d 'Show credentials and signatures in printed headers instead of masking them'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l no-store -d 'Keep nothing: captures are printed but not written to the store'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l json -d 'Print each capture as its JSON record on one line, as stored (for jq)'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -s q -l quiet -d 'Print nothing per request'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l inspect -d 'Show the captures in the inspector (as hookcli inspect) while listening, in this terminal: warnings go to its status line, the address to send to is in its header; q quits both'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l full -d 'Show whole bodies; without it a body is cut to its first 64 KiB on screen'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l verify-report-only -d 'Record and show verification failures, but answer as configured'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l expect-reject -d 'Answer a capture that fails an --expect with 422 and the failed expression'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l fail-fast -d 'Stop at the first capture that fails an --expect (exit 1)'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l tls -d 'Serve HTTPS with a self-signed certificate for localhost and 127.0.0.1, made at start-up'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l no-local -d 'Listen on no local port: captures come only from --relay'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -s k -l insecure -d 'Do not verify the server\'s certificate'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -s V -l version -d 'Print version'
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -l last -d 'Only the last N captures of the selection (read from the store\'s end)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -l method -d 'Only captures with this method' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -l path -d 'Only captures whose path matches this glob (* and ?)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -l since -d 'Only captures received since then: a duration before now (10m, 2h) or an RFC 3339 time' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -l until -d 'Only captures received until then: a duration before now (10m, 2h) or an RFC 3339 time' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -l status -d 'Only captures answered with these statuses: 201, 4xx, or a list (200,3xx)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -l grep -d 'Only captures with TEXT in the path, query, a header value or the body (case-sensitive)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -l where -d 'Only captures for which a jq expression\'s first output is truthy: the record is `.`, with $json, $form and $headers as in `listen --expect`' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -l json -d 'Print the records as JSON Lines instead of a table'
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -s f -l follow -d 'After the rows, keep printing captures as they are appended, until Ctrl-C'
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -s V -l version -d 'Print version'
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -s o -l output -d 'Write the raw body bytes to FILE instead of standard output' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l method -d 'Only captures with this method' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l path -d 'Only captures whose path matches this glob (* and ?)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l since -d 'Only captures received since then: a duration before now (10m, 2h) or an RFC 3339 time' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l until -d 'Only captures received until then: a duration before now (10m, 2h) or an RFC 3339 time' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l status -d 'Only captures answered with these statuses: 201, 4xx, or a list (200,3xx)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l grep -d 'Only captures with TEXT in the path, query, a header value or the body (case-sensitive)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l where -d 'Only captures for which a jq expression\'s first output is truthy: the record is `.`, with $json, $form and $headers as in `listen --expect`' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l show-secrets -d 'Show credentials and signatures in printed headers instead of masking them'
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l json -d 'Print the stored JSON record'
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l body -d 'Write only the raw body bytes, exactly as received (a binary body to a pipe or --output, not to a terminal)'
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l full -d 'Show the whole body; without it a body is cut to its first 64 KiB on screen'
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -s V -l version -d 'Print version'
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -l from -d 'Read the captures of a HAR file or of another store instead of the store' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -l to -d 'Where r replays captures to, and the curl commands that c copies send to (by default where the capture was sent: its Host; r and e ask for it when it is not given, t changes it)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -l timeout -d 'How long a replay may take, answer included' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -l cacert -d 'Trust the CA certificates in this PEM file as well' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -l proxy -d 'Send through this proxy (http://, socks5://, socks5h://; user:pass@ for credentials); \'\' for none. Without it: http_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY as curl reads them; loopback targets never use those' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -l noproxy -d 'Hosts that bypass the proxy, added to NO_PROXY (names and their subdomains, IPs, CIDR ranges, host:port, *)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -l sign -d 'Sign the body with a provider\'s scheme' -r -f -a "github\t'X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>'
stripe\t'Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">'
standard\t'Standard Webhooks (Svix): webhook-id, webhook-timestamp, webhook-signature: v1,<base64>'
shopify\t'X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>'
slack\t'X-Slack-Request-Timestamp and X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:ts:body">'
hmac\t'Any HMAC of the body: --sign-header, --sign-algo, --sign-encoding, --sign-prefix'"
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -l secret -d 'The signing secret; without it and --secret-file, HOOKCLI_SECRET (a file or the variable keep it out of `ps`)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -l secret-file -d 'Read the secret from a file (one trailing newline is ignored)' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -l sign-header -d 'The header of the hmac scheme' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -l sign-algo -d 'The hash of the hmac scheme' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -l sign-encoding -d 'How the hmac scheme writes the digest' -r -f -a "hex\t''
base64\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -l sign-prefix -d 'Text before the digest in the hmac scheme\'s header (sha256=)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -l show-secrets -d 'Show credentials and signatures in printed headers instead of masking them'
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -s k -l insecure -d 'Do not verify the server\'s certificate'
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -s X -l method -d 'The request method' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -s H -l header -d 'A header, \'Name: Value\' (repeatable; a repeated name adds another); \'Name:\' removes a default header, \'Name;\' sends it empty' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -s d -l data -d 'The payload: TEXT, @FILE, or @- for standard input' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l format -d 'The payload\'s format, which also sets the Content-Type unless -H gives one [default: json]' -r -f -a "json\t'application/json'
xml\t'application/xml; JSON data and items are converted'
form\t'application/x-www-form-urlencoded, from items or a flat JSON object'
text\t'text/plain'
raw\t'the bytes as given, application/octet-stream'
multipart\t'multipart/form-data from items: name=value text parts, name@path file parts'"
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l max-upload -d 'The largest file a multipart part may carry (1024, 64KiB, 10MiB); a larger one is refused before anything is sent' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l xml-root -d 'The root element when JSON is converted to XML' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -s t -l template -d 'A built-in sample event with its sender\'s headers (see `hookcli templates`)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -s u -l user -d 'HTTP Basic auth' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l bearer -d 'Authorization: Bearer TOKEN' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l sign -d 'Sign the body with a provider\'s scheme' -r -f -a "github\t'X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>'
stripe\t'Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">'
standard\t'Standard Webhooks (Svix): webhook-id, webhook-timestamp, webhook-signature: v1,<base64>'
shopify\t'X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>'
slack\t'X-Slack-Request-Timestamp and X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:ts:body">'
hmac\t'Any HMAC of the body: --sign-header, --sign-algo, --sign-encoding, --sign-prefix'"
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l secret -d 'The signing secret; without it and --secret-file, HOOKCLI_SECRET (a file or the variable keep it out of `ps`)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l secret-file -d 'Read the secret from a file (one trailing newline is ignored)' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l sign-header -d 'The header of the hmac scheme' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l sign-algo -d 'The hash of the hmac scheme' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l sign-encoding -d 'How the hmac scheme writes the digest' -r -f -a "hex\t''
base64\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l sign-prefix -d 'Text before the digest in the hmac scheme\'s header (sha256=)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -s p -l print -d 'What to print: H request headers, B request body, h answer headers, b answer body [default: hb on a terminal; b, the body byte for byte, into a pipe or file]' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l timeout -d 'Give up on an attempt after this long (250ms, 30s, 2m): connecting, sending and the answer' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l connect-timeout -d 'Give up on opening a connection (TCP, a proxy\'s tunnel, TLS) after this long' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l max-redirs -d 'The most redirects -L follows before giving up (exit 3)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l retry -d 'Retry connection failures, timeouts, 5xx and 429 up to N times, with exponential backoff and jitter, honouring Retry-After' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l expect-status -d 'The statuses that count as success: 201, 2xx, 4xx, or a list (200,201,3xx) [default: 2xx]' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l cacert -d 'Trust the CA certificates in this PEM file as well' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l proxy -d 'Send through this proxy (http://, socks5://, socks5h://; user:pass@ for credentials); \'\' for none. Without it: http_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY as curl reads them; loopback targets never use those' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l noproxy -d 'Hosts that bypass the proxy, added to NO_PROXY (names and their subdomains, IPs, CIDR ranges, host:port, *)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l repeat -d 'Send the request N times (fresh ids, timestamps and signatures each)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l concurrency -d 'How many requests are in flight at once with --repeat, each on its own connection' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l show-secrets -d 'Show credentials and signatures in printed headers instead of masking them'
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l multipart -d 'The same as --format multipart: a multipart/form-data body from the items'
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -s v -l verbose -d 'Also print the request as sent (the same as --print HBhb)'
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l json -d 'Print the answer as one JSON object (a summary with --repeat)'
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -s q -l quiet -d 'Print nothing on standard output; errors still go to standard error'
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -s L -l location -d 'Follow redirects as curl -L: 301/302/303 turn a POST into a GET without a body, 307/308 keep both; credentials and signatures are not sent to another host'
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l http2 -d 'Offer HTTP/2 over TLS (ALPN) and use it when the server picks it. HTTP/2 lowercases header names by protocol: byte-exact header case needs HTTP/1.1, the default'
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l http2-prior-knowledge -d 'Speak HTTP/2 at once to an http:// target (h2c), as curl\'s flag of the same name'
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l full -d 'Show whole bodies; without it a body is cut to its first 64 KiB on screen'
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l dry-run -d 'Print the exact request bytes that would be sent, and send nothing'
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -l curl -d 'Print a curl command line that sends the same request, and send nothing'
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -s k -l insecure -d 'Do not verify the server\'s certificate'
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_using_subcommand send" -s V -l version -d 'Print version'
complete -c hookcli -n "__fish_hookcli_using_subcommand templates; and not __fish_seen_subcommand_from show help" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand templates; and not __fish_seen_subcommand_from show help" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand templates; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_using_subcommand templates; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c hookcli -n "__fish_hookcli_using_subcommand templates; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print one template: its headers and its body'
complete -c hookcli -n "__fish_hookcli_using_subcommand templates; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hookcli -n "__fish_hookcli_using_subcommand templates; and __fish_seen_subcommand_from show" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand templates; and __fish_seen_subcommand_from show" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand templates; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_using_subcommand templates; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c hookcli -n "__fish_hookcli_using_subcommand templates; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print one template: its headers and its body'
complete -c hookcli -n "__fish_hookcli_using_subcommand templates; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l to -d 'The base URL: each capture\'s path and query are appended to it' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l from -d 'Read captures from this hookcli store or HAR file instead of the store' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -s H -l header -d 'Add or override a header, \'Name: Value\' (\'Name:\' removes it)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l drop-header -d 'Remove a captured header (repeatable)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l sign -d 'Sign the body with a provider\'s scheme' -r -f -a "github\t'X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>'
stripe\t'Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">'
standard\t'Standard Webhooks (Svix): webhook-id, webhook-timestamp, webhook-signature: v1,<base64>'
shopify\t'X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>'
slack\t'X-Slack-Request-Timestamp and X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:ts:body">'
hmac\t'Any HMAC of the body: --sign-header, --sign-algo, --sign-encoding, --sign-prefix'"
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l secret -d 'The signing secret; without it and --secret-file, HOOKCLI_SECRET (a file or the variable keep it out of `ps`)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l secret-file -d 'Read the secret from a file (one trailing newline is ignored)' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l sign-header -d 'The header of the hmac scheme' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l sign-algo -d 'The hash of the hmac scheme' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l sign-encoding -d 'How the hmac scheme writes the digest' -r -f -a "hex\t''
base64\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l sign-prefix -d 'Text before the digest in the hmac scheme\'s header (sha256=)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l concurrency -d 'How many requests are in flight at once' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l rate -d 'At most N requests started per second' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l realtime -d 'Keep the captured gaps between requests; FACTOR 2 replays twice as fast' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l timeout -d 'Give up on an attempt after this long (250ms, 30s, 2m): connecting, sending and the answer' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l connect-timeout -d 'Give up on opening a connection (TCP, a proxy\'s tunnel, TLS) after this long' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l max-redirs -d 'The most redirects -L follows before giving up (exit 3)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l retry -d 'Retry connection failures, timeouts, 5xx and 429 up to N times, with exponential backoff and jitter, honouring Retry-After' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l expect-status -d 'The statuses that count as success: 201, 2xx, 4xx, or a list (200,201,3xx) [default: 2xx]' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l cacert -d 'Trust the CA certificates in this PEM file as well' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l proxy -d 'Send through this proxy (http://, socks5://, socks5h://; user:pass@ for credentials); \'\' for none. Without it: http_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY as curl reads them; loopback targets never use those' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l noproxy -d 'Hosts that bypass the proxy, added to NO_PROXY (names and their subdomains, IPs, CIDR ranges, host:port, *)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l method -d 'Only captures with this method' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l path -d 'Only captures whose path matches this glob (* and ?)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l since -d 'Only captures received since then: a duration before now (10m, 2h) or an RFC 3339 time' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l until -d 'Only captures received until then: a duration before now (10m, 2h) or an RFC 3339 time' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l status -d 'Only captures answered with these statuses: 201, 4xx, or a list (200,3xx)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l grep -d 'Only captures with TEXT in the path, query, a header value or the body (case-sensitive)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l where -d 'Only captures for which a jq expression\'s first output is truthy: the record is `.`, with $json, $form and $headers as in `listen --expect`' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l show-secrets -d 'Show credentials and signatures in printed headers instead of masking them'
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l exact-url -d 'Send to --to exactly, ignoring the captured path and query'
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -s v -l verbose -d 'Print every request and response in full'
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l json -d 'Print one JSON result per request (NDJSON)'
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -s L -l location -d 'Follow redirects as curl -L: 301/302/303 turn a POST into a GET without a body, 307/308 keep both; credentials and signatures are not sent to another host'
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l http2 -d 'Offer HTTP/2 over TLS (ALPN) and use it when the server picks it. HTTP/2 lowercases header names by protocol: byte-exact header case needs HTTP/1.1, the default'
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l http2-prior-knowledge -d 'Speak HTTP/2 at once to an http:// target (h2c), as curl\'s flag of the same name'
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l full -d 'Show whole bodies; without it a body is cut to its first 64 KiB on screen'
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l dry-run -d 'Print the exact request bytes that would be sent, and send nothing'
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -l curl -d 'Print a curl command line that sends the same request, and send nothing'
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -s k -l insecure -d 'Do not verify the server\'s certificate'
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_using_subcommand replay" -s V -l version -d 'Print version'
complete -c hookcli -n "__fish_hookcli_using_subcommand export" -l har -d 'The HAR file to write (\'-\' for standard output)' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand export" -l hurl -d 'A Hurl file that sends the captures again and checks each status (\'-\' for standard output)' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand export" -l curl -d 'A shell script of curl commands, run as BASE_URL=http://host:port sh FILE (\'-\' for stdout)' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand export" -l from -d 'Read captures from this hookcli store or HAR file instead of the store' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand export" -l method -d 'Only captures with this method' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand export" -l path -d 'Only captures whose path matches this glob (* and ?)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand export" -l since -d 'Only captures received since then: a duration before now (10m, 2h) or an RFC 3339 time' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand export" -l until -d 'Only captures received until then: a duration before now (10m, 2h) or an RFC 3339 time' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand export" -l status -d 'Only captures answered with these statuses: 201, 4xx, or a list (200,3xx)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand export" -l grep -d 'Only captures with TEXT in the path, query, a header value or the body (case-sensitive)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand export" -l where -d 'Only captures for which a jq expression\'s first output is truthy: the record is `.`, with $json, $form and $headers as in `listen --expect`' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand export" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand export" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_using_subcommand export" -s V -l version -d 'Print version'
complete -c hookcli -n "__fish_hookcli_using_subcommand import" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand import" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_using_subcommand import" -s V -l version -d 'Print version'
complete -c hookcli -n "__fish_hookcli_using_subcommand clear" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand clear" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand clear" -s y -l yes -d 'Do not ask; needed when there is no terminal to ask on'
complete -c hookcli -n "__fish_hookcli_using_subcommand clear" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_using_subcommand clear" -s V -l version -d 'Print version'
complete -c hookcli -n "__fish_hookcli_using_subcommand completions" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand completions" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_using_subcommand completions" -s V -l version -d 'Print version'
complete -c hookcli -n "__fish_hookcli_using_subcommand generate" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand generate" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_using_subcommand generate" -s V -l version -d 'Print version'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show inspect send templates replay export import clear completions generate help" -f -a "listen" -d 'Listen on a local port, capture and print every request, and answer as told'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show inspect send templates replay export import clear completions generate help" -f -a "list" -d 'List the captures in the store as a table'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show inspect send templates replay export import clear completions generate help" -f -a "show" -d 'Show one capture as `listen` prints it, as its JSON record, or its raw body'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show inspect send templates replay export import clear completions generate help" -f -a "inspect" -d 'Browse the store full-screen in the terminal, following new captures live'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show inspect send templates replay export import clear completions generate help" -f -a "send" -d 'Send a test webhook to URL in a chosen format, with auth or a signature, and report the answer'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show inspect send templates replay export import clear completions generate help" -f -a "templates" -d 'List the built-in sample events of `send --template`, or show one'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show inspect send templates replay export import clear completions generate help" -f -a "replay" -d 'Send captured requests again, byte for byte, to a target'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show inspect send templates replay export import clear completions generate help" -f -a "export" -d 'Write captures to a HAR 1.2 file, a Hurl file or a curl script'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show inspect send templates replay export import clear completions generate help" -f -a "import" -d 'Append the requests of a HAR file to the store'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show inspect send templates replay export import clear completions generate help" -f -a "clear" -d 'Empty the store'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show inspect send templates replay export import clear completions generate help" -f -a "completions" -d 'Print a shell completion script to standard output'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show inspect send templates replay export import clear completions generate help" -f -a "generate" -d 'Write the completion scripts and man pages into a folder (for maintainers)'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show inspect send templates replay export import clear completions generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and __fish_seen_subcommand_from templates" -f -a "show" -d 'Print one template: its headers and its body'
