
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
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'The body of the answer [default: {"ok":true,"id":"<capture id>"}]')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'Answer with this file''s bytes')
            [CompletionResult]::new('--delay', '--delay', [CompletionResultType]::ParameterName, 'Wait this long before answering (250ms, 2s), to test a sender''s timeout')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Exit 0 once this many requests are captured and answered')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit 0 once this many requests are captured and answered')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop after this long: exit 0, or 1 when --count was given and not reached')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'The largest body accepted (1024, 64KiB, 10MiB); a larger one is answered 413')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep nothing: captures are printed but not written to the store')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print each capture as its JSON record on one line, as stored (for jq)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing per request')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing per request')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Show whole bodies; without it a body is cut to its first 64 KiB on screen')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;list' {
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'Only the last N captures')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the records as JSON Lines instead of a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;show' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on standard output (NO_COLOR in the environment also turns them off)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the stored JSON record')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Write only the raw body bytes, exactly as received')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Show the whole body; without it a body is cut to its first 64 KiB on screen')
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
