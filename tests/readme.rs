//! Every `hookcli` command in README.md's Examples runs as written, so the manual cannot drift
//! from the program. Each command runs in `sh` in an empty folder after the README's own set-up
//! block, with `hookcli` on PATH. Addresses are the only thing changed: the README's receiver
//! (`127.0.0.1:8080`), app (`localhost:3000`) and public endpoint (`example.com`) become
//! listeners on free ports of 127.0.0.1, since tests reach nothing else.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Listener;

/// The `sh` blocks of the Examples section, each as its lines.
fn example_blocks() -> Vec<Vec<String>> {
    let readme = include_str!("../README.md");
    let start = readme.find("\n## Examples").expect("an Examples section");
    let end = readme[start..]
        .find("\n## Reference")
        .expect("a Reference section")
        + start;
    let mut blocks = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in readme[start..end].lines() {
        match (&mut current, line.trim()) {
            (None, "```sh") => current = Some(Vec::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(lines), _) => lines.push(line.to_string()),
            (None, _) => {}
        }
    }
    blocks
}

/// A command without its trailing comment (`  # ...`).
fn without_comment(line: &str) -> &str {
    line.find("  #").map_or(line, |at| &line[..at]).trim_end()
}

struct Sandbox {
    dir: tempfile::TempDir,
    setup: String,
    receiver: Listener,
    app: Listener,
    /// The README's own `hookcli listen` of the block being run, and its URL.
    started: Option<(Child, String)>,
}

impl Sandbox {
    fn new(setup: &[String]) -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        // The system under test of the CI recipe: it sends the webhook it is told to.
        let trigger = dir.path().join("trigger-the-webhook");
        std::fs::write(
            &trigger,
            "#!/bin/sh\nexec hookcli send \"$2\" event=order.created\n",
        )
        .unwrap();
        make_executable(&trigger);
        Sandbox {
            setup: setup.join("\n"),
            receiver: Listener::start(None, &["--quiet"]),
            app: Listener::start(None, &["--quiet"]),
            started: None,
            dir,
        }
    }

    fn shell(&self, script: &str) -> Command {
        let bin = PathBuf::from(env!("CARGO_BIN_EXE_hookcli"));
        let path = format!(
            "{}:{}",
            bin.parent().unwrap().display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("set -e\n{}\n{script}", self.setup))
            .current_dir(self.dir.path())
            .env("PATH", path)
            .env("HOOKCLI_STORE", self.dir.path().join("captures.jsonl"))
            .env_remove("CI")
            .env_remove("NO_COLOR")
            .stdin(Stdio::null());
        command
    }

    /// The command with the README's addresses pointed at this sandbox's listeners.
    fn localize(&self, line: &str) -> String {
        let receiver = match &self.started {
            Some((_, url)) => url.clone(),
            None => self.receiver.url.clone(),
        };
        let plain_receiver = receiver.replace("https://", "http://");
        line.replace("https://127.0.0.1:8080", &receiver)
            .replace("http://127.0.0.1:8080", &plain_receiver)
            .replace("https://example.com", &self.receiver.url)
            .replace("http://localhost:3000", &self.app.url)
    }

    /// Starts one of the README's listeners, waits for its address, and sends it a few requests
    /// so that the commands after it have captures to read.
    fn start_listener(&mut self, line: &str) {
        self.stop_listener();
        let line = if line.contains("--port") {
            line.to_string()
        } else {
            format!("{line} --port 0")
        };
        let mut child = self
            .shell(&format!("exec {line}"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut first = String::new();
        stderr.read_line(&mut first).unwrap();
        let url = first
            .trim()
            .strip_prefix("Listening on ")
            .unwrap_or_else(|| panic!("`{line}` did not start: {first:?}"))
            .to_string();
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        let insecure = if url.starts_with("https") { "-k" } else { "" };
        let _ = self
            .shell(&format!(
                "hookcli send {url}/hooks/warm-up a=1 --repeat 3 --concurrency 3 -q {insecure}"
            ))
            .output();
        self.started = Some((child, url));
    }

    fn stop_listener(&mut self) {
        if let Some((mut child, _)) = self.started.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn run(&mut self, line: &str) {
        let line = self.localize(line);
        if line.starts_with("hookcli listen") && !line.ends_with('&') {
            self.start_listener(&line);
            return;
        }
        let started = Instant::now();
        let output = self.shell(&line).output().unwrap();
        assert!(
            output.status.success(),
            "README example failed (exit {:?}): {line}\nstdout: {}\nstderr: {}",
            output.status.code(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{line} took too long"
        );
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop_listener();
    }
}

fn make_executable(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn every_readme_example_runs_as_written() {
    let blocks = example_blocks();
    let setup = blocks
        .iter()
        .find(|block| !block.iter().any(|line| line.starts_with("hookcli ")))
        .expect("a set-up block without hookcli commands");
    let mut sandbox = Sandbox::new(setup);
    let mut commands = 0;
    for block in &blocks {
        sandbox.stop_listener();
        if block.iter().any(|line| line.trim_end().ends_with('&')) {
            // A script (the CI recipe): it runs whole, as a script would.
            let script = sandbox.localize(&block.join("\n"));
            let output = sandbox.shell(&script).output().unwrap();
            assert!(
                output.status.success(),
                "README script failed:\n{script}\nstderr: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            commands += 1;
            continue;
        }
        for line in block.iter().map(|l| without_comment(l)) {
            if line.starts_with("hookcli ") {
                sandbox.run(line);
                commands += 1;
            }
        }
    }
    assert!(commands >= 25, "only {commands} examples found");
}
