
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
            cand --body 'The body of the answer [default: {"ok":true,"id":"<capture id>"}]'
            cand --body-file 'Answer with this file''s bytes'
            cand --delay 'Wait this long before answering (250ms, 2s), to test a sender''s timeout'
            cand -n 'Exit 0 once this many requests are captured and answered'
            cand --count 'Exit 0 once this many requests are captured and answered'
            cand --timeout 'Stop after this long: exit 0, or 1 when --count was given and not reached'
            cand --max-body 'The largest body accepted (1024, 64KiB, 10MiB); a larger one is answered 413'
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand --no-store 'Keep nothing: captures are printed but not written to the store'
            cand --json 'Print each capture as its JSON record on one line, as stored (for jq)'
            cand -q 'Print nothing per request'
            cand --quiet 'Print nothing per request'
            cand --full 'Show whole bodies; without it a body is cut to its first 64 KiB on screen'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;list'= {
            cand --last 'Only the last N captures'
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand --json 'Print the records as JSON Lines instead of a table'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;show'= {
            cand --store 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]'
            cand --color 'When to use colors on standard output (NO_COLOR in the environment also turns them off)'
            cand --json 'Print the stored JSON record'
            cand --body 'Write only the raw body bytes, exactly as received'
            cand --full 'Show the whole body; without it a body is cut to its first 64 KiB on screen'
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
        &'hookcli;help;completions'= {
        }
        &'hookcli;help;generate'= {
        }
        &'hookcli;help;help'= {
        }
    ]
    $completions[$command]
}
