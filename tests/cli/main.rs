//! CLI integration tests: one binary, a module per feature.

mod analyze;
mod articles;
mod bad_input;
mod events;
mod geo;
mod hardening;
mod kill;
mod models;
mod store;

use std::path::Path;

use assert_cmd::Command;

/// The `newsgraph` binary under test.
pub fn newsgraph() -> Command {
    Command::cargo_bin("newsgraph").expect("the binary is built")
}

/// Parses JSON Lines output.
pub fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The Analysis of one plain-text article (a title line, a blank line, the body).
pub fn analyze_text(text: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "a.txt", text);
    let out = newsgraph().arg("analyze").arg(&f).assert().success();
    json_lines(&out.get_output().stdout).remove(0)
}
