
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'coro-lings' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'coro-lings'
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
        'coro-lings' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Check the current exercise on every save, with hints and solutions on keys (the default)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check every exercise, print one line each and a summary; exit 0 only if all pass')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Check one exercise (default: the first pending one) and show the full output')
            [CompletionResult]::new('hint', 'hint', [CompletionResultType]::ParameterValue, 'Show a hint for an exercise (default: the current one)')
            [CompletionResult]::new('solution', 'solution', [CompletionResultType]::ParameterValue, 'Print the reference solution of an exercise you have passed')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every exercise with its status, and the progress per rank')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Restore an exercise as shipped, keeping a backup of your version')
            [CompletionResult]::new('notes', 'notes', [CompletionResultType]::ParameterValue, 'Read the concept notes of a rank (default: the current exercise''s rank)')
            [CompletionResult]::new('examples', 'examples', [CompletionResultType]::ParameterValue, 'List the runnable examples of the core, by rank')
            [CompletionResult]::new('example', 'example', [CompletionResultType]::ParameterValue, 'Build an example against the prebuilt core and run it (change it, run it again)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a fresh course into DIR (default ./coro-lings), which must be new or empty')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script: e.g. `coro-lings completions bash > ~/.local/share/bash-completion/completions/coro-lings`')
            [CompletionResult]::new('dev', 'dev', [CompletionResultType]::ParameterValue, 'Tools for course authors')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'coro-lings;watch' {
            [CompletionResult]::new('--manual-run', '--manual-run', [CompletionResultType]::ParameterName, 'Check only when you press r: for file systems where change notifications do not work')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coro-lings;verify' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: text for people, json (one object per line) or junit for CI systems')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run tests in the sandbox (Linux, Landlock): they may write only to their own folder and have no TCP. `sandbox = true` in info.toml makes it the default')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coro-lings;run' {
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run the test in the sandbox, as `verify --sandbox` does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coro-lings;hint' {
            [CompletionResult]::new('--level', '--level', [CompletionResultType]::ParameterName, 'Which hint, from 1 (a nudge) to the last (the shape of the answer)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Show every hint')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coro-lings;solution' {
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Show it even though the exercise has not passed yet')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coro-lings;list' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coro-lings;reset' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coro-lings;notes' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coro-lings;examples' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coro-lings;example' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coro-lings;init' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coro-lings;completions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coro-lings;dev' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Prove the course sound: every exercise fails as recorded, every solution passes, tests match, nothing is orphaned; refreshes the editor manifest exercises/Cargo.toml')
            [CompletionResult]::new('mutants', 'mutants', [CompletionResultType]::ParameterValue, 'Measure the tests: mutate each solution (operators, literals, deleted statements, ignored errors) and count the mutants its tests catch; prints survivors and scores')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'coro-lings;dev;check' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coro-lings;dev;mutants' {
            [CompletionResult]::new('--rank', '--rank', [CompletionResultType]::ParameterName, 'Only the exercises of this rank')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one mutant''s tests may run before it counts as caught (timed out)')
            [CompletionResult]::new('--min-score', '--min-score', [CompletionResultType]::ParameterName, 'Exit 1 when the overall score (percent caught of compiling mutants) is below this')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Parallel workers (default: one per core)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coro-lings;dev;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Prove the course sound: every exercise fails as recorded, every solution passes, tests match, nothing is orphaned; refreshes the editor manifest exercises/Cargo.toml')
            [CompletionResult]::new('mutants', 'mutants', [CompletionResultType]::ParameterValue, 'Measure the tests: mutate each solution (operators, literals, deleted statements, ignored errors) and count the mutants its tests catch; prints survivors and scores')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'coro-lings;dev;help;check' {
            break
        }
        'coro-lings;dev;help;mutants' {
            break
        }
        'coro-lings;dev;help;help' {
            break
        }
        'coro-lings;help' {
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Check the current exercise on every save, with hints and solutions on keys (the default)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check every exercise, print one line each and a summary; exit 0 only if all pass')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Check one exercise (default: the first pending one) and show the full output')
            [CompletionResult]::new('hint', 'hint', [CompletionResultType]::ParameterValue, 'Show a hint for an exercise (default: the current one)')
            [CompletionResult]::new('solution', 'solution', [CompletionResultType]::ParameterValue, 'Print the reference solution of an exercise you have passed')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every exercise with its status, and the progress per rank')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Restore an exercise as shipped, keeping a backup of your version')
            [CompletionResult]::new('notes', 'notes', [CompletionResultType]::ParameterValue, 'Read the concept notes of a rank (default: the current exercise''s rank)')
            [CompletionResult]::new('examples', 'examples', [CompletionResultType]::ParameterValue, 'List the runnable examples of the core, by rank')
            [CompletionResult]::new('example', 'example', [CompletionResultType]::ParameterValue, 'Build an example against the prebuilt core and run it (change it, run it again)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a fresh course into DIR (default ./coro-lings), which must be new or empty')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script: e.g. `coro-lings completions bash > ~/.local/share/bash-completion/completions/coro-lings`')
            [CompletionResult]::new('dev', 'dev', [CompletionResultType]::ParameterValue, 'Tools for course authors')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'coro-lings;help;watch' {
            break
        }
        'coro-lings;help;verify' {
            break
        }
        'coro-lings;help;run' {
            break
        }
        'coro-lings;help;hint' {
            break
        }
        'coro-lings;help;solution' {
            break
        }
        'coro-lings;help;list' {
            break
        }
        'coro-lings;help;reset' {
            break
        }
        'coro-lings;help;notes' {
            break
        }
        'coro-lings;help;examples' {
            break
        }
        'coro-lings;help;example' {
            break
        }
        'coro-lings;help;init' {
            break
        }
        'coro-lings;help;completions' {
            break
        }
        'coro-lings;help;dev' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Prove the course sound: every exercise fails as recorded, every solution passes, tests match, nothing is orphaned; refreshes the editor manifest exercises/Cargo.toml')
            [CompletionResult]::new('mutants', 'mutants', [CompletionResultType]::ParameterValue, 'Measure the tests: mutate each solution (operators, literals, deleted statements, ignored errors) and count the mutants its tests catch; prints survivors and scores')
            break
        }
        'coro-lings;help;dev;check' {
            break
        }
        'coro-lings;help;dev;mutants' {
            break
        }
        'coro-lings;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
