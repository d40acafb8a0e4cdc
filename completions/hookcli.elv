
use builtin;
use str;

set edit:completion:arg-completer[hookcli] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'hookcli'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'hookcli'= {
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand listen 'Listen on a local port, capture and print every request, and answer as told'
            cand list 'List the captures in the store as a table'
            cand show 'Show one capture as `listen` prints it, as its JSON record, or its raw body'
            cand inspect 'Browse the store full-screen in the terminal, following new captures live'
            cand send 'Send a test webhook to URL in a chosen format, with auth or a signature, and report the answer'
            cand templates 'List the built-in sample events of `send --template`, or show one'
            cand replay 'Send captured requests again, byte for byte, to a target'
            cand export 'Write captures to a HAR 1.2 file, a Hurl file or a curl script'
            cand import 'Append the requests of a HAR file to the store'
            cand clear 'Empty the store'
            cand completions 'Print a shell completion script to standard output'
            cand generate 'Write the completion scripts and man pages into a folder (for maintainers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hookcli;listen'= {
            cand -p 'The port to listen on; 0 picks a free one (the start-up line on stderr names it)'
            cand --port 'The port to listen on; 0 picks a free one (the start-up line on stderr names it)'
            cand --host 'The address to listen on; anything but loopback exposes the listener to the network'
            cand --status 'The status to answer; a list such as 500,500,200 answers each in turn, then keeps the last'
            cand -H 'A header of the answer, ''Name: Value'' (repeatable)'
            cand --header 'A header of the answer, ''Name: Value'' (repeatable)'
            cand --body 'The body of the answer [default: {"ok":true,"id":"<capture id>"}, "ok":false when the status is not 2xx]'
            cand --body-file 'Answer with this file''s bytes'
            cand --delay 'Wait this long before answering (250ms, 2s), to test a sender''s timeout'
            cand -n 'Exit 0 once this many requests are captured and answered'
            cand --count 'Exit 0 once this many requests are captured and answered'
            cand --timeout 'Stop after this long: exit 0, or 1 when --count was given and not reached'
            cand --max-body 'The largest body accepted (1024, 64KiB, 10MiB); a larger one is answered 413'
            cand --header-timeout 'Close a connection whose request head has not arrived within this long, or whose body stalls for this long'
            cand --verify 'Verify each request''s signature with a provider''s scheme; failures are answered 401'
            cand --secret 'A secret to verify with (repeatable: any one may match, as during a rotation); without it and --secret-file, HOOKCLI_SECRET'
            cand --secret-file 'Read a secret from a file (repeatable; one trailing newline is ignored)'
            cand --tolerance 'How old (or new) a signed timestamp may be'
            cand --sign-header 'The header of the hmac scheme'
            cand --sign-algo 'The hash of the hmac scheme'
            cand --sign-encoding 'How the hmac scheme writes the digest'
            cand --sign-prefix 'Text before the digest in the hmac scheme''s header (sha256=)'
            cand --require-auth 'Require credentials: basic:USER:PASS, bearer:TOKEN or header:NAME:VALUE (or HOOKCLI_REQUIRE_AUTH)'
            cand --expect 'Check every capture with a jq expression (repeatable; all must hold). It sees the record, $json (the body as JSON), $form and $headers; exit 1 when any capture fails one'
            cand --forward-to 'Send each captured request on to URL (plus its path and query) and answer with the target''s answer: hookcli between a platform and your local app'
            cand --forward-timeout 'How long the forwarding target may take before the sender gets a 504'
            cand --connect-timeout 'How long opening a connection to the forwarding target may take'
            cand --tls-cert 'Serve HTTPS with this certificate (PEM; implies --tls)'
            cand --tls-key 'The private key of --tls-cert (PEM)'
            cand --tls-ca-out 'Write the certificate clients should trust as PEM (for send --cacert, curl --cacert)'
            cand --ready-file 'Once listening, write {"url", "public_urls", "pid"} to PATH as JSON (whole, through a rename); removed on exit'
            cand --relay 'Receive from the internet too, through a relay: smee or webhook.site (a new channel on the public service), KIND:URL (a server of your own, KIND smee, gosmee or webhook.site; an empty path or /new makes a channel) or a smee.io / webhook.site URL (repeatable)'
            cand --relay-interval 'How often to ask webhook.site for new requests'
            cand --relay-since 'Take webhook.site requests received this long before the start too (default: only newer ones)'
            cand --rules 'Answer per route by the [[rule]] tables of a TOML file (read again when it changes)'
            cand --rule 'A rule on the command line, ''METHOD PATH => STATUS'' (''*'' any method; repeatable; tried before the file''s)'
            cand --cacert 'Trust the CA certificates in this PEM file as well'
            cand --proxy 'Send through this proxy (http://, socks5://, socks5h://; user:pass@ for credentials); '''' for none. Without it: http_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY as curl reads them; loopback targets never use those'
            cand --noproxy 'Hosts that bypass the proxy, added to NO_PROXY (names and their subdomains, IPs, CIDR ranges, host:port, *)'
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand --show-secrets 'Show credentials and signatures in printed headers instead of masking them'
            cand --no-store 'Keep nothing: captures are printed but not written to the store'
            cand --json 'Print each capture as its JSON record on one line, as stored (for jq)'
            cand -q 'Print nothing per request'
            cand --quiet 'Print nothing per request'
            cand --inspect 'Show the captures in the inspector (as hookcli inspect) while listening, in this terminal: warnings go to its status line, the address to send to is in its header; q quits both'
            cand --full 'Show whole bodies; without it a body is cut to its first 64 KiB on screen'
            cand --verify-report-only 'Record and show verification failures, but answer as configured'
            cand --expect-reject 'Answer a capture that fails an --expect with 422 and the failed expression'
            cand --fail-fast 'Stop at the first capture that fails an --expect (exit 1)'
            cand --tls 'Serve HTTPS with a self-signed certificate for localhost and 127.0.0.1, made at start-up'
            cand --no-local 'Listen on no local port: captures come only from --relay'
            cand -k 'Do not verify the server''s certificate'
            cand --insecure 'Do not verify the server''s certificate'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;list'= {
            cand --last 'Only the last N captures of the selection (read from the store''s end)'
            cand --method 'Only captures with this method'
            cand --path 'Only captures whose path matches this glob (* and ?)'
            cand --since 'Only captures received since then: a duration before now (10m, 2h) or an RFC 3339 time'
            cand --until 'Only captures received until then: a duration before now (10m, 2h) or an RFC 3339 time'
            cand --status 'Only captures answered with these statuses: 201, 4xx, or a list (200,3xx)'
            cand --grep 'Only captures with TEXT in the path, query, a header value or the body (case-sensitive)'
            cand --where 'Only captures for which a jq expression''s first output is truthy: the record is `.`, with $json, $form and $headers as in `listen --expect`'
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand --json 'Print the records as JSON Lines instead of a table'
            cand -f 'After the rows, keep printing captures as they are appended, until Ctrl-C'
            cand --follow 'After the rows, keep printing captures as they are appended, until Ctrl-C'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;show'= {
            cand -o 'Write the raw body bytes to FILE instead of standard output'
            cand --output 'Write the raw body bytes to FILE instead of standard output'
            cand --method 'Only captures with this method'
            cand --path 'Only captures whose path matches this glob (* and ?)'
            cand --since 'Only captures received since then: a duration before now (10m, 2h) or an RFC 3339 time'
            cand --until 'Only captures received until then: a duration before now (10m, 2h) or an RFC 3339 time'
            cand --status 'Only captures answered with these statuses: 201, 4xx, or a list (200,3xx)'
            cand --grep 'Only captures with TEXT in the path, query, a header value or the body (case-sensitive)'
            cand --where 'Only captures for which a jq expression''s first output is truthy: the record is `.`, with $json, $form and $headers as in `listen --expect`'
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand --show-secrets 'Show credentials and signatures in printed headers instead of masking them'
            cand --json 'Print the stored JSON record'
            cand --body 'Write only the raw body bytes, exactly as received (a binary body to a pipe or --output, not to a terminal)'
            cand --full 'Show the whole body; without it a body is cut to its first 64 KiB on screen'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;inspect'= {
            cand --from 'Read the captures of a HAR file or of another store instead of the store'
            cand --to 'Where r replays captures to, and the curl commands that c copies send to (by default where the capture was sent: its Host; r and e ask for it when it is not given, t changes it)'
            cand --timeout 'How long a replay may take, answer included'
            cand --cacert 'Trust the CA certificates in this PEM file as well'
            cand --proxy 'Send through this proxy (http://, socks5://, socks5h://; user:pass@ for credentials); '''' for none. Without it: http_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY as curl reads them; loopback targets never use those'
            cand --noproxy 'Hosts that bypass the proxy, added to NO_PROXY (names and their subdomains, IPs, CIDR ranges, host:port, *)'
            cand --sign 'Sign the body with a provider''s scheme'
            cand --secret 'The signing secret; without it and --secret-file, HOOKCLI_SECRET (a file or the variable keep it out of `ps`)'
            cand --secret-file 'Read the secret from a file (one trailing newline is ignored)'
            cand --sign-header 'The header of the hmac scheme'
            cand --sign-algo 'The hash of the hmac scheme'
            cand --sign-encoding 'How the hmac scheme writes the digest'
            cand --sign-prefix 'Text before the digest in the hmac scheme''s header (sha256=)'
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand --show-secrets 'Show credentials and signatures in printed headers instead of masking them'
            cand -k 'Do not verify the server''s certificate'
            cand --insecure 'Do not verify the server''s certificate'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;send'= {
            cand -X 'The request method'
            cand --method 'The request method'
            cand -H 'A header, ''Name: Value'' (repeatable; a repeated name adds another); ''Name:'' removes a default header, ''Name;'' sends it empty'
            cand --header 'A header, ''Name: Value'' (repeatable; a repeated name adds another); ''Name:'' removes a default header, ''Name;'' sends it empty'
            cand -d 'The payload: TEXT, @FILE, or @- for standard input'
            cand --data 'The payload: TEXT, @FILE, or @- for standard input'
            cand --format 'The payload''s format, which also sets the Content-Type unless -H gives one [default: json]'
            cand --max-upload 'The largest file a multipart part may carry (1024, 64KiB, 10MiB); a larger one is refused before anything is sent'
            cand --xml-root 'The root element when JSON is converted to XML'
            cand -t 'A built-in sample event with its sender''s headers (see `hookcli templates`)'
            cand --template 'A built-in sample event with its sender''s headers (see `hookcli templates`)'
            cand -u 'HTTP Basic auth'
            cand --user 'HTTP Basic auth'
            cand --bearer 'Authorization: Bearer TOKEN'
            cand --sign 'Sign the body with a provider''s scheme'
            cand --secret 'The signing secret; without it and --secret-file, HOOKCLI_SECRET (a file or the variable keep it out of `ps`)'
            cand --secret-file 'Read the secret from a file (one trailing newline is ignored)'
            cand --sign-header 'The header of the hmac scheme'
            cand --sign-algo 'The hash of the hmac scheme'
            cand --sign-encoding 'How the hmac scheme writes the digest'
            cand --sign-prefix 'Text before the digest in the hmac scheme''s header (sha256=)'
            cand -p 'What to print: H request headers, B request body, h answer headers, b answer body [default: hb on a terminal; b, the body byte for byte, into a pipe or file]'
            cand --print 'What to print: H request headers, B request body, h answer headers, b answer body [default: hb on a terminal; b, the body byte for byte, into a pipe or file]'
            cand --timeout 'Give up on an attempt after this long (250ms, 30s, 2m): connecting, sending and the answer'
            cand --connect-timeout 'Give up on opening a connection (TCP, a proxy''s tunnel, TLS) after this long'
            cand --max-redirs 'The most redirects -L follows before giving up (exit 3)'
            cand --retry 'Retry connection failures, timeouts, 5xx and 429 up to N times, with exponential backoff and jitter, honouring Retry-After'
            cand --expect-status 'The statuses that count as success: 201, 2xx, 4xx, or a list (200,201,3xx) [default: 2xx]'
            cand --cacert 'Trust the CA certificates in this PEM file as well'
            cand --proxy 'Send through this proxy (http://, socks5://, socks5h://; user:pass@ for credentials); '''' for none. Without it: http_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY as curl reads them; loopback targets never use those'
            cand --noproxy 'Hosts that bypass the proxy, added to NO_PROXY (names and their subdomains, IPs, CIDR ranges, host:port, *)'
            cand --repeat 'Send the request N times (fresh ids, timestamps and signatures each)'
            cand --concurrency 'How many requests are in flight at once with --repeat, each on its own connection'
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand --show-secrets 'Show credentials and signatures in printed headers instead of masking them'
            cand --multipart 'The same as --format multipart: a multipart/form-data body from the items'
            cand -v 'Also print the request as sent (the same as --print HBhb)'
            cand --verbose 'Also print the request as sent (the same as --print HBhb)'
            cand --json 'Print the answer as one JSON object (a summary with --repeat)'
            cand -q 'Print nothing on standard output; errors still go to standard error'
            cand --quiet 'Print nothing on standard output; errors still go to standard error'
            cand -L 'Follow redirects as curl -L: 301/302/303 turn a POST into a GET without a body, 307/308 keep both; credentials and signatures are not sent to another host'
            cand --location 'Follow redirects as curl -L: 301/302/303 turn a POST into a GET without a body, 307/308 keep both; credentials and signatures are not sent to another host'
            cand --http2 'Offer HTTP/2 over TLS (ALPN) and use it when the server picks it. HTTP/2 lowercases header names by protocol: byte-exact header case needs HTTP/1.1, the default'
            cand --http2-prior-knowledge 'Speak HTTP/2 at once to an http:// target (h2c), as curl''s flag of the same name'
            cand --full 'Show whole bodies; without it a body is cut to its first 64 KiB on screen'
            cand --dry-run 'Print the exact request bytes that would be sent, and send nothing'
            cand --curl 'Print a curl command line that sends the same request, and send nothing'
            cand -k 'Do not verify the server''s certificate'
            cand --insecure 'Do not verify the server''s certificate'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;templates'= {
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Print one template: its headers and its body'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hookcli;templates;show'= {
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;templates;help'= {
            cand show 'Print one template: its headers and its body'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hookcli;templates;help;show'= {
        }
        &'hookcli;templates;help;help'= {
        }
        &'hookcli;replay'= {
            cand --to 'The base URL: each capture''s path and query are appended to it'
            cand --from 'Read captures from this hookcli store or HAR file instead of the store'
            cand -H 'Add or override a header, ''Name: Value'' (''Name:'' removes it)'
            cand --header 'Add or override a header, ''Name: Value'' (''Name:'' removes it)'
            cand --drop-header 'Remove a captured header (repeatable)'
            cand --sign 'Sign the body with a provider''s scheme'
            cand --secret 'The signing secret; without it and --secret-file, HOOKCLI_SECRET (a file or the variable keep it out of `ps`)'
            cand --secret-file 'Read the secret from a file (one trailing newline is ignored)'
            cand --sign-header 'The header of the hmac scheme'
            cand --sign-algo 'The hash of the hmac scheme'
            cand --sign-encoding 'How the hmac scheme writes the digest'
            cand --sign-prefix 'Text before the digest in the hmac scheme''s header (sha256=)'
            cand --concurrency 'How many requests are in flight at once'
            cand --rate 'At most N requests started per second'
            cand --realtime 'Keep the captured gaps between requests; FACTOR 2 replays twice as fast'
            cand --timeout 'Give up on an attempt after this long (250ms, 30s, 2m): connecting, sending and the answer'
            cand --connect-timeout 'Give up on opening a connection (TCP, a proxy''s tunnel, TLS) after this long'
            cand --max-redirs 'The most redirects -L follows before giving up (exit 3)'
            cand --retry 'Retry connection failures, timeouts, 5xx and 429 up to N times, with exponential backoff and jitter, honouring Retry-After'
            cand --expect-status 'The statuses that count as success: 201, 2xx, 4xx, or a list (200,201,3xx) [default: 2xx]'
            cand --cacert 'Trust the CA certificates in this PEM file as well'
            cand --proxy 'Send through this proxy (http://, socks5://, socks5h://; user:pass@ for credentials); '''' for none. Without it: http_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY as curl reads them; loopback targets never use those'
            cand --noproxy 'Hosts that bypass the proxy, added to NO_PROXY (names and their subdomains, IPs, CIDR ranges, host:port, *)'
            cand --method 'Only captures with this method'
            cand --path 'Only captures whose path matches this glob (* and ?)'
            cand --since 'Only captures received since then: a duration before now (10m, 2h) or an RFC 3339 time'
            cand --until 'Only captures received until then: a duration before now (10m, 2h) or an RFC 3339 time'
            cand --status 'Only captures answered with these statuses: 201, 4xx, or a list (200,3xx)'
            cand --grep 'Only captures with TEXT in the path, query, a header value or the body (case-sensitive)'
            cand --where 'Only captures for which a jq expression''s first output is truthy: the record is `.`, with $json, $form and $headers as in `listen --expect`'
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand --show-secrets 'Show credentials and signatures in printed headers instead of masking them'
            cand --exact-url 'Send to --to exactly, ignoring the captured path and query'
            cand -v 'Print every request and response in full'
            cand --verbose 'Print every request and response in full'
            cand --json 'Print one JSON result per request (NDJSON)'
            cand -L 'Follow redirects as curl -L: 301/302/303 turn a POST into a GET without a body, 307/308 keep both; credentials and signatures are not sent to another host'
            cand --location 'Follow redirects as curl -L: 301/302/303 turn a POST into a GET without a body, 307/308 keep both; credentials and signatures are not sent to another host'
            cand --http2 'Offer HTTP/2 over TLS (ALPN) and use it when the server picks it. HTTP/2 lowercases header names by protocol: byte-exact header case needs HTTP/1.1, the default'
            cand --http2-prior-knowledge 'Speak HTTP/2 at once to an http:// target (h2c), as curl''s flag of the same name'
            cand --full 'Show whole bodies; without it a body is cut to its first 64 KiB on screen'
            cand --dry-run 'Print the exact request bytes that would be sent, and send nothing'
            cand --curl 'Print a curl command line that sends the same request, and send nothing'
            cand -k 'Do not verify the server''s certificate'
            cand --insecure 'Do not verify the server''s certificate'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;export'= {
            cand --har 'The HAR file to write (''-'' for standard output)'
            cand --hurl 'A Hurl file that sends the captures again and checks each status (''-'' for standard output)'
            cand --curl 'A shell script of curl commands, run as BASE_URL=http://host:port sh FILE (''-'' for stdout)'
            cand --from 'Read captures from this hookcli store or HAR file instead of the store'
            cand --method 'Only captures with this method'
            cand --path 'Only captures whose path matches this glob (* and ?)'
            cand --since 'Only captures received since then: a duration before now (10m, 2h) or an RFC 3339 time'
            cand --until 'Only captures received until then: a duration before now (10m, 2h) or an RFC 3339 time'
            cand --status 'Only captures answered with these statuses: 201, 4xx, or a list (200,3xx)'
            cand --grep 'Only captures with TEXT in the path, query, a header value or the body (case-sensitive)'
            cand --where 'Only captures for which a jq expression''s first output is truthy: the record is `.`, with $json, $form and $headers as in `listen --expect`'
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;import'= {
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;clear'= {
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand -y 'Do not ask; needed when there is no terminal to ask on'
            cand --yes 'Do not ask; needed when there is no terminal to ask on'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;completions'= {
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;generate'= {
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;help'= {
            cand listen 'Listen on a local port, capture and print every request, and answer as told'
            cand list 'List the captures in the store as a table'
            cand show 'Show one capture as `listen` prints it, as its JSON record, or its raw body'
            cand inspect 'Browse the store full-screen in the terminal, following new captures live'
            cand send 'Send a test webhook to URL in a chosen format, with auth or a signature, and report the answer'
            cand templates 'List the built-in sample events of `send --template`, or show one'
            cand replay 'Send captured requests again, byte for byte, to a target'
            cand export 'Write captures to a HAR 1.2 file, a Hurl file or a curl script'
            cand import 'Append the requests of a HAR file to the store'
            cand clear 'Empty the store'
            cand completions 'Print a shell completion script to standard output'
            cand generate 'Write the completion scripts and man pages into a folder (for maintainers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hookcli;help;listen'= {
        }
        &'hookcli;help;list'= {
        }
        &'hookcli;help;show'= {
        }
        &'hookcli;help;inspect'= {
        }
        &'hookcli;help;send'= {
        }
        &'hookcli;help;templates'= {
            cand show 'Print one template: its headers and its body'
        }
        &'hookcli;help;templates;show'= {
        }
        &'hookcli;help;replay'= {
        }
        &'hookcli;help;export'= {
        }
        &'hookcli;help;import'= {
        }
        &'hookcli;help;clear'= {
        }
        &'hookcli;help;completions'= {
        }
        &'hookcli;help;generate'= {
        }
        &'hookcli;help;help'= {
        }
    ]
    $completions[$command]
}
