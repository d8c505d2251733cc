#!/usr/bin/env python3
"""Times the checker against the floor (a bare `rustc --test` of the same file against the
prebuilt core, statically linked, then the test binary run) on a private copy of the bundled
course, and prints the figures and the targets.

    cargo build --release && python3 scripts/bench-checker.py [--pairs N] [--bin PATH]

Ratios come from paired runs: the checker and the floor run one after the other, in alternating
order, and the figure is the median of the per-pair ratios, so that load from the rest of the
machine falls on both sides of each pair. `--bin` measures another build of coro-lings (such as
the one before a change) on the same course. Nothing here is a pass/fail test: it prints what it
measured.

The limits and the sandbox are measured twice: end to end (`run` after an edit, paired with
`run --sandbox` after an edit; every run has its limits), and as what they add to one test
process: the test binary started directly, and through the exec shim with the limits (and the
pids cgroup a check joins when coro-lings runs as root), then with the sandbox too. A check
starts the shim beside the compiler and gives it the word once the binary is built, so what it
pays is the time from that word to the end; the shim started after the build is shown too."""
import argparse, glob, os, shutil, statistics, subprocess, sys, tempfile, time, tomllib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSING = ("rank3_running_average", "exercises/rank3/running_average.rs")
COMPILE_ERROR = ("rank1_hello_coroutine", "exercises/rank1/hello_coroutine.rs")


def timed(cmd, cwd):
    start = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    took = time.perf_counter() - start
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed with {p.returncode}")
    return took


def paired(a, b, pairs):
    """The median of a()/b() over `pairs` pairs, the order alternating; and both medians."""
    ratios, ta, tb = [], [], []
    for i in range(pairs):
        if i % 2 == 0:
            x, y = a(), b()
        else:
            y, x = b(), a()
        ratios.append(x / y)
        ta.append(x)
        tb.append(y)
    return statistics.median(ratios), statistics.median(ta), statistics.median(tb)


def private_course():
    course = tempfile.mkdtemp(prefix="coro-lings-bench-")
    for item in ["info.toml", "coro", "notes", "exercises", "solutions"]:
        src = os.path.join(REPO, item)
        (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(course, item))
    shutil.rmtree(os.path.join(course, "coro", "target"), ignore_errors=True)
    # Files of exercises that info.toml does not list yet (a rank being written) would make
    # the copy an unsound course: leave them out.
    with open(os.path.join(course, "info.toml"), "rb") as f:
        listed = {f"rank{e['rank']}/{e['name']}.rs" for e in tomllib.load(f).get("exercises", [])}
    for kind in ["exercises", "solutions"]:
        for path in glob.glob(os.path.join(course, kind, "rank*", "*.rs")):
            if os.path.relpath(path, os.path.join(course, kind)) not in listed:
                os.remove(path)
    return course


