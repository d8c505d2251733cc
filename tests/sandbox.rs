//! Grading code nobody reviewed: one test per attack of issue 18, each run through the real
//! binary on a temporary course. A test whose protection the kernel lacks prints why and
//! stops; none of them may leave a process behind.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::Command;

use common::Fixture;

/// The exercise id's processes still running, by their command line.
fn left_running(id: &str) -> String {
    Command::new("pgrep")
        .args(["-a", "-f", id])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// The Landlock ABI the sandbox ran with, from the note `run --sandbox` prints; 0 when the
/// note says it was not in force.
fn sandbox_abi(stderr: &str) -> u32 {
    stderr
        .split("Landlock ABI ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn skip(why: &str) {
    eprintln!("SKIPPED: {why}");
}

#[test]
fn a_planted_secret_variable_is_seen_neither_by_the_test_nor_by_the_compiler() {
    const SECRET: &str = "planted-secret-4f1c";
    let mut f = Fixture::new();
    f.add(
        "leak",
        "println!(\"run time: {:?}\", std::env::var(\"CORO_LINGS_PLANTED\"));\n    \
         println!(\"compile time: {:?}\", option_env!(\"CORO_LINGS_PLANTED\"));\n    \
         let parent = std::os::unix::process::parent_id();\n    \
         let environ = std::fs::read(format!(\"/proc/{parent}/environ\"));\n    \
         println!(\"parent: {:?}\", environ.map(|e| String::from_utf8_lossy(&e).into_owned()));\n    \
         println!(\"all: {:?}\", std::env::vars().map(|(k, _)| k).collect::<Vec<_>>());\n    \
         0",
        "test",
        "",
    );
    let secret = [("CORO_LINGS_PLANTED", SECRET)];
    let run = f.run_with_env(&["run", "leak"], &secret);
    run.expect(1);
    let out = run.stdout();
    assert!(out.contains("run time: Err(NotPresent)"), "{}", run.all());
    assert!(out.contains("compile time: None"), "{}", run.all());
    // Without the sandbox the checker's own /proc/PID/environ is this user's to read: only
    // the variables of the test's own process are clean.
    let vars_line = out.lines().find(|l| l.starts_with("all: ")).unwrap();
    assert!(!vars_line.contains("CORO_LINGS"), "{vars_line}");

    let run = f.run_with_env(&["run", "--sandbox", "leak"], &secret);
    run.expect(1);
    if sandbox_abi(&run.stderr()) == 0 {
        return skip("no Landlock on this kernel: the parent's /proc environ stays readable");
    }
    assert!(
        !run.stdout().contains(SECRET),
        "the sandboxed test read the secret:\n{}",
        run.all()
    );
    assert!(run.stdout().contains("parent: Err("), "{}", run.all());
}

#[test]
fn a_read_of_home_ssh_finds_the_test_s_own_empty_home_and_the_sandbox_denies_the_real_one() {
    let mut f = Fixture::new();
    let home = f.root().join("learner-home");
    std::fs::create_dir_all(home.join(".ssh")).unwrap();
    std::fs::write(home.join(".ssh/id_ed25519"), "PRIVATE-KEY-7d2e").unwrap();
    let key = home.join(".ssh/id_ed25519");
    f.add(
        "ssh",
        &format!(
            "let home = std::env::var(\"HOME\").unwrap_or_default();\n    \
             println!(\"by HOME: {{:?}}\", std::fs::read_to_string(format!(\"{{home}}/.ssh/id_ed25519\")));\n    \
             println!(\"by path: {{:?}}\", std::fs::read_to_string({:?}));\n    \
             0",
            key.display()
        ),
        "test",
        "",
    );
    // The compiler (rustup's proxy) finds its toolchain through HOME: point it at the real one.
    let rustup_home = std::env::var("RUSTUP_HOME").unwrap_or_else(|_| {
        format!(
            "{}/.rustup",
            std::env::var("HOME").unwrap_or_else(|_| "/root".into())
        )
    });
    let vars = [
        ("HOME", home.to_str().unwrap()),
        ("RUSTUP_HOME", rustup_home.as_str()),
    ];
    let run = f.run_with_env(&["run", "ssh"], &vars);
    run.expect(1);
    assert!(run.stdout().contains("by HOME: Err("), "{}", run.all());
    assert!(
        !run.stdout().contains("by HOME: Ok"),
        "HOME was the learner's: {}",
        run.all()
    );

    let run = f.run_with_env(&["run", "--sandbox", "ssh"], &vars);
    run.expect(1);
    if sandbox_abi(&run.stderr()) == 0 {
        return skip("no Landlock on this kernel: a file read by its full path is not denied");
    }
    assert!(!run.stdout().contains("PRIVATE-KEY"), "{}", run.all());
    assert!(
        run.stdout().contains("by path: Err(") && run.stdout().contains("PermissionDenied"),
        "{}",
        run.all()
    );
}

#[test]
fn a_10_gib_allocation_is_reported_as_the_memory_limit_and_remembered() {
    let mut f = Fixture::new();
    f.add(
        "hog",
        "let v = vec![1u8; 10 << 30];\n    v[v.len() - 1] as u32",
        "test",
        "",
    );
    let run = f.run(&["run", "hog"]);
    run.expect(1);
    assert!(
        run.stdout()
            .contains("not a pass: the test used more than 1 GiB of memory"),
        "{}",
        run.all()
    );
    // The course's own limit decided it: the verdict is the code's and is cached.
    let verify = f.run(&["verify"]);
    verify.expect(1);
    let line = verify
        .stdout()
        .lines()
        .find(|l| l.contains("rank1_hog"))
        .unwrap()
        .to_string();
    assert!(line.contains("failed") && line.contains("cached"), "{line}");
    assert_eq!(left_running("rank1_hog"), "");
}

#[test]
fn a_memory_limit_of_the_machine_lower_than_the_course_s_is_named_and_not_remembered() {
    if Command::new("prlimit").arg("--version").output().is_err() {
        return skip("prlimit (util-linux) is not installed");
    }
    let mut f = Fixture::new();
    f.add(
        "hog",
        "let v = vec![1u8; 3 << 30];\n    v[v.len() - 1] as u32",
        "test",
        "limits = { memory_mib = 8192 }\n",
    );
    let bin = env!("CARGO_BIN_EXE_coro-lings");
    let verify = || {
        // The machine allows 2 GiB of data per process, the course 8.
        let out = Command::new("prlimit")
            .args(["--data=2147483648:2147483648", "--", bin, "verify"])
            .current_dir(f.root())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first = verify();
    let line = first.lines().find(|l| l.contains("rank1_hog")).unwrap();
    assert!(line.contains("failed"), "{first}");
    let run = Command::new("prlimit")
        .args(["--data=2147483648:2147483648", "--", bin, "run", "hog"])
        .current_dir(f.root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(
        said.contains("more than 2 GiB of memory") && said.contains("machine's own limit"),
        "{said}"
    );
    let again = verify();
    let line = again.lines().find(|l| l.contains("rank1_hog")).unwrap();
    assert!(
        !line.contains("cached"),
        "the machine's verdict was remembered: {line}"
    );
}

#[test]
fn a_1_gib_file_write_stops_at_the_file_size_limit() {
    let mut f = Fixture::new();
    f.add(
        "filler",
        "use std::io::Write;\n    \
         let path = std::env::temp_dir().join(\"big\");\n    \
         let mut file = std::fs::File::create(&path).unwrap();\n    \
         let block = vec![7u8; 1 << 20];\n    \
         for _ in 0..1024 { file.write_all(&block).unwrap(); }\n    \
         0",
        "test",
        "",
    );
    let run = f.run(&["run", "filler"]);
    run.expect(1);
    assert!(
        run.stdout()
            .contains("not a pass: the test wrote a file larger than 64 MiB"),
        "{}",
        run.all()
    );
    // The check's folder, with the file, is gone.
    let tmp = f.root().join("target/coro-lings/tmp");
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn a_connect_to_a_local_port_is_refused_in_the_sandbox() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut f = Fixture::new();
    f.add(
        "phone_home",
        &format!(
            "use std::io::Write;\n    \
             let mut s = std::net::TcpStream::connect((\"127.0.0.1\", {port})).expect(\"connect\");\n    \
             s.write_all(b\"stolen\").unwrap();\n    \
             0"
        ),
        "test",
        "",
    );
    let run = f.run(&["run", "--sandbox", "phone_home"]);
    run.expect(1);
    if sandbox_abi(&run.stderr()) < 4 {
        return skip("this kernel's Landlock has no TCP rules (ABI 4, Linux 6.7)");
    }
    assert!(
        run.stdout().contains("connect") && run.stdout().contains("PermissionDenied"),
        "{}",
        run.all()
    );
    match listener.accept() {
        Ok((mut s, _)) => {
            let mut got = String::new();
            let _ = s.read_to_string(&mut got);
            panic!("the sandboxed test connected and sent {got:?}");
        }
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::WouldBlock),
    }
}

#[test]
fn the_sandbox_lets_a_test_write_in_its_own_folder_and_nowhere_else() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("written");
    let mut f = Fixture::new();
    f.add(
        "writer",
        &format!(
            "std::fs::write(std::env::temp_dir().join(\"mine\"), \"ok\").expect(\"own folder\");\n    \
             println!(\"outside: {{:?}}\", std::fs::write({:?}, \"x\"));\n    \
             42",
            target.display()
        ),
        "test",
        "",
    );
    let run = f.run(&["run", "--sandbox", "writer"]);
    if sandbox_abi(&run.stderr()) == 0 {
        return skip("no Landlock on this kernel");
    }
    // It passes: writing to its own folder is allowed, and the write outside only failed.
    run.expect(0);
    assert!(
        !target.exists(),
        "the sandboxed test wrote {}",
        target.display()
    );
}

#[test]
fn sandbox_true_in_info_toml_makes_it_the_course_s_default() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("written");
    let mut f = Fixture::new();
    f.add(
        "writer",
        &format!(
            "let _ = std::fs::write({:?}, \"x\");\n    42",
            target.display()
        ),
        "test",
        "",
    );
    let info = f.read("info.toml");
    f.write("info.toml", &format!("sandbox = true\n{info}"));
    let run = f.run(&["run", "writer"]);
    run.expect(0);
    if sandbox_abi(&run.stderr()) == 0 {
        assert!(run.stderr().contains("NOT in force"), "{}", run.all());
        return skip("no Landlock on this kernel");
    }
    assert!(!target.exists());
}

#[test]
fn a_fork_bomb_is_stopped_by_the_process_cap_and_nothing_is_left_running() {
    let root = rustix::process::getuid().is_root();
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    let pids_cgroup = mounts.lines().any(|l| {
        l.split(" - ").nth(1).is_some_and(|r| {
            r.starts_with("cgroup ")
                && r.split_whitespace()
                    .nth(2)
                    .is_some_and(|o| o.split(',').any(|x| x == "pids"))
        })
    });
    if root && !pids_cgroup {
        return skip(
            "running as root (RLIMIT_NPROC does not apply) without a cgroup v1 pids hierarchy: \
             only the timeout's group kill would stop a fork bomb, and this test does not run \
             one uncapped",
        );
    }
    if !root {
        let tasks: u64 = std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|l| l.split_whitespace().nth(3)?.split_once('/')?.1.parse().ok())
            .unwrap_or(u64::MAX);
        if tasks > 400 {
            return skip("too many tasks on this machine for the bounded bomb to reach the cap");
        }
    }
    // A bounded bomb: 8 children per level, three levels, 584 processes in all if nothing
    // stops it; the cap is 64.
    let mut f = Fixture::new();
    f.add(
        "bomb",
        "use std::process::{Command, Stdio};\n    \
         let depth: u32 = std::env::var(\"BOMB_DEPTH\").ok().and_then(|d| d.parse().ok()).unwrap_or(0);\n    \
         if depth == 3 { std::thread::sleep(std::time::Duration::from_secs(3)); return 42; }\n    \
         let me = std::env::current_exe().unwrap();\n    \
         let mut children = Vec::new();\n    \
         for _ in 0..8 {\n        \
             match Command::new(&me).args([\"--exact\", \"tests::the_answer_is_42\", \"--nocapture\"])\n            \
                 .env(\"BOMB_DEPTH\", (depth + 1).to_string()).stdout(Stdio::null()).spawn() {\n            \
                 Ok(c) => children.push(c),\n            \
                 Err(e) => panic!(\"spawn failed at depth {depth}: {e}\"),\n        \
             }\n    \
         }\n    \
         for mut c in children { assert!(c.wait().unwrap().success(), \"a child failed\"); }\n    \
         0",
        "test",
        "timeout_secs = 30\nlimits = { processes = 64 }\n",
    );
    let cgroups = || -> Vec<String> {
        std::fs::read_dir("/sys/fs/cgroup/pids")
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.starts_with("coro-lings-"))
                    .collect()
            })
            .unwrap_or_default()
    };
    let before = cgroups();
    let run = f.run(&["run", "bomb"]);
    run.expect(1);
    assert!(
        run.stdout()
            .contains("not a pass: the test started too many processes or threads"),
        "{}",
        run.all()
    );
    assert_eq!(
        left_running("rank1_bomb"),
        "",
        "the bomb outlived the check"
    );
    // The check's cgroup went with its coro-lings (others' may come and go meanwhile).
    let stale: Vec<String> = cgroups()
        .into_iter()
        .filter(|n| !before.contains(n))
        .filter(|n| {
            n.strip_prefix("coro-lings-")
                .and_then(|rest| rest.split('-').next())
                .is_some_and(|pid| !Path::new("/proc").join(pid).exists())
        })
        .collect();
    assert!(stale.is_empty(), "{stale:?}");
}

