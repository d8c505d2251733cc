# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_coro_lings_global_optspecs
    string join \n h/help V/version
end

function __fish_coro_lings_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_coro_lings_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_coro_lings_using_subcommand
    set -l cmd (__fish_coro_lings_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c coro-lings -n "__fish_coro_lings_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coro-lings -n "__fish_coro_lings_needs_command" -s V -l version -d 'Print version'
complete -c coro-lings -n "__fish_coro_lings_needs_command" -f -a "watch" -d 'Check the current exercise on every save, with hints and solutions on keys (the default)'
complete -c coro-lings -n "__fish_coro_lings_needs_command" -f -a "verify" -d 'Check every exercise, print one line each and a summary; exit 0 only if all pass'
complete -c coro-lings -n "__fish_coro_lings_needs_command" -f -a "run" -d 'Check one exercise (default: the first pending one) and show the full output'
complete -c coro-lings -n "__fish_coro_lings_needs_command" -f -a "hint" -d 'Show a hint for an exercise (default: the current one)'
complete -c coro-lings -n "__fish_coro_lings_needs_command" -f -a "solution" -d 'Print the reference solution of an exercise you have passed'
complete -c coro-lings -n "__fish_coro_lings_needs_command" -f -a "list" -d 'List every exercise with its status, and the progress per rank'
complete -c coro-lings -n "__fish_coro_lings_needs_command" -f -a "reset" -d 'Restore an exercise as shipped, keeping a backup of your version'
complete -c coro-lings -n "__fish_coro_lings_needs_command" -f -a "notes" -d 'Read the concept notes of a rank (default: the current exercise\'s rank)'
complete -c coro-lings -n "__fish_coro_lings_needs_command" -f -a "examples" -d 'List the runnable examples of the core, by rank'
complete -c coro-lings -n "__fish_coro_lings_needs_command" -f -a "example" -d 'Build an example against the prebuilt core and run it (change it, run it again)'
complete -c coro-lings -n "__fish_coro_lings_needs_command" -f -a "init" -d 'Write a fresh course into DIR (default ./coro-lings), which must be new or empty'
complete -c coro-lings -n "__fish_coro_lings_needs_command" -f -a "completions" -d 'Print a shell completion script: e.g. `coro-lings completions bash > ~/.local/share/bash-completion/completions/coro-lings`'
complete -c coro-lings -n "__fish_coro_lings_needs_command" -f -a "dev" -d 'Tools for course authors'
complete -c coro-lings -n "__fish_coro_lings_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand watch" -l manual-run -d 'Check only when you press r: for file systems where change notifications do not work'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand watch" -s h -l help -d 'Print help'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand verify" -l format -d 'Output format: text for people, json (one object per line) or junit for CI systems' -r -f -a "text\t''
json\t''
junit\t''"
complete -c coro-lings -n "__fish_coro_lings_using_subcommand verify" -l sandbox -d 'Run tests in the sandbox (Linux, Landlock): they may write only to their own folder and have no TCP. `sandbox = true` in info.toml makes it the default'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand verify" -s h -l help -d 'Print help'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand run" -l sandbox -d 'Run the test in the sandbox, as `verify --sandbox` does'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand run" -s h -l help -d 'Print help'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand hint" -l level -d 'Which hint, from 1 (a nudge) to the last (the shape of the answer)' -r
complete -c coro-lings -n "__fish_coro_lings_using_subcommand hint" -l all -d 'Show every hint'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand hint" -s h -l help -d 'Print help'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand solution" -l force -d 'Show it even though the exercise has not passed yet'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand solution" -s h -l help -d 'Print help'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand list" -s h -l help -d 'Print help'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand reset" -s h -l help -d 'Print help'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand notes" -s h -l help -d 'Print help'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand examples" -s h -l help -d 'Print help'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand example" -s h -l help -d 'Print help'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand init" -s h -l help -d 'Print help'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand completions" -s h -l help -d 'Print help'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand dev; and not __fish_seen_subcommand_from check mutants help" -s h -l help -d 'Print help'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand dev; and not __fish_seen_subcommand_from check mutants help" -f -a "check" -d 'Prove the course sound: every exercise fails as recorded, every solution passes, tests match, nothing is orphaned; refreshes the editor manifest exercises/Cargo.toml'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand dev; and not __fish_seen_subcommand_from check mutants help" -f -a "mutants" -d 'Measure the tests: mutate each solution (operators, literals, deleted statements, ignored errors) and count the mutants its tests catch; prints survivors and scores'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand dev; and not __fish_seen_subcommand_from check mutants help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand dev; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand dev; and __fish_seen_subcommand_from mutants" -l rank -d 'Only the exercises of this rank' -r
complete -c coro-lings -n "__fish_coro_lings_using_subcommand dev; and __fish_seen_subcommand_from mutants" -l timeout -d 'Seconds one mutant\'s tests may run before it counts as caught (timed out)' -r
complete -c coro-lings -n "__fish_coro_lings_using_subcommand dev; and __fish_seen_subcommand_from mutants" -l min-score -d 'Exit 1 when the overall score (percent caught of compiling mutants) is below this' -r
complete -c coro-lings -n "__fish_coro_lings_using_subcommand dev; and __fish_seen_subcommand_from mutants" -l jobs -d 'Parallel workers (default: one per core)' -r
complete -c coro-lings -n "__fish_coro_lings_using_subcommand dev; and __fish_seen_subcommand_from mutants" -s h -l help -d 'Print help'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand dev; and __fish_seen_subcommand_from help" -f -a "check" -d 'Prove the course sound: every exercise fails as recorded, every solution passes, tests match, nothing is orphaned; refreshes the editor manifest exercises/Cargo.toml'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand dev; and __fish_seen_subcommand_from help" -f -a "mutants" -d 'Measure the tests: mutate each solution (operators, literals, deleted statements, ignored errors) and count the mutants its tests catch; prints survivors and scores'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand dev; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand help; and not __fish_seen_subcommand_from watch verify run hint solution list reset notes examples example init completions dev help" -f -a "watch" -d 'Check the current exercise on every save, with hints and solutions on keys (the default)'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand help; and not __fish_seen_subcommand_from watch verify run hint solution list reset notes examples example init completions dev help" -f -a "verify" -d 'Check every exercise, print one line each and a summary; exit 0 only if all pass'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand help; and not __fish_seen_subcommand_from watch verify run hint solution list reset notes examples example init completions dev help" -f -a "run" -d 'Check one exercise (default: the first pending one) and show the full output'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand help; and not __fish_seen_subcommand_from watch verify run hint solution list reset notes examples example init completions dev help" -f -a "hint" -d 'Show a hint for an exercise (default: the current one)'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand help; and not __fish_seen_subcommand_from watch verify run hint solution list reset notes examples example init completions dev help" -f -a "solution" -d 'Print the reference solution of an exercise you have passed'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand help; and not __fish_seen_subcommand_from watch verify run hint solution list reset notes examples example init completions dev help" -f -a "list" -d 'List every exercise with its status, and the progress per rank'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand help; and not __fish_seen_subcommand_from watch verify run hint solution list reset notes examples example init completions dev help" -f -a "reset" -d 'Restore an exercise as shipped, keeping a backup of your version'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand help; and not __fish_seen_subcommand_from watch verify run hint solution list reset notes examples example init completions dev help" -f -a "notes" -d 'Read the concept notes of a rank (default: the current exercise\'s rank)'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand help; and not __fish_seen_subcommand_from watch verify run hint solution list reset notes examples example init completions dev help" -f -a "examples" -d 'List the runnable examples of the core, by rank'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand help; and not __fish_seen_subcommand_from watch verify run hint solution list reset notes examples example init completions dev help" -f -a "example" -d 'Build an example against the prebuilt core and run it (change it, run it again)'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand help; and not __fish_seen_subcommand_from watch verify run hint solution list reset notes examples example init completions dev help" -f -a "init" -d 'Write a fresh course into DIR (default ./coro-lings), which must be new or empty'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand help; and not __fish_seen_subcommand_from watch verify run hint solution list reset notes examples example init completions dev help" -f -a "completions" -d 'Print a shell completion script: e.g. `coro-lings completions bash > ~/.local/share/bash-completion/completions/coro-lings`'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand help; and not __fish_seen_subcommand_from watch verify run hint solution list reset notes examples example init completions dev help" -f -a "dev" -d 'Tools for course authors'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand help; and not __fish_seen_subcommand_from watch verify run hint solution list reset notes examples example init completions dev help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand help; and __fish_seen_subcommand_from dev" -f -a "check" -d 'Prove the course sound: every exercise fails as recorded, every solution passes, tests match, nothing is orphaned; refreshes the editor manifest exercises/Cargo.toml'
complete -c coro-lings -n "__fish_coro_lings_using_subcommand help; and __fish_seen_subcommand_from dev" -f -a "mutants" -d 'Measure the tests: mutate each solution (operators, literals, deleted statements, ignored errors) and count the mutants its tests catch; prints survivors and scores'
