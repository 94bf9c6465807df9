//! The app's window under test: launched through tauri-driver, found by test ids, photographed whole.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::{Element, Session};

pub fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run this test through scripts/e2e.sh"))
}

/// Waits up to 30 s for `ok`, checking every 100 ms; panics naming `what` when it never holds.
pub fn until(what: &str, ok: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ok() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub struct Window(pub Session);

/// WebDriver's key values for the keys that type no character.
pub const CONTROL: &str = "\u{E009}";
pub const DELETE: &str = "\u{E017}";

impl Window {
    pub fn launch() -> Self {
        let session = Session::launch("http://127.0.0.1:4444", &env("SWITCHYARD_APP"))
            .expect("tauri-driver must be running on 127.0.0.1:4444");
        let w = Window(session);
        w.find("[data-testid=nav-chat]");
        w
    }

    /// Settings → theme and language, then back to the chat.
    pub fn switch_look(&self, theme: &str, language: &str) {
        self.click("[data-testid=nav-settings]");
        self.click(&format!("[data-testid=theme-select] option[value={theme}]"));
        self.click(&format!("[data-testid=language-select] option[value='{language}']"));
        self.click("[data-testid=nav-chat]");
    }

    pub fn find(&self, css: &str) -> Element {
        self.0.wait_for(css, Duration::from_secs(20)).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Clicks the element; while something else still covers it (a canvas settling its view on a busy machine,
    /// a fading notice) the click is tried again for up to 10 s, as a person would wait for it to clear.
    pub fn click(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let e = self.find(css);
            match self.0.click(&e) {
                Ok(_) => return,
                Err(err) if err.to_string().contains("intercepted") && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(err) => panic!("click {css}: {err}"),
            }
        }
    }

    /// Clicks through the page itself: WebKitWebDriver calls table rows "not interactable".
    pub fn press(&self, css: &str) {
        self.find(css);
        let script = "document.querySelector(arguments[0]).click(); return true;";
        self.0.execute(script, vec![css.into()]).unwrap_or_else(|err| panic!("press {css}: {err}"));
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.0.type_text(&e, text).unwrap_or_else(|err| panic!("type into {css}: {err}"));
    }

    /// Polls the text under `css` until `ok` holds.
    pub fn wait_for_text(&self, css: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut last = String::new();
        while Instant::now() < deadline {
            // textContent rather than WebDriver's rendered text: WebKitWebDriver returned "" for the conversation list.
            let script = "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;";
            if let Ok(serde_json::Value::String(text)) = self.0.execute(script, vec![css.into()]) {
                last = text;
                if ok(&last) {
                    return last;
                }
            }
            std::thread::sleep(Duration::from_millis(150));
        }
        panic!("timed out waiting for {what} in {css}; last text: {last:?}");
    }

    /// Scrolls the element under `css` to the top of its scrolling page, for a screenshot of it.
    pub fn scroll_to(&self, css: &str) {
        self.find(css);
        let script = "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' }); return true;";
        self.0.execute(script, vec![css.into()]).unwrap_or_else(|err| panic!("scroll to {css}: {err}"));
        std::thread::sleep(Duration::from_millis(200));
    }

    /// Drags with the mouse from the centre of `from` to the centre of `to`, in small steps (as a hand would), for
    /// what listens to pointer events (the canvas's handles and nodes).
    pub fn drag(&self, from: &str, to: &str) {
        let (a, b) = (self.find(from), self.find(to));
        let origin = |e: &Element| serde_json::json!({ "element-6066-11e4-a52e-4f735466cecf": e.0 });
        let mut steps = vec![
            serde_json::json!({ "type": "pointerMove", "duration": 0, "origin": origin(&a), "x": 0, "y": 0 }),
            serde_json::json!({ "type": "pointerDown", "button": 0 }),
            serde_json::json!({ "type": "pause", "duration": 50 }),
        ];
        for _ in 0..3 {
            steps.push(
                serde_json::json!({ "type": "pointerMove", "duration": 60, "origin": origin(&b), "x": 0, "y": 0 }),
            );
        }
        steps.push(serde_json::json!({ "type": "pointerUp", "button": 0 }));
        let actions = serde_json::json!([{ "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" }, "actions": steps }]);
        self.0.actions(actions).unwrap_or_else(|err| panic!("drag {from} to {to}: {err}"));
    }

    /// Presses keys together (a chord such as Ctrl+A: `&[CONTROL, "a"]`), as a person would on the focused page.
    pub fn chord(&self, keys: &[&str]) {
        let mut steps: Vec<serde_json::Value> =
            keys.iter().map(|k| serde_json::json!({ "type": "keyDown", "value": k })).collect();
        steps.extend(keys.iter().rev().map(|k| serde_json::json!({ "type": "keyUp", "value": k })));
        let actions = serde_json::json!([{ "type": "key", "id": "keyboard", "actions": steps }]);
        self.0.actions(actions).unwrap_or_else(|err| panic!("keys {keys:?}: {err}"));
    }

    /// Selects the text of an input or textarea, so what is typed next replaces it.
    pub fn select_text(&self, css: &str) {
        self.find(css);
        let script = "const e = document.querySelector(arguments[0]); e.focus(); e.select(); return true;";
        self.0.execute(script, vec![css.into()]).unwrap_or_else(|err| panic!("select {css}: {err}"));
    }

    /// Puts `text` into an input or textarea at once, as a paste does (typing a whole file key by key is slow).
    pub fn paste(&self, css: &str, text: &str) {
        self.find(css);
        let script = r#"
            const [css, text] = arguments;
            const e = document.querySelector(css);
            const proto = e instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
            Object.getOwnPropertyDescriptor(proto, 'value').set.call(e, text);
            e.dispatchEvent(new Event('input', { bubbles: true }));
            return true;"#;
        self.0.execute(script, vec![css.into(), text.into()]).unwrap_or_else(|err| panic!("paste into {css}: {err}"));
    }

    pub fn count(&self, css: &str) -> usize {
        self.0.find_all(css).map(|v| v.len()).unwrap_or(0)
    }

    pub fn screenshot(&self, name: &str) {
        let dir = PathBuf::from(env("E2E_SCREENSHOTS"));
        std::fs::create_dir_all(&dir).unwrap();
        // WebKitWebDriver's screenshot command hung and then crashed the driver on this machine, so the whole
        // Xvfb screen is captured instead (it holds only this window).
        let file = dir.join(format!("{name}.png"));
        let status = std::process::Command::new("import")
            .args(["-window", "root"])
            .arg(&file)
            .status()
            .expect("ImageMagick import");
        assert!(status.success(), "screenshot {name} failed");
    }
}
