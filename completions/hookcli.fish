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
complete -c hookcli -n "__fish_hookcli_needs_command" -f -a "completions" -d 'Print a shell completion script to standard output'
complete -c hookcli -n "__fish_hookcli_needs_command" -f -a "generate" -d 'Write the completion scripts and man pages into a folder (for maintainers)'
complete -c hookcli -n "__fish_hookcli_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -s p -l port -d 'The port to listen on; 0 picks a free one (the start-up line on stderr names it)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l host -d 'The address to listen on; anything but loopback exposes the listener to the network' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l status -d 'The status to answer; a list such as 500,500,200 answers each in turn, then keeps the last' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -s H -l header -d 'A header of the answer, \'Name: Value\' (repeatable)' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l body -d 'The body of the answer [default: {"ok":true,"id":"<capture id>"}]' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l body-file -d 'Answer with this file\'s bytes' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l delay -d 'Wait this long before answering (250ms, 2s), to test a sender\'s timeout' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -s n -l count -d 'Exit 0 once this many requests are captured and answered' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l timeout -d 'Stop after this long: exit 0, or 1 when --count was given and not reached' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l max-body -d 'The largest body accepted (1024, 64KiB, 10MiB); a larger one is answered 413' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l no-store -d 'Keep nothing: captures are printed but not written to the store'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l json -d 'Print each capture as its JSON record on one line, as stored (for jq)'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -s q -l quiet -d 'Print nothing per request'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -l full -d 'Show whole bodies; without it a body is cut to its first 64 KiB on screen'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_using_subcommand listen" -s V -l version -d 'Print version'
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -l last -d 'Only the last N captures' -r
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -l json -d 'Print the records as JSON Lines instead of a table'
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_using_subcommand list" -s V -l version -d 'Print version'
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l store -d 'The capture store, a JSON Lines file [default: $XDG_DATA_HOME/hookcli/captures.jsonl]' -r -F
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l color -d 'When to use colors on standard output (NO_COLOR in the environment also turns them off)' -r -f -a "auto\t'Colors when standard output is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l json -d 'Print the stored JSON record'
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l body -d 'Write only the raw body bytes, exactly as received'
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -l full -d 'Show the whole body; without it a body is cut to its first 64 KiB on screen'
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hookcli -n "__fish_hookcli_using_subcommand show" -s V -l version -d 'Print version'
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
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show completions generate help" -f -a "listen" -d 'Listen on a local port, capture and print every request, and answer as told'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show completions generate help" -f -a "list" -d 'List the captures in the store as a table'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show completions generate help" -f -a "show" -d 'Show one capture as `listen` prints it, as its JSON record, or its raw body'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show completions generate help" -f -a "completions" -d 'Print a shell completion script to standard output'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show completions generate help" -f -a "generate" -d 'Write the completion scripts and man pages into a folder (for maintainers)'
complete -c hookcli -n "__fish_hookcli_using_subcommand help; and not __fish_seen_subcommand_from listen list show completions generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
