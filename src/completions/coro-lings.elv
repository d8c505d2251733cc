
use builtin;
use str;

set edit:completion:arg-completer[coro-lings] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'coro-lings'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'coro-lings'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand watch 'Check the current exercise on every save, with hints and solutions on keys (the default)'
            cand verify 'Check every exercise, print one line each and a summary; exit 0 only if all pass'
            cand run 'Check one exercise (default: the first pending one) and show the full output'
            cand hint 'Show a hint for an exercise (default: the current one)'
            cand solution 'Print the reference solution of an exercise you have passed'
            cand list 'List every exercise with its status, and the progress per rank'
            cand reset 'Restore an exercise as shipped, keeping a backup of your version'
            cand notes 'Read the concept notes of a rank (default: the current exercise''s rank)'
            cand examples 'List the runnable examples of the core, by rank'
            cand example 'Build an example against the prebuilt core and run it (change it, run it again)'
            cand init 'Write a fresh course into DIR (default ./coro-lings), which must be new or empty'
            cand completions 'Print a shell completion script: e.g. `coro-lings completions bash > ~/.local/share/bash-completion/completions/coro-lings`'
            cand dev 'Tools for course authors'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'coro-lings;watch'= {
            cand --manual-run 'Check only when you press r: for file systems where change notifications do not work'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coro-lings;verify'= {
            cand --format 'Output format: text for people, json (one object per line) or junit for CI systems'
            cand --sandbox 'Run tests in the sandbox (Linux, Landlock): they may write only to their own folder and have no TCP. `sandbox = true` in info.toml makes it the default'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coro-lings;run'= {
            cand --sandbox 'Run the test in the sandbox, as `verify --sandbox` does'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coro-lings;hint'= {
            cand --level 'Which hint, from 1 (a nudge) to the last (the shape of the answer)'
            cand --all 'Show every hint'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coro-lings;solution'= {
            cand --force 'Show it even though the exercise has not passed yet'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coro-lings;list'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coro-lings;reset'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coro-lings;notes'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coro-lings;examples'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coro-lings;example'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coro-lings;init'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coro-lings;completions'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coro-lings;dev'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand check 'Prove the course sound: every exercise fails as recorded, every solution passes, tests match, nothing is orphaned; refreshes the editor manifest exercises/Cargo.toml'
            cand mutants 'Measure the tests: mutate each solution (operators, literals, deleted statements, ignored errors) and count the mutants its tests catch; prints survivors and scores'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'coro-lings;dev;check'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coro-lings;dev;mutants'= {
            cand --rank 'Only the exercises of this rank'
            cand --timeout 'Seconds one mutant''s tests may run before it counts as caught (timed out)'
            cand --min-score 'Exit 1 when the overall score (percent caught of compiling mutants) is below this'
            cand --jobs 'Parallel workers (default: one per core)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coro-lings;dev;help'= {
            cand check 'Prove the course sound: every exercise fails as recorded, every solution passes, tests match, nothing is orphaned; refreshes the editor manifest exercises/Cargo.toml'
            cand mutants 'Measure the tests: mutate each solution (operators, literals, deleted statements, ignored errors) and count the mutants its tests catch; prints survivors and scores'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'coro-lings;dev;help;check'= {
        }
        &'coro-lings;dev;help;mutants'= {
        }
        &'coro-lings;dev;help;help'= {
        }
        &'coro-lings;help'= {
            cand watch 'Check the current exercise on every save, with hints and solutions on keys (the default)'
            cand verify 'Check every exercise, print one line each and a summary; exit 0 only if all pass'
            cand run 'Check one exercise (default: the first pending one) and show the full output'
            cand hint 'Show a hint for an exercise (default: the current one)'
            cand solution 'Print the reference solution of an exercise you have passed'
            cand list 'List every exercise with its status, and the progress per rank'
            cand reset 'Restore an exercise as shipped, keeping a backup of your version'
            cand notes 'Read the concept notes of a rank (default: the current exercise''s rank)'
            cand examples 'List the runnable examples of the core, by rank'
            cand example 'Build an example against the prebuilt core and run it (change it, run it again)'
            cand init 'Write a fresh course into DIR (default ./coro-lings), which must be new or empty'
            cand completions 'Print a shell completion script: e.g. `coro-lings completions bash > ~/.local/share/bash-completion/completions/coro-lings`'
            cand dev 'Tools for course authors'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'coro-lings;help;watch'= {
        }
        &'coro-lings;help;verify'= {
        }
        &'coro-lings;help;run'= {
        }
        &'coro-lings;help;hint'= {
        }
        &'coro-lings;help;solution'= {
        }
        &'coro-lings;help;list'= {
        }
        &'coro-lings;help;reset'= {
        }
        &'coro-lings;help;notes'= {
        }
        &'coro-lings;help;examples'= {
        }
        &'coro-lings;help;example'= {
        }
        &'coro-lings;help;init'= {
        }
        &'coro-lings;help;completions'= {
        }
        &'coro-lings;help;dev'= {
            cand check 'Prove the course sound: every exercise fails as recorded, every solution passes, tests match, nothing is orphaned; refreshes the editor manifest exercises/Cargo.toml'
            cand mutants 'Measure the tests: mutate each solution (operators, literals, deleted statements, ignored errors) and count the mutants its tests catch; prints survivors and scores'
        }
        &'coro-lings;help;dev;check'= {
        }
        &'coro-lings;help;dev;mutants'= {
        }
        &'coro-lings;help;help'= {
        }
    ]
    $completions[$command]
}
