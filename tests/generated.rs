//! The checked-in completions/ and man/ must match what the clap definitions generate now.

mod common;

use std::path::Path;

#[test]
fn completions_and_man_pages_are_current() {
    let fresh = tempfile::tempdir().unwrap();
    let output = common::run(&["generate", fresh.path().to_str().unwrap()]);
    assert!(output.status.success());
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["completions", "man"] {
        let mut names: Vec<String> = std::fs::read_dir(fresh.path().join(folder))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut checked_in: Vec<String> = std::fs::read_dir(repo.join(folder))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        checked_in.sort();
        assert_eq!(
            names, checked_in,
            "{folder}/ has other files than generated; run: cargo run -- generate ."
        );
        for name in names {
            let generated = std::fs::read(fresh.path().join(folder).join(&name)).unwrap();
            let committed = std::fs::read(repo.join(folder).join(&name)).unwrap();
            assert!(
                generated == committed,
                "{folder}/{name} is stale; run: cargo run -- generate ."
            );
        }
    }
}

#[test]
fn completions_print_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = common::run(&["completions", shell]);
        assert!(output.status.success());
        assert!(String::from_utf8_lossy(&output.stdout).contains("hookcli"));
    }
}