def main():
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--pairs", type=int, default=15, help="paired runs per ratio (default 15)")
    args.add_argument("--clean", type=int, default=3, help="verify-from-clean runs (default 3; 0 skips it and the serial floor)")
    args.add_argument("--bin", default=os.path.join(REPO, "target", "release", "coro-lings"))
    args.add_argument("--against", metavar="OLD_BIN",
                      help="also pair verify (unchanged, from clean) with this other build")
    opts = args.parse_args()
    binary = os.path.abspath(opts.bin)
    if not os.path.exists(binary):
        sys.exit("build first: cargo build --release")
    course = private_course()
    # A passing exercise, so that the test binary runs all its tests.
    shutil.copy(os.path.join(course, PASSING[1].replace("exercises", "solutions")),
                os.path.join(course, PASSING[1]))

    timed([binary, "verify"], course)  # builds the core once
    core = next(d for d in glob.glob(os.path.join(course, "target", "coro-lings", "core-*"))
                if os.path.isdir(d))

    def floor(rel):
        out = os.path.join(course, "floor-bin")
        def once():
            start = time.perf_counter()
            subprocess.run(["rustc", "--edition", "2024", "--test", "-C", "debuginfo=0",
                            "--extern", f"coro={core}/libcoro.rlib", "-L", f"dependency={core}",
                            "-o", out, rel], cwd=course, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            if os.path.exists(out):
                subprocess.run([out], cwd=course, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                os.remove(out)
            return time.perf_counter() - start
        return once

    edits = [0]
    def edit(rel):
        # A new first line: the test module runs to the end of the file, so an edit there
        # would change the shipped tests and get no verdict at all.
        edits[0] += 1
        path = os.path.join(course, rel)
        with open(path) as f:
            text = f.read()
        if text.startswith("// edit "):
            text = text.split("\n", 1)[1]
        with open(path, "w") as f:
            f.write(f"// edit {edits[0]}\n{text}")

    def run_after_edit(exercise):
        def once():
            edit(exercise[1])
            return timed([binary, "run", exercise[0]], course)
        return once

    def run_after_edit_sandboxed(exercise):
        def once():
            edit(exercise[1])
            return timed([binary, "run", "--sandbox", exercise[0]], course)
        return once

    def pids_cgroup():
        """A pids cgroup as the runner makes one for each check when it runs as root (cgroup v1
        here), or None: joining one is most of what the guard costs."""
        if os.geteuid() != 0:
            return None
        try:
            own = next(l.split(":", 2)[2].strip() for l in open("/proc/self/cgroup")
                       if l.split(":", 2)[1] == "pids")
            d = tempfile.mkdtemp(prefix="coro-lings-bench-", dir="/sys/fs/cgroup/pids" + own)
            with open(os.path.join(d, "pids.max"), "w") as f:
                f.write("64")
            return d
        except (OSError, StopIteration):
            return None

    def shim_costs(rounds):
        """What the guard adds to a check, test binary by test binary: the binary started
        directly; through the shim started ahead and waiting (as a check starts it, beside the
        compiler: the figure a check pays is from the word to the end); and through the shim
        started after the build (its whole cost, shown for comparison). Interleaved, so that
        load hits all alike."""
        shim_dir = tempfile.mkdtemp(prefix="shim-", dir=course)
        test_bin = os.path.join(shim_dir, "test-bin")
        subprocess.run(["rustc", "--edition", "2024", "--test", "-C", "debuginfo=0",
                        "--extern", f"coro={core}/libcoro.rlib", "-L", f"dependency={core}",
                        "-o", test_bin, PASSING[1]], cwd=course, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        marker = os.path.join(shim_dir, "marker")
        cgroup = pids_cgroup()
        guard = ["--marker", marker, "--limit", "memory=1073741824", "--limit", "cpu=12",
                 "--limit", "fsize=67108864", "--limit", "nofile=1024"]
        if cgroup:
            guard += ["--cgroup", cgroup]
        sandbox = ["--sandbox", shim_dir]

        def after(extra):
            return lambda: timed([binary, "__exec", *guard, *extra, "--", test_bin], shim_dir)

        def ahead(extra):
            def once():
                p = subprocess.Popen([binary, "__exec", *guard, *extra, "--wait", "--", test_bin],
                                     cwd=shim_dir, stdin=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(0.05)  # the compiler's time: the shim gets ready meanwhile
                start = time.perf_counter()
                p.stdin.write(b"g")
                p.stdin.close()
                p.wait()
                return time.perf_counter() - start
            return once

        ways = [("direct", lambda: timed([test_bin], shim_dir)),
                ("limits", ahead([])), ("sandbox", ahead(sandbox)),
                ("limits, started after", after([])), ("sandbox, started after", after(sandbox))]
        samples = {name: [] for name, _ in ways}
        for _ in range(rounds):
            for name, way in ways:
                samples[name].append(way())
        if cgroup:
            os.rmdir(cgroup)
        return ({k: statistics.median(v) for k, v in samples.items()},
                {k: min(v) for k, v in samples.items()}, cgroup is not None)

    def verify_from_clean():
        shutil.rmtree(os.path.join(course, "target"), ignore_errors=True)
        return timed([binary, "verify"], course)

    n = opts.pairs
    err_ratio, err_run, err_floor = paired(run_after_edit(COMPILE_ERROR), floor(COMPILE_ERROR[1]), n)
    pass_ratio, pass_run, pass_floor = paired(run_after_edit(PASSING), floor(PASSING[1]), n)
    sandbox_ratio, sandbox_run, plain_run = paired(run_after_edit_sandboxed(PASSING),
                                                   run_after_edit(PASSING), n)
    shim_rounds = 41
    shim_med, shim_low, with_cgroup = shim_costs(shim_rounds)
    timed([binary, "verify"], course)
    unchanged = statistics.median(timed([binary, "verify"], course) for _ in range(n))
    files = sorted(glob.glob(os.path.join(course, "exercises", "rank*", "*.rs")))
    clean = serial = None
    if opts.clean:
        clean = statistics.median(verify_from_clean() for _ in range(opts.clean))
        serial = sum(floor(os.path.relpath(f, course))() for f in files)
    against = None
    if opts.against:
        old = os.path.abspath(opts.against)
        def verify_unchanged(b):
            def once():
                timed([b, "verify"], course)  # the other build's cache answers differ: refill
                return timed([b, "verify"], course)
            return once
        def from_clean(b):
            def once():
                shutil.rmtree(os.path.join(course, "target"), ignore_errors=True)
                return timed([b, "verify"], course)
            return once
        against = (old, paired(verify_unchanged(binary), verify_unchanged(old), n),
                   paired(from_clean(binary), from_clean(old), opts.clean) if opts.clean else None)
    load = os.getloadavg()[0]
    shutil.rmtree(course, ignore_errors=True)

    ms = lambda s: f"{s * 1000:7.1f} ms"
    print(f"{binary}")
    print(f"course: {len(files)} exercises, {os.cpu_count()} cores, load {load:.2f}; "
          f"{n} alternating pairs per ratio (median of per-pair ratios)")
    print(f"compile error: run {COMPILE_ERROR[0]} {ms(err_run)}  floor {ms(err_floor)}  "
          f"ratio {err_ratio:.2f}  target <= 1.05")
    print(f"passing:       run {PASSING[0]} {ms(pass_run)}  floor {ms(pass_floor)}  "
          f"ratio {pass_ratio:.2f}  target <= 0.90")
    print(f"run --sandbox after an edit    {ms(sandbox_run)}  run {ms(plain_run)}  "
          f"ratio {sandbox_ratio:.2f} (compile noise included)")
    d = shim_med["direct"]
    plus = lambda k: f"{(shim_med[k] - d) * 1000:+.1f} ms"
    fastest = lambda k: f"{(shim_low[k] - shim_low['direct']) * 1000:+.1f} ms"
    cg = ", a pids cgroup (root)" if with_cgroup else ""
    print(f"test binary of {PASSING[0]}, median of {shim_rounds}: direct {ms(d)}; "
          f"what the guard adds (limits{cg}):")
    print(f"  started ahead, as a check does: limits {plus('limits')} (fastest "
          f"{fastest('limits')}), target < 2 ms; and --sandbox {plus('sandbox')}, target < 10 ms")
    print(f"  started after the build:        limits {plus('limits, started after')}, "
          f"and --sandbox {plus('sandbox, started after')}")
    print(f"verify, nothing changed        {ms(unchanged)}   target <= 15 ms")
    if clean is not None:
        print(f"verify, from clean (median of {opts.clean}) {ms(clean)}   target <= 0.85 x before")
        print(f"serial floor over all exercises {ms(serial)}")
    if against:
        old, (u_ratio, u_new, u_old), from_clean_pairs = against
        print(f"against {old}, paired:")
        print(f"  verify, nothing changed: {ms(u_new)} against {ms(u_old)}, ratio {u_ratio:.2f}")
        if from_clean_pairs:
            c_ratio, c_new, c_old = from_clean_pairs
            print(f"  verify, from clean:      {ms(c_new)} against {ms(c_old)}, ratio {c_ratio:.2f}"
                  f"  target <= 0.85")


if __name__ == "__main__":
    main()
