
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'hookcli' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'hookcli'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'hookcli' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Listen on a local port, capture and print every request, and answer as told')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the captures in the store as a table')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one capture as `listen` prints it, as its JSON record, or its raw body')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Browse the store full-screen in the terminal, following new captures live')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a test webhook to URL in a chosen format, with auth or a signature, and report the answer')
            [CompletionResult]::new('templates', 'templates', [CompletionResultType]::ParameterValue, 'List the built-in sample events of `send --template`, or show one')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send captured requests again, byte for byte, to a target')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write captures to a HAR 1.2 file, a Hurl file or a curl script')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Append the requests of a HAR file to the store')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Empty the store')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to standard output')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write the completion scripts and man pages into a folder (for maintainers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hookcli;listen' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The port to listen on; 0 picks a free one (the start-up line on stderr names it)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The port to listen on; 0 picks a free one (the start-up line on stderr names it)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'The address to listen on; anything but loopback exposes the listener to the network')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'The status to answer; a list such as 500,500,200 answers each in turn, then keeps the last')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A header of the answer, ''Name: Value'' (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A header of the answer, ''Name: Value'' (repeatable)')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'The body of the answer [default: {"ok":true,"id":"<capture id>"}, "ok":false when the status is not 2xx]')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'Answer with this file''s bytes')
            [CompletionResult]::new('--delay', '--delay', [CompletionResultType]::ParameterName, 'Wait this long before answering (250ms, 2s), to test a sender''s timeout')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Exit 0 once this many requests are captured and answered')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit 0 once this many requests are captured and answered')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop after this long: exit 0, or 1 when --count was given and not reached')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'The largest body accepted (1024, 64KiB, 10MiB); a larger one is answered 413')
            [CompletionResult]::new('--header-timeout', '--header-timeout', [CompletionResultType]::ParameterName, 'Close a connection whose request head has not arrived within this long, or whose body stalls for this long')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Verify each request''s signature with a provider''s scheme; failures are answered 401')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A secret to verify with (repeatable: any one may match, as during a rotation); without it and --secret-file, HOOKCLI_SECRET')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read a secret from a file (repeatable; one trailing newline is ignored)')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'How old (or new) a signed timestamp may be')
            [CompletionResult]::new('--sign-header', '--sign-header', [CompletionResultType]::ParameterName, 'The header of the hmac scheme')
            [CompletionResult]::new('--sign-algo', '--sign-algo', [CompletionResultType]::ParameterName, 'The hash of the hmac scheme')
            [CompletionResult]::new('--sign-encoding', '--sign-encoding', [CompletionResultType]::ParameterName, 'How the hmac scheme writes the digest')
            [CompletionResult]::new('--sign-prefix', '--sign-prefix', [CompletionResultType]::ParameterName, 'Text before the digest in the hmac scheme''s header (sha256=)')
            [CompletionResult]::new('--require-auth', '--require-auth', [CompletionResultType]::ParameterName, 'Require credentials: basic:USER:PASS, bearer:TOKEN or header:NAME:VALUE (or HOOKCLI_REQUIRE_AUTH)')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Check every capture with a jq expression (repeatable; all must hold). It sees the record, $json (the body as JSON), $form and $headers; exit 1 when any capture fails one')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'Send each captured request on to URL (plus its path and query) and answer with the target''s answer: hookcli between a platform and your local app')
            [CompletionResult]::new('--forward-timeout', '--forward-timeout', [CompletionResultType]::ParameterName, 'How long the forwarding target may take before the sender gets a 504')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long opening a connection to the forwarding target may take')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve HTTPS with this certificate (PEM; implies --tls)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'The private key of --tls-cert (PEM)')
            [CompletionResult]::new('--tls-ca-out', '--tls-ca-out', [CompletionResultType]::ParameterName, 'Write the certificate clients should trust as PEM (for send --cacert, curl --cacert)')
            [CompletionResult]::new('--ready-file', '--ready-file', [CompletionResultType]::ParameterName, 'Once listening, write {"url", "public_urls", "pid"} to PATH as JSON (whole, through a rename); removed on exit')
            [CompletionResult]::new('--relay', '--relay', [CompletionResultType]::ParameterName, 'Receive from the internet too, through a relay: smee or webhook.site (a new channel on the public service), KIND:URL (a server of your own, KIND smee, gosmee or webhook.site; an empty path or /new makes a channel) or a smee.io / webhook.site URL (repeatable)')
            [CompletionResult]::new('--relay-interval', '--relay-interval', [CompletionResultType]::ParameterName, 'How often to ask webhook.site for new requests')
            [CompletionResult]::new('--relay-since', '--relay-since', [CompletionResultType]::ParameterName, 'Take webhook.site requests received this long before the start too (default: only newer ones)')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Answer per route by the [[rule]] tables of a TOML file (read again when it changes)')
            [CompletionResult]::new('--rule', '--rule', [CompletionResultType]::ParameterName, 'A rule on the command line, ''METHOD PATH => STATUS'' (''*'' any method; repeatable; tried before the file''s)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file as well')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this proxy (http://, socks5://, socks5h://; user:pass@ for credentials); '''' for none. Without it: http_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY as curl reads them; loopback targets never use those')
            [CompletionResult]::new('--noproxy', '--noproxy', [CompletionResultType]::ParameterName, 'Hosts that bypass the proxy, added to NO_PROXY (names and their subdomains, IPs, CIDR ranges, host:port, *)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show credentials and signatures in printed headers instead of masking them')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep nothing: captures are printed but not written to the store')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print each capture as its JSON record on one line, as stored (for jq)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing per request')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing per request')
            [CompletionResult]::new('--inspect', '--inspect', [CompletionResultType]::ParameterName, 'Show the captures in the inspector (as hookcli inspect) while listening, in this terminal: warnings go to its status line, the address to send to is in its header; q quits both')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Show whole bodies; without it a body is cut to its first 64 KiB on screen')
            [CompletionResult]::new('--verify-report-only', '--verify-report-only', [CompletionResultType]::ParameterName, 'Record and show verification failures, but answer as configured')
            [CompletionResult]::new('--expect-reject', '--expect-reject', [CompletionResultType]::ParameterName, 'Answer a capture that fails an --expect with 422 and the failed expression')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Stop at the first capture that fails an --expect (exit 1)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Serve HTTPS with a self-signed certificate for localhost and 127.0.0.1, made at start-up')
            [CompletionResult]::new('--no-local', '--no-local', [CompletionResultType]::ParameterName, 'Listen on no local port: captures come only from --relay')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;list' {
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'Only the last N captures of the selection (read from the store''s end)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Only captures with this method')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Only captures whose path matches this glob (* and ?)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only captures received since then: a duration before now (10m, 2h) or an RFC 3339 time')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only captures received until then: a duration before now (10m, 2h) or an RFC 3339 time')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only captures answered with these statuses: 201, 4xx, or a list (200,3xx)')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Only captures with TEXT in the path, query, a header value or the body (case-sensitive)')
            [CompletionResult]::new('--where', '--where', [CompletionResultType]::ParameterName, 'Only captures for which a jq expression''s first output is truthy: the record is `.`, with $json, $form and $headers as in `listen --expect`')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the records as JSON Lines instead of a table')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'After the rows, keep printing captures as they are appended, until Ctrl-C')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'After the rows, keep printing captures as they are appended, until Ctrl-C')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;show' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the raw body bytes to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the raw body bytes to FILE instead of standard output')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Only captures with this method')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Only captures whose path matches this glob (* and ?)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only captures received since then: a duration before now (10m, 2h) or an RFC 3339 time')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only captures received until then: a duration before now (10m, 2h) or an RFC 3339 time')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only captures answered with these statuses: 201, 4xx, or a list (200,3xx)')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Only captures with TEXT in the path, query, a header value or the body (case-sensitive)')
            [CompletionResult]::new('--where', '--where', [CompletionResultType]::ParameterName, 'Only captures for which a jq expression''s first output is truthy: the record is `.`, with $json, $form and $headers as in `listen --expect`')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show credentials and signatures in printed headers instead of masking them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the stored JSON record')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Write only the raw body bytes, exactly as received (a binary body to a pipe or --output, not to a terminal)')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Show the whole body; without it a body is cut to its first 64 KiB on screen')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;inspect' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Read the captures of a HAR file or of another store instead of the store')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where r replays captures to, and the curl commands that c copies send to (by default where the capture was sent: its Host; r and e ask for it when it is not given, t changes it)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long a replay may take, answer included')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file as well')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this proxy (http://, socks5://, socks5h://; user:pass@ for credentials); '''' for none. Without it: http_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY as curl reads them; loopback targets never use those')
            [CompletionResult]::new('--noproxy', '--noproxy', [CompletionResultType]::ParameterName, 'Hosts that bypass the proxy, added to NO_PROXY (names and their subdomains, IPs, CIDR ranges, host:port, *)')
            [CompletionResult]::new('--sign', '--sign', [CompletionResultType]::ParameterName, 'Sign the body with a provider''s scheme')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The signing secret; without it and --secret-file, HOOKCLI_SECRET (a file or the variable keep it out of `ps`)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (one trailing newline is ignored)')
            [CompletionResult]::new('--sign-header', '--sign-header', [CompletionResultType]::ParameterName, 'The header of the hmac scheme')
            [CompletionResult]::new('--sign-algo', '--sign-algo', [CompletionResultType]::ParameterName, 'The hash of the hmac scheme')
            [CompletionResult]::new('--sign-encoding', '--sign-encoding', [CompletionResultType]::ParameterName, 'How the hmac scheme writes the digest')
            [CompletionResult]::new('--sign-prefix', '--sign-prefix', [CompletionResultType]::ParameterName, 'Text before the digest in the hmac scheme''s header (sha256=)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show credentials and signatures in printed headers instead of masking them')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;send' {
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'The request method')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The request method')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A header, ''Name: Value'' (repeatable; a repeated name adds another); ''Name:'' removes a default header, ''Name;'' sends it empty')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A header, ''Name: Value'' (repeatable; a repeated name adds another); ''Name:'' removes a default header, ''Name;'' sends it empty')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The payload: TEXT, @FILE, or @- for standard input')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The payload: TEXT, @FILE, or @- for standard input')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The payload''s format, which also sets the Content-Type unless -H gives one [default: json]')
            [CompletionResult]::new('--max-upload', '--max-upload', [CompletionResultType]::ParameterName, 'The largest file a multipart part may carry (1024, 64KiB, 10MiB); a larger one is refused before anything is sent')
            [CompletionResult]::new('--xml-root', '--xml-root', [CompletionResultType]::ParameterName, 'The root element when JSON is converted to XML')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'A built-in sample event with its sender''s headers (see `hookcli templates`)')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'A built-in sample event with its sender''s headers (see `hookcli templates`)')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'HTTP Basic auth')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'HTTP Basic auth')
            [CompletionResult]::new('--bearer', '--bearer', [CompletionResultType]::ParameterName, 'Authorization: Bearer TOKEN')
            [CompletionResult]::new('--sign', '--sign', [CompletionResultType]::ParameterName, 'Sign the body with a provider''s scheme')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The signing secret; without it and --secret-file, HOOKCLI_SECRET (a file or the variable keep it out of `ps`)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (one trailing newline is ignored)')
            [CompletionResult]::new('--sign-header', '--sign-header', [CompletionResultType]::ParameterName, 'The header of the hmac scheme')
            [CompletionResult]::new('--sign-algo', '--sign-algo', [CompletionResultType]::ParameterName, 'The hash of the hmac scheme')
            [CompletionResult]::new('--sign-encoding', '--sign-encoding', [CompletionResultType]::ParameterName, 'How the hmac scheme writes the digest')
            [CompletionResult]::new('--sign-prefix', '--sign-prefix', [CompletionResultType]::ParameterName, 'Text before the digest in the hmac scheme''s header (sha256=)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'What to print: H request headers, B request body, h answer headers, b answer body [default: hb on a terminal; b, the body byte for byte, into a pipe or file]')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'What to print: H request headers, B request body, h answer headers, b answer body [default: hb on a terminal; b, the body byte for byte, into a pipe or file]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on an attempt after this long (250ms, 30s, 2m): connecting, sending and the answer')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up on opening a connection (TCP, a proxy''s tunnel, TLS) after this long')
            [CompletionResult]::new('--max-redirs', '--max-redirs', [CompletionResultType]::ParameterName, 'The most redirects -L follows before giving up (exit 3)')
            [CompletionResult]::new('--retry', '--retry', [CompletionResultType]::ParameterName, 'Retry connection failures, timeouts, 5xx and 429 up to N times, with exponential backoff and jitter, honouring Retry-After')
            [CompletionResult]::new('--expect-status', '--expect-status', [CompletionResultType]::ParameterName, 'The statuses that count as success: 201, 2xx, 4xx, or a list (200,201,3xx) [default: 2xx]')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file as well')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this proxy (http://, socks5://, socks5h://; user:pass@ for credentials); '''' for none. Without it: http_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY as curl reads them; loopback targets never use those')
            [CompletionResult]::new('--noproxy', '--noproxy', [CompletionResultType]::ParameterName, 'Hosts that bypass the proxy, added to NO_PROXY (names and their subdomains, IPs, CIDR ranges, host:port, *)')
            [CompletionResult]::new('--repeat', '--repeat', [CompletionResultType]::ParameterName, 'Send the request N times (fresh ids, timestamps and signatures each)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many requests are in flight at once with --repeat, each on its own connection')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show credentials and signatures in printed headers instead of masking them')
            [CompletionResult]::new('--multipart', '--multipart', [CompletionResultType]::ParameterName, 'The same as --format multipart: a multipart/form-data body from the items')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print the request as sent (the same as --print HBhb)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print the request as sent (the same as --print HBhb)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the answer as one JSON object (a summary with --repeat)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on standard output; errors still go to standard error')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on standard output; errors still go to standard error')
            [CompletionResult]::new('-L', '-L ', [CompletionResultType]::ParameterName, 'Follow redirects as curl -L: 301/302/303 turn a POST into a GET without a body, 307/308 keep both; credentials and signatures are not sent to another host')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Follow redirects as curl -L: 301/302/303 turn a POST into a GET without a body, 307/308 keep both; credentials and signatures are not sent to another host')
            [CompletionResult]::new('--http2', '--http2', [CompletionResultType]::ParameterName, 'Offer HTTP/2 over TLS (ALPN) and use it when the server picks it. HTTP/2 lowercases header names by protocol: byte-exact header case needs HTTP/1.1, the default')
            [CompletionResult]::new('--http2-prior-knowledge', '--http2-prior-knowledge', [CompletionResultType]::ParameterName, 'Speak HTTP/2 at once to an http:// target (h2c), as curl''s flag of the same name')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Show whole bodies; without it a body is cut to its first 64 KiB on screen')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact request bytes that would be sent, and send nothing')
            [CompletionResult]::new('--curl', '--curl', [CompletionResultType]::ParameterName, 'Print a curl command line that sends the same request, and send nothing')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;templates' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one template: its headers and its body')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hookcli;templates;show' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;templates;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one template: its headers and its body')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hookcli;templates;help;show' {
            break
        }
        'hookcli;templates;help;help' {
            break
        }
        'hookcli;replay' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The base URL: each capture''s path and query are appended to it')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Read captures from this hookcli store or HAR file instead of the store')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Add or override a header, ''Name: Value'' (''Name:'' removes it)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Add or override a header, ''Name: Value'' (''Name:'' removes it)')
            [CompletionResult]::new('--drop-header', '--drop-header', [CompletionResultType]::ParameterName, 'Remove a captured header (repeatable)')
            [CompletionResult]::new('--sign', '--sign', [CompletionResultType]::ParameterName, 'Sign the body with a provider''s scheme')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The signing secret; without it and --secret-file, HOOKCLI_SECRET (a file or the variable keep it out of `ps`)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (one trailing newline is ignored)')
            [CompletionResult]::new('--sign-header', '--sign-header', [CompletionResultType]::ParameterName, 'The header of the hmac scheme')
            [CompletionResult]::new('--sign-algo', '--sign-algo', [CompletionResultType]::ParameterName, 'The hash of the hmac scheme')
            [CompletionResult]::new('--sign-encoding', '--sign-encoding', [CompletionResultType]::ParameterName, 'How the hmac scheme writes the digest')
            [CompletionResult]::new('--sign-prefix', '--sign-prefix', [CompletionResultType]::ParameterName, 'Text before the digest in the hmac scheme''s header (sha256=)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many requests are in flight at once')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most N requests started per second')
            [CompletionResult]::new('--realtime', '--realtime', [CompletionResultType]::ParameterName, 'Keep the captured gaps between requests; FACTOR 2 replays twice as fast')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on an attempt after this long (250ms, 30s, 2m): connecting, sending and the answer')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up on opening a connection (TCP, a proxy''s tunnel, TLS) after this long')
            [CompletionResult]::new('--max-redirs', '--max-redirs', [CompletionResultType]::ParameterName, 'The most redirects -L follows before giving up (exit 3)')
            [CompletionResult]::new('--retry', '--retry', [CompletionResultType]::ParameterName, 'Retry connection failures, timeouts, 5xx and 429 up to N times, with exponential backoff and jitter, honouring Retry-After')
            [CompletionResult]::new('--expect-status', '--expect-status', [CompletionResultType]::ParameterName, 'The statuses that count as success: 201, 2xx, 4xx, or a list (200,201,3xx) [default: 2xx]')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in this PEM file as well')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this proxy (http://, socks5://, socks5h://; user:pass@ for credentials); '''' for none. Without it: http_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY as curl reads them; loopback targets never use those')
            [CompletionResult]::new('--noproxy', '--noproxy', [CompletionResultType]::ParameterName, 'Hosts that bypass the proxy, added to NO_PROXY (names and their subdomains, IPs, CIDR ranges, host:port, *)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Only captures with this method')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Only captures whose path matches this glob (* and ?)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only captures received since then: a duration before now (10m, 2h) or an RFC 3339 time')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only captures received until then: a duration before now (10m, 2h) or an RFC 3339 time')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only captures answered with these statuses: 201, 4xx, or a list (200,3xx)')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Only captures with TEXT in the path, query, a header value or the body (case-sensitive)')
            [CompletionResult]::new('--where', '--where', [CompletionResultType]::ParameterName, 'Only captures for which a jq expression''s first output is truthy: the record is `.`, with $json, $form and $headers as in `listen --expect`')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show credentials and signatures in printed headers instead of masking them')
            [CompletionResult]::new('--exact-url', '--exact-url', [CompletionResultType]::ParameterName, 'Send to --to exactly, ignoring the captured path and query')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print every request and response in full')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print every request and response in full')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON result per request (NDJSON)')
            [CompletionResult]::new('-L', '-L ', [CompletionResultType]::ParameterName, 'Follow redirects as curl -L: 301/302/303 turn a POST into a GET without a body, 307/308 keep both; credentials and signatures are not sent to another host')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Follow redirects as curl -L: 301/302/303 turn a POST into a GET without a body, 307/308 keep both; credentials and signatures are not sent to another host')
            [CompletionResult]::new('--http2', '--http2', [CompletionResultType]::ParameterName, 'Offer HTTP/2 over TLS (ALPN) and use it when the server picks it. HTTP/2 lowercases header names by protocol: byte-exact header case needs HTTP/1.1, the default')
            [CompletionResult]::new('--http2-prior-knowledge', '--http2-prior-knowledge', [CompletionResultType]::ParameterName, 'Speak HTTP/2 at once to an http:// target (h2c), as curl''s flag of the same name')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Show whole bodies; without it a body is cut to its first 64 KiB on screen')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact request bytes that would be sent, and send nothing')
            [CompletionResult]::new('--curl', '--curl', [CompletionResultType]::ParameterName, 'Print a curl command line that sends the same request, and send nothing')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;export' {
            [CompletionResult]::new('--har', '--har', [CompletionResultType]::ParameterName, 'The HAR file to write (''-'' for standard output)')
            [CompletionResult]::new('--hurl', '--hurl', [CompletionResultType]::ParameterName, 'A Hurl file that sends the captures again and checks each status (''-'' for standard output)')
            [CompletionResult]::new('--curl', '--curl', [CompletionResultType]::ParameterName, 'A shell script of curl commands, run as BASE_URL=http://host:port sh FILE (''-'' for stdout)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Read captures from this hookcli store or HAR file instead of the store')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Only captures with this method')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Only captures whose path matches this glob (* and ?)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only captures received since then: a duration before now (10m, 2h) or an RFC 3339 time')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only captures received until then: a duration before now (10m, 2h) or an RFC 3339 time')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only captures answered with these statuses: 201, 4xx, or a list (200,3xx)')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Only captures with TEXT in the path, query, a header value or the body (case-sensitive)')
            [CompletionResult]::new('--where', '--where', [CompletionResultType]::ParameterName, 'Only captures for which a jq expression''s first output is truthy: the record is `.`, with $json, $form and $headers as in `listen --expect`')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;import' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;clear' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask; needed when there is no terminal to ask on')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask; needed when there is no terminal to ask on')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;completions' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;generate' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;help' {
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Listen on a local port, capture and print every request, and answer as told')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the captures in the store as a table')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one capture as `listen` prints it, as its JSON record, or its raw body')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Browse the store full-screen in the terminal, following new captures live')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a test webhook to URL in a chosen format, with auth or a signature, and report the answer')
            [CompletionResult]::new('templates', 'templates', [CompletionResultType]::ParameterValue, 'List the built-in sample events of `send --template`, or show one')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send captured requests again, byte for byte, to a target')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write captures to a HAR 1.2 file, a Hurl file or a curl script')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Append the requests of a HAR file to the store')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Empty the store')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to standard output')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write the completion scripts and man pages into a folder (for maintainers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hookcli;help;listen' {
            break
        }
        'hookcli;help;list' {
            break
        }
        'hookcli;help;show' {
            break
        }
        'hookcli;help;inspect' {
            break
        }
        'hookcli;help;send' {
            break
        }
        'hookcli;help;templates' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one template: its headers and its body')
            break
        }
        'hookcli;help;templates;show' {
            break
        }
        'hookcli;help;replay' {
            break
        }
        'hookcli;help;export' {
            break
        }
        'hookcli;help;import' {
            break
        }
        'hookcli;help;clear' {
            break
        }
        'hookcli;help;completions' {
            break
        }
        'hookcli;help;generate' {
            break
        }
        'hookcli;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