#[test]
fn a_limit_too_low_for_any_test_is_refused_with_the_file_and_line() {
    let mut f = Fixture::new();
    f.add("a", "42", "test", "limits = { memory_mib = 1 }\n");
    let run = f.run(&["list"]);
    run.expect(2);
    let err = run.stderr();
    assert!(
        err.contains("info.toml:") && err.contains("memory_mib = 1 is too low"),
        "{err}"
    );
    let mut f = Fixture::new();
    f.add("a", "42", "test", "limits = { memory = 100 }\n");
    let run = f.run(&["list"]);
    run.expect(2);
    assert!(
        run.stderr().contains("unknown field `memory`"),
        "{}",
        run.all()
    );
}

#[test]
fn tests_pass_as_before_under_the_limits_and_the_sandbox() {
    let mut f = Fixture::new();
    f.add("fine", "41 + 1", "test", "");
    f.run(&["run", "fine"]).expect(0);
    f.run(&["run", "--sandbox", "fine"]).expect(0);
}

#[test]
fn a_check_s_cgroup_goes_when_coro_lings_is_stopped_by_a_signal_mid_check() {
    let dir = Path::new("/sys/fs/cgroup/pids");
    if !rustix::process::getuid().is_root() || !dir.is_dir() {
        return skip("the per-check cgroup is made only as root, under a cgroup v1 pids hierarchy");
    }
    let mut f = Fixture::new();
    f.add(
        "spin",
        "loop { std::hint::spin_loop(); }",
        "test",
        "timeout_secs = 60\n",
    );
    // Build first, so that the check below reaches its test quickly.
    f.run(&["list"]).expect(0);
    let mut child = Command::new(env!("CARGO_BIN_EXE_coro-lings"))
        .args(["run", "spin"])
        .current_dir(f.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let prefix = format!("coro-lings-{}-", child.id());
    let ours = || {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(&prefix))
    };
    let start = std::time::Instant::now();
    while !ours() {
        assert!(
            start.elapsed().as_secs() < 120,
            "the check never made its cgroup"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let pid = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143));
    assert!(!ours(), "the cgroup outlived coro-lings");
    // SIGKILL was sent before coro-lings exited; on a loaded machine dying takes a moment.
    let start = std::time::Instant::now();
    while !left_running("rank1_spin").is_empty() && start.elapsed().as_secs() < 5 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(left_running("rank1_spin"), "");
}
