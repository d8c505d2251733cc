#!/usr/bin/env python3
"""Times the checker against the floor (a bare `rustc --test` of one exercise against the
prebuilt core) on a private copy of the bundled course, and prints the figures and targets.

    cargo build --release && python3 scripts/bench-checker.py

Nothing here is a pass/fail test: it prints what it measured.

The limits and the sandbox (issue 18) are measured twice: end to end (`run` after an edit, with
and without --sandbox; every run has its limits), and as what they add to one test process: the
test binary started directly, through the exec shim with the limits, and with the sandbox too.
The second is the cost itself; the first shows it beside a compile."""
import glob, os, shutil, statistics, subprocess, sys, tempfile, time, tomllib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(REPO, "target", "release", "coro-lings")
EXERCISE = "rank3_running_average"
REL = "exercises/rank3/running_average.rs"
ROUNDS = 7


def run(cmd, cwd, check=True):
    start = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    took = time.perf_counter() - start
    if check and p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed with {p.returncode}")
    return took


def median_of(f):
    return statistics.median(f() for _ in range(ROUNDS))


def main():
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
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
    # A passing exercise, so that the test binary runs all its tests.
    shutil.copy(os.path.join(course, REL.replace("exercises", "solutions")), os.path.join(course, REL))

    run([BIN, "verify"], course)  # builds the core once
    core = glob.glob(os.path.join(course, "target", "coro-lings", "core-*"))[0]

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
    def edit():
        # At the top: a line appended at the end would land in the test module, and the check
        # would stop at "tests changed" without compiling anything.
        edits[0] += 1
        path = os.path.join(course, REL)
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(f"// edit {edits[0]}\n{text}")

    def run_after_edit():
        edit()
        return run([BIN, "run", EXERCISE], course)

    def run_after_edit_sandboxed():
        edit()
        return run([BIN, "run", "--sandbox", EXERCISE], course)

    # The test binary of the exercise, for the cost of the shim alone.
    shim_dir = tempfile.mkdtemp(prefix="shim-", dir=course)
    test_bin = os.path.join(shim_dir, "test-bin")
    subprocess.run(["rustc", "--edition", "2024", "--test", "-C", "debuginfo=0",
                    "--extern", f"coro={core}/libcoro.rlib", "-L", f"dependency={core}",
                    "-o", test_bin, REL], cwd=course, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    marker = os.path.join(shim_dir, "marker")
    limits = ["--limit", "memory=1073741824", "--limit", "cpu=12", "--limit", "fsize=67108864",
              "--limit", "nofile=1024"]
    direct = [test_bin]
    shimmed = [BIN, "__exec", "--marker", marker, *limits, "--", test_bin]
    sandboxed = [BIN, "__exec", "--marker", marker, *limits, "--sandbox", shim_dir, "--", test_bin]
    SHIM_ROUNDS = 41

    def verify_after_edit():
        edit()
        return run([BIN, "verify"], course)

    def verify_from_clean():
        shutil.rmtree(os.path.join(course, "target"), ignore_errors=True)
        return run([BIN, "verify"], course)

    a = median_of(floor(REL))
    b = median_of(run_after_edit)
    b_sandbox = median_of(run_after_edit_sandboxed)
    # Interleaved, so that a burst of load on a shared machine hits all three alike.
    samples = {"direct": [], "limits": [], "sandbox": []}
    for _ in range(SHIM_ROUNDS):
        for name, cmd in [("direct", direct), ("limits", shimmed), ("sandbox", sandboxed)]:
            samples[name].append(run(cmd, shim_dir))
    med = {k: statistics.median(v) for k, v in samples.items()}
    low = {k: min(v) for k, v in samples.items()}
    t_direct, t_limits, t_sandbox = med["direct"], med["limits"], med["sandbox"]
    unchanged = median_of(lambda: run([BIN, "verify"], course))
    one_edit = median_of(verify_after_edit)
    clean = statistics.median(verify_from_clean() for _ in range(3))
    files = sorted(glob.glob(os.path.join(course, "exercises", "rank*", "*.rs")))
    serial = sum(floor(os.path.relpath(f, course))() for f in files)

    ms = lambda s: f"{s * 1000:7.1f} ms"
    print(f"course: {len(files)} exercises, {os.cpu_count()} cores, median of {ROUNDS} runs")
    print(f"(a) rustc --test + run of {EXERCISE} (the floor)   {ms(a)}")
    print(f"(b) coro-lings run {EXERCISE} after an edit       {ms(b)}   (b)/(a) = {b / a:.2f}  target <= 1.30")
    print(f"    coro-lings run --sandbox, after an edit       {ms(b_sandbox)}   (+{ms(b_sandbox - b).strip()} over (b), compile noise included)")
    print(f"    test binary of {EXERCISE}, started directly   {ms(t_direct)}   (median of {SHIM_ROUNDS}; fastest {ms(low['direct']).strip()})")
    print(f"      through the shim, with the limits            {ms(t_limits)}   +{ms(t_limits - t_direct).strip()}  target < 2 ms   (fastest +{ms(low['limits'] - low['direct']).strip()})")
    print(f"      through the shim, limits and --sandbox       {ms(t_sandbox)}   +{ms(t_sandbox - t_direct).strip()}  target < 10 ms  (fastest +{ms(low['sandbox'] - low['direct']).strip()})")
    print(f"(c) verify, nothing changed                       {ms(unchanged)}   target < 50 ms")
    print(f"    verify, after one edit                        {ms(one_edit)}   target <= (a) + 100 ms = {ms(a + 0.1).strip()}")
    print(f"    verify, from clean                            {ms(clean)}   target < 0.6 x serial floor = {ms(0.6 * serial).strip()}")
    print(f"    serial floor over all exercises               {ms(serial)}")
    shutil.rmtree(course, ignore_errors=True)


if __name__ == "__main__":
    main()
