//! The desktop around the window: the tray menu tells the gateway's state and today's spend, starts and stops the
//! gateway and reopens the window; the first close asks and the answer is kept; a second launch brings the first
//! window back instead of opening another; the window's size and place survive a relaunch; start at login writes
//! and removes its entry. The tray is driven over DBus as a panel would (tests/e2e/tray_dbus.py), the close
//! button as a window manager would (tests/e2e/x11_window.py).
//!
//! Run by scripts/e2e.sh over the data the earlier tests left.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use switchyard_e2e::window::{env, Window};

fn script(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// tray_dbus.py with `args`; its stdout, or a panic with what it said.
fn tray(args: &[&str]) -> String {
    let out = Command::new("/usr/bin/python3")
        .arg(script("tray_dbus.py"))
        .args(args)
        .args(["--discover", "scan", "--timeout", "30"])
        .output()
        .expect("tray_dbus.py");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "tray {args:?} failed: {stdout} {stderr}");
    stdout.into_owned()
}

fn tray_labels() -> Vec<String> {
    let layout: serde_json::Value = serde_json::from_str(&tray(&["layout"])).unwrap();
    layout["items"].as_array().unwrap().iter().filter_map(|i| i["text"].as_str().map(str::to_owned)).collect()
}

fn x11(command: &str) -> String {
    let out =
        Command::new("/usr/bin/python3").arg(script("x11_window.py")).args([command, "Switchyard"]).output().unwrap();
    assert!(out.status.success(), "x11_window.py {command}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn wait_until(what: &str, ok: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ok() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(150));
    }
}

fn listening(port: u16) -> bool {
    TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_millis(300)).is_ok()
}

fn app_processes() -> usize {
    let out = Command::new("pgrep").args(["-fx", &env("SWITCHYARD_APP")]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).split_whitespace().count()
}

fn switch_look(w: &Window, theme: &str, language: &str) {
    w.click("[data-testid=nav-settings]");
    w.click(&format!("[data-testid=theme-select] option[value={theme}]"));
    w.click(&format!("[data-testid=language-select] option[value='{language}']"));
}

#[test]
fn the_tray_the_close_button_a_second_launch_and_a_relaunch_behave_as_a_desktop_app_should() {
    let w = Window::launch();
    switch_look(&w, "light", "en");

    // The tray: the gateway listening and today's spend; Stop, then Start, as the menu says.
    let labels = tray_labels();
    let status = labels
        .iter()
        .find(|l| l.starts_with("Gateway: listening on http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("the tray tells where the gateway listens: {labels:?}"));
    let port: u16 = status.rsplit(':').next().unwrap().parse().unwrap();
    assert!(labels.iter().any(|l| l.starts_with("Today: $")), "today's spend: {labels:?}");
    assert!(listening(port));
    tray(&["click", "Stop gateway", "--expect-label", "Start gateway"]);
    wait_until("the gateway to stop", || !listening(port));
    assert!(tray_labels().contains(&"Gateway: stopped".to_owned()));
    w.click("[data-testid=nav-settings]");
    w.wait_for_text("[data-testid=gateway-status]", "the card to follow the tray", |t| !t.contains(&port.to_string()));
    tray(&["click", "Start gateway", "--expect-label", "Stop gateway"]);
    wait_until("the gateway to listen again", || listening(port));
    w.wait_for_text("[data-testid=gateway-status]", "the card to follow the tray", |t| t.contains(&port.to_string()));

    // The first close asks; keeping it in the tray hides the window and the gateway goes on.
    assert_eq!(x11("state"), "viewable");
    x11("close");
    w.find("[data-testid=close-dialog]");
    w.screenshot("80-close-asks-en-light");
    // Clicked from the page: the click hides the window, and WebKitWebDriver's own click then waited past its timeout once.
    w.press("[data-testid=close-keep]");
    wait_until("the window to hide", || x11("state") == "hidden");
    assert!(listening(port), "the gateway keeps serving from the tray");
    tray(&["click", "Open Switchyard"]);
    wait_until("the window to come back", || x11("state") == "viewable");

    // The answer is kept: the next close hides at once. A second launch brings the window back and exits.
    x11("close");
    wait_until("the window to hide without asking", || x11("state") == "hidden");
    assert_eq!(w.count("[data-testid=close-dialog]"), 0);
    let second = Command::new(env("SWITCHYARD_APP")).status().expect("a second launch");
    assert!(second.success(), "the second launch hands over and exits cleanly: {second}");
    wait_until("the first window to come back", || x11("state") == "viewable");
    assert_eq!(app_processes(), 1, "still one app");

    // Settings say what was chosen; start at login writes an entry that starts in the tray, and removes it.
    w.click("[data-testid=nav-settings]");
    w.scroll_to("[data-testid=close-behaviour]");
    // auto-launch writes under $HOME/.config whatever XDG_CONFIG_HOME says; the test removes what it made.
    let autostart_file = PathBuf::from(env("HOME")).join(".config/autostart/Switchyard.desktop");
    assert!(!autostart_file.exists(), "off by default");
    w.click("[data-testid=autostart]");
    wait_until("the autostart entry", || autostart_file.exists());
    let entry = std::fs::read_to_string(&autostart_file).unwrap();
    assert!(entry.contains("--in-tray"), "{entry}");
    w.screenshot("81-settings-window-en-light");
    w.click("[data-testid=autostart]");
    wait_until("the autostart entry to go", || !autostart_file.exists());

    // Chinese and dark: ask again, and the question reads in Chinese.
    switch_look(&w, "dark", "zh-CN");
    w.click("[data-testid=close-behaviour] option[value=ask]");
    w.scroll_to("[data-testid=close-behaviour]");
    w.screenshot("82-settings-window-zh-dark");
    x11("close");
    let question = w.wait_for_text("[data-testid=close-dialog]", "the question in Chinese", |t| t.contains("托盘"));
    assert!(!question.contains("Keep running"), "{question}");
    w.screenshot("83-close-asks-zh-dark");
    // Clicked from the page: the click hides the window, and WebKitWebDriver's own click then waited past its timeout once.
    w.press("[data-testid=close-keep]");
    wait_until("the window to hide", || x11("state") == "hidden");
    assert!(tray_labels().iter().any(|l| l.starts_with("网关：正在监听")), "the tray reads Chinese");
    tray(&["click", "打开 Switchyard"]);
    wait_until("the window to come back", || x11("state") == "viewable");
    switch_look(&w, "light", "en");

    // Size and place survive a quit from the tray and a relaunch.
    w.0.set_window_rect(40, 30, 1010, 730).expect("the driver moves and sizes the window");
    std::thread::sleep(Duration::from_millis(300));
    let placed = w.0.window_rect().unwrap();
    tray(&["click", "Quit Switchyard"]);
    wait_until("the app to quit", || app_processes() == 0);
    let _ = w.0.quit();
    let w = Window::launch();
    let restored = w.0.window_rect().unwrap();
    assert_eq!(restored, placed, "the window comes back where and as big as it was");
    w.screenshot("84-relaunched-same-place");
    w.0.quit().unwrap();
}
