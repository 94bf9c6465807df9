//! Signed updates, end to end, on the installed package: Switchyard 0.1.0 installed from its .deb (trusting a key
//! made at test time) finds 0.2.0 on a local update server, refuses every bad offer (nothing for this platform, the
//! server down, a signature by another key, a genuine signature bound to another version, a download cut short)
//! with nothing changed, then downloads, verifies and installs the good one, restarts into 0.2.0, and keeps every
//! conversation. The database copy taken before the install stays for the first start and goes at the second.
//!
//! Run by scripts/e2e.sh after scripts/update-packages.sh: SWITCHYARD_APP=/usr/bin/switchyard, UPDATE_DIR (the
//! packages, signatures and the server's mode file), UPDATE_PORT, and the app's SWITCHYARD_UPDATE_ENDPOINT.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use switchyard_e2e::window::{env, Window};

struct Server(Child);

impl Server {
    fn start() -> Self {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../update/server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .args([env("UPDATE_PORT"), env("UPDATE_DIR")])
            .stdout(Stdio::piped())
            .spawn()
            .expect("the update server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "listening");
        Server(child)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn update_dir() -> PathBuf {
    PathBuf::from(env("UPDATE_DIR"))
}

fn set_mode(mode: &str) {
    std::fs::write(update_dir().join("mode"), mode).unwrap();
}

fn installed_version() -> String {
    let out = Command::new("dpkg-query").args(["-W", "-f=${Version}", "switchyard"]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn data_dir() -> PathBuf {
    PathBuf::from(env("SWITCHYARD_DATA_DIR"))
}

fn update_copy() -> PathBuf {
    data_dir().join("switchyard.sqlite.pre-update")
}

fn update_note() -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(data_dir().join("switchyard.sqlite.pre-update.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// The log lines of every start that said which version came up.
fn started_versions() -> Vec<String> {
    let mut versions = Vec::new();
    for entry in std::fs::read_dir(data_dir().join("logs")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        for line in text.lines().filter(|l| l.contains("Switchyard started")) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            versions.push(v["fields"]["version"].as_str().unwrap_or_default().to_owned());
        }
    }
    versions
}

fn wait_until(what: &str, within: Duration, ok: impl Fn() -> bool) {
    let deadline = Instant::now() + within;
    while !ok() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn app_pids() -> Vec<String> {
    let out = Command::new("pgrep").args(["-f", "^/usr/bin/switchyard"]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).split_whitespace().map(str::to_owned).collect()
}

/// Nothing changed: the installed version, no copy of the database, and the window still answers.
fn assert_unchanged(w: &Window, case: &str) {
    assert_eq!(installed_version(), "0.1.0", "{case}: the installed version changed");
    assert!(!update_copy().exists(), "{case}: a database copy was taken for an update that was refused");
    w.find("[data-testid=about-version]");
}

fn check(w: &Window) {
    w.click("[data-testid=update-check]");
}

/// A refused check: the status line tells it.
fn refused_check(w: &Window, mode: &str, says: &str) {
    set_mode(mode);
    check(w);
    w.wait_for_text("[data-testid=update-status]", says, |t| t.contains(says));
}

/// A refused download: the dialog offers 0.2.0, the download fails, the dialog says why.
fn refused_download(w: &Window, mode: &str, says: &str, shot: &str) {
    set_mode(mode);
    check(w);
    w.wait_for_text("[data-testid=update-dialog]", "the offer of 0.2.0", |t| t.contains("0.2.0"));
    w.click("[data-testid=update-download]");
    w.wait_for_text("[data-testid=update-error]", says, |t| t.contains(says));
    w.screenshot(shot);
    w.click("[data-testid=update-close]");
}

#[test]
fn a_signed_update_is_found_refused_when_bad_installed_when_good_and_keeps_the_conversations() {
    assert_eq!(installed_version(), "0.1.0", "scripts/update-packages.sh installs 0.1.0 first");
    let mut server = Server::start();
    let w = Window::launch();
    let _ = w.0.set_window_size(1200, 900);
    // The check at start (the default mode tells) asks the server and offers 0.2.0 on its own; Later puts it off.
    wait_until("the check at start", Duration::from_secs(30), || {
        std::fs::read_to_string(update_dir().join("requests.log")).unwrap_or_default().contains("/latest.json")
    });
    w.wait_for_text("[data-testid=update-dialog]", "the start's offer of 0.2.0", |t| t.contains("0.2.0"));
    w.screenshot("89-update-offered-at-start");
    w.click("[data-testid=update-later]");
    w.click("[data-testid=nav-chat]");
    let conversations =
        w.wait_for_text("[data-testid=conversation-list]", "the earlier tests' conversations", |t| t.contains("hello"));

    w.click("[data-testid=nav-settings]");
    w.click("[data-testid=theme-select] option[value=light]");
    w.click("[data-testid=language-select] option[value='en']");
    w.wait_for_text("[data-testid=about-version]", "the installed version", |t| t.contains("0.1.0"));

    refused_check(&w, "other-platform", "nothing for this system");
    assert_unchanged(&w, "another platform's manifest");
    w.scroll_to("[data-testid=update-status]");
    w.screenshot("90-update-other-platform-en-light");

    drop(server);
    refused_check(&w, "good", "could not be reached");
    assert_unchanged(&w, "the server down");

    server = Server::start();
    refused_download(&w, "bad-signature", "signature does not match", "91-update-bad-signature-en-light");
    assert_unchanged(&w, "a signature by another key");
    refused_download(&w, "replayed", "signature does not match", "92-update-replayed-signature-en-light");
    assert_unchanged(&w, "a signature bound to another version");
    refused_download(&w, "truncated", "did not answer in full", "93-update-truncated-en-light");
    assert_unchanged(&w, "a download cut short");

    // The good one: offered with its notes, downloaded with progress, verified, installed, restarted into.
    set_mode("good");
    check(&w);
    let offer = w.wait_for_text("[data-testid=update-dialog]", "the offer", |t| t.contains("0.2.0"));
    assert!(offer.contains("The tray shows today's spend"), "the release notes are shown: {offer}");
    w.screenshot("94-update-offered-en-light");
    w.click("[data-testid=update-download]");
    w.find("[data-testid=update-restart]");
    w.screenshot("95-update-ready-en-light");
    let before = app_pids();
    assert_eq!(before.len(), 1, "one app runs: {before:?}");
    w.click("[data-testid=update-restart]");

    wait_until("0.2.0 installed", Duration::from_secs(120), || installed_version() == "0.2.0");
    wait_until("0.2.0 started", Duration::from_secs(60), || {
        started_versions().last().map(String::as_str) == Some("0.2.0")
    });
    wait_until("the first start counted", Duration::from_secs(30), || {
        update_note().is_some_and(|n| n["good_starts"] == 1)
    });
    let note = update_note().unwrap();
    assert_eq!((note["from_version"].as_str(), note["to_version"].as_str()), (Some("0.1.0"), Some("0.2.0")));
    assert!(update_copy().exists(), "the copy stays for one more start");
    let restarted = app_pids();
    assert_eq!(restarted.len(), 1, "the new version runs alone: {restarted:?}");
    assert_ne!(restarted, before, "a new process runs the new version");
    let _ = w.0.quit();

    // The restarted app runs outside the driver: end it and open 0.2.0 in a driven window.
    let _ = Command::new("kill").arg("-TERM").args(&restarted).status();
    wait_until("the restarted app to end", Duration::from_secs(30), || app_pids().is_empty());
    let w = Window::launch();
    let _ = w.0.set_window_size(1200, 900);
    w.click("[data-testid=nav-settings]");
    w.wait_for_text("[data-testid=about-version]", "the new version", |t| t.contains("0.2.0"));
    assert!(!update_copy().exists(), "the second start of the new version removes the copy");
    set_mode("good");
    check(&w);
    w.wait_for_text("[data-testid=update-status]", "up to date", |t| t.to_lowercase().contains("up to date"));
    w.scroll_to("[data-testid=update-status]");
    w.screenshot("96-updated-settings-en-light");
    w.click("[data-testid=nav-chat]");
    let after = w.wait_for_text("[data-testid=conversation-list]", "the same conversations", |t| t.contains("hello"));
    assert_eq!(after, conversations, "every conversation is still there");
    w.screenshot("97-updated-chat-en-light");
    w.0.quit().unwrap();
    drop(server);
}
