#!/usr/bin/env python3
"""Measures what a new learner waits for, side by side with rustlings: from a fresh clone,
`cargo build --release` from a clean target folder (wall time, crates compiled), then the
built binary's start to its first watch screen with the first exercise's result (in a
pseudo-terminal), the binary's size, and `cargo install --locked --path . --root DIR` from a
clean target folder. The two projects take turns, so that a busy machine slows both alike.

    python3 scripts/bench-install.py /path/to/rustlings-clone [ROUNDS]

The crates must already be downloaded (`cargo fetch` in each), so that the network is not
measured. Nothing is left behind: every clone and build lives in a temporary folder."""
import fcntl, os, re, resource, select, shutil, signal, struct, subprocess, sys, tempfile
import statistics, termios, time
import pty

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-B]")


def project(name, source, binary, screen, init):
    """`init`: whether the course is made with `BINARY init` (rustlings 6 refuses to run in
    its own clone) rather than being the clone itself."""
    return {"name": name, "source": source, "binary": binary, "screen": re.compile(screen, re.S),
            "init": init}


def clean_env():
    env = dict(os.environ)
    for var in ["CARGO_TARGET_DIR", "RUSTFLAGS", "CARGO_INCREMENTAL", "NO_COLOR"]:
        env.pop(var, None)
    return env


def clone(p, into):
    dest = os.path.join(into, p["name"])
    subprocess.run(["git", "clone", "-q", p["source"], dest], check=True)
    return dest


def cpu_seconds():
    """User and system time of every finished child process so far (cargo, rustc, the
    linker): on a shared machine this moves far less with the load than wall time does."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def build(dest):
    start, cpu = time.perf_counter(), cpu_seconds()
    out = subprocess.run(["cargo", "build", "--release", "--locked", "--offline"], cwd=dest,
                         env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True)
    took, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    if out.returncode != 0:
        sys.exit(f"build failed in {dest}:\n{out.stderr}")
    crates = len(re.findall(r"^\s*Compiling ", out.stderr, re.M))
    return took, cpu, crates


def first_screen(p, dest, timeout=300):
    """Seconds from starting the built binary in a terminal to its first screen with the
    first exercise's result (the `init` that makes the course, where it takes one, included);
    the welcome page, if any, is passed with Enter."""
    binary = os.path.join(dest, "target", "release", p["binary"])
    start = time.perf_counter()
    course = dest
    if p["init"]:
        course = os.path.join(os.path.dirname(dest), p["name"] + "-made")
        os.mkdir(course)
        subprocess.run([binary, "init"], cwd=course, env=clean_env(), check=True,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        course = os.path.join(course, p["binary"])
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(course)
        env = clean_env()
        env["TERM"] = "xterm-256color"
        os.execvpe(binary, [p["binary"]], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 120, 0, 0))
    seen, entered = "", False
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break  # it ended
            if not chunk:
                break
            seen += ANSI.sub("", chunk.decode("utf-8", "replace"))
            if not entered and "Press ENTER" in seen:
                os.write(fd, b"\r")
                entered = True
            if p["screen"].search(seen):
                return time.perf_counter() - start
        sys.exit(f"{p['name']}: no first screen (it ended, or {timeout} s passed); it showed:\n{seen[-2000:]}")
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)


def install(dest, into):
    root = os.path.join(into, "root")
    env = clean_env()
    env["CARGO_TARGET_DIR"] = os.path.join(into, "install-target")
    start, cpu = time.perf_counter(), cpu_seconds()
    out = subprocess.run(["cargo", "install", "--locked", "--offline", "--path", ".", "--root",
                          root], cwd=dest, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    if out.returncode != 0:
        sys.exit(f"install failed in {dest}:\n{out.stderr}")
    return time.perf_counter() - start, cpu_seconds() - cpu


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    projects = [
        project("coro-lings", REPO, "coro-lings", r"✗.*Overall", init=False),
        project("rustlings", os.path.abspath(sys.argv[1]), "rustlings", r"Current exercise",
                init=True),
    ]
    results = {p["name"]: [] for p in projects}
    for r in range(rounds):
        for p in projects:
            with tempfile.TemporaryDirectory(prefix="bench-install-") as tmp:
                dest = clone(p, tmp)
                took, cpu, crates = build(dest)
                screen = first_screen(p, dest)
                size = os.path.getsize(os.path.join(dest, "target", "release", p["binary"]))
                shutil.rmtree(os.path.join(dest, "target"))
                installed, install_cpu = install(dest, tmp)
                row = {"build": took, "build_cpu": cpu, "crates": crates, "screen": screen,
                       "size": size, "install": installed, "install_cpu": install_cpu}
                results[p["name"]].append(row)
                print(f"round {r + 1} {p['name']:>10}: build {took:6.1f} s ({cpu:.1f} s CPU, "
                      f"{crates} crates), first screen {screen:5.1f} s, binary "
                      f"{size / 1e6:.2f} MB, install {installed:6.1f} s ({install_cpu:.1f} s CPU)",
                      flush=True)

    def median(name, key):
        return statistics.median(row[key] for row in results[name])

    ours, theirs = "coro-lings", "rustlings"
    for key, what in [("build", "clean release build"), ("build_cpu", "its CPU time"),
                      ("install", "cargo install"), ("install_cpu", "its CPU time")]:
        print(f"{what}: {median(ours, key):.1f} s against {median(theirs, key):.1f} s "
              f"({median(ours, key) / median(theirs, key):.2f}x)")
    total = lambda n: median(n, "build") + median(n, "screen")
    # Each round's two projects ran one right after the other, so their ratio is the figure
    # the machine's load moves least.
    paired = [(a["build"] + a["screen"]) / (b["build"] + b["screen"])
              for a, b in zip(results[ours], results[theirs])]
    print(f"clone to first screen (build + start): {total(ours):.1f} s against "
          f"{total(theirs):.1f} s ({total(ours) / total(theirs):.2f}x); per round "
          f"{', '.join(f'{x:.2f}x' for x in paired)}, median {statistics.median(paired):.2f}x")
    print(f"crates compiled: {median(ours, 'crates')} against {median(theirs, 'crates')}; "
          f"binary: {median(ours, 'size') / 1e6:.2f} MB against "
          f"{median(theirs, 'size') / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
