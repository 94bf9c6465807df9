//! A minimal W3C WebDriver client for driving the real window through tauri-driver.
//! (fantoccini 0.22 opened a session here but then hung on the first element lookup; the plain protocol works.)

pub mod window;

use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Session {
    http: reqwest::blocking::Client,
    base: String,
}

#[derive(Debug, Clone)]
pub struct Element(pub String);

impl Session {
    /// Starts the app at `application` through the driver at `driver` (e.g. http://127.0.0.1:4444).
    pub fn launch(driver: &str, application: &str) -> Result<Self, String> {
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|e| e.to_string())?;
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "wry", "tauri:options": { "application": application } } } });
        let value = send(http.post(format!("{driver}/session")).json(&caps))?;
        let id = value["sessionId"].as_str().ok_or_else(|| format!("no session id in {value}"))?;
        Ok(Self { http, base: format!("{driver}/session/{id}") })
    }

    fn post(&self, path: &str, body: Value) -> Result<Value, String> {
        send(self.http.post(format!("{}{path}", self.base)).json(&body))
    }

    fn get(&self, path: &str) -> Result<Value, String> {
        send(self.http.get(format!("{}{path}", self.base)))
    }

    pub fn find(&self, css: &str) -> Result<Element, String> {
        let v = self.post("/element", json!({ "using": "css selector", "value": css }))?;
        v[ELEMENT_KEY].as_str().map(|id| Element(id.to_owned())).ok_or_else(|| format!("no element for {css}: {v}"))
    }

    pub fn find_all(&self, css: &str) -> Result<Vec<Element>, String> {
        let v = self.post("/elements", json!({ "using": "css selector", "value": css }))?;
        Ok(v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e[ELEMENT_KEY].as_str())
            .map(|id| Element(id.to_owned()))
            .collect())
    }

    /// Waits up to `within` for `css` to match.
    pub fn wait_for(&self, css: &str, within: Duration) -> Result<Element, String> {
        let deadline = Instant::now() + within;
        loop {
            match self.find(css) {
                Ok(e) => return Ok(e),
                Err(e) if Instant::now() >= deadline => return Err(format!("timed out waiting for {css}: {e}")),
                Err(_) => std::thread::sleep(Duration::from_millis(150)),
            }
        }
    }

    pub fn click(&self, e: &Element) -> Result<(), String> {
        self.post(&format!("/element/{}/click", e.0), json!({})).map(|_| ())
    }

    pub fn type_text(&self, e: &Element, text: &str) -> Result<(), String> {
        self.post(&format!("/element/{}/value", e.0), json!({ "text": text })).map(|_| ())
    }

    pub fn text(&self, e: &Element) -> Result<String, String> {
        Ok(self.get(&format!("/element/{}/text", e.0))?.as_str().unwrap_or_default().to_owned())
    }

    pub fn page_source(&self) -> Result<String, String> {
        Ok(self.get("/source")?.as_str().unwrap_or_default().to_owned())
    }

    /// Runs `script` in the page and returns its result.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
    }

    /// Performs W3C input actions (pointer drags, key chords) and releases whatever they left pressed.
    pub fn actions(&self, actions: Value) -> Result<(), String> {
        self.post("/actions", json!({ "actions": actions }))?;
        send(self.http.delete(format!("{}/actions", self.base))).map(|_| ())
    }

    /// Sets the window's outer size (so a tall card fits in one screenshot); the driver may refuse.
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<(), String> {
        self.post("/window/rect", json!({ "width": width, "height": height })).map(|_| ())
    }

    /// The window's place and outer size: (x, y, width, height).
    pub fn window_rect(&self) -> Result<(i64, i64, i64, i64), String> {
        let r = self.get("/window/rect")?;
        let n = |k: &str| r[k].as_f64().map(|v| v.round() as i64).ok_or_else(|| format!("no {k} in {r}"));
        Ok((n("x")?, n("y")?, n("width")?, n("height")?))
    }

    /// Moves and sizes the window; the driver may refuse.
    pub fn set_window_rect(&self, x: i64, y: i64, width: u32, height: u32) -> Result<(), String> {
        self.post("/window/rect", json!({ "x": x, "y": y, "width": width, "height": height })).map(|_| ())
    }

    /// Ends the session, which quits the app.
    pub fn quit(self) -> Result<(), String> {
        send(self.http.delete(&self.base)).map(|_| ())
    }
}

fn send(request: reqwest::blocking::RequestBuilder) -> Result<Value, String> {
    let response = request.send().map_err(|e| format!("webdriver request failed: {e}"))?;
    let status = response.status();
    let body: Value = response.json().map_err(|e| format!("webdriver answered non-JSON ({status}): {e}"))?;
    if !status.is_success() {
        return Err(format!("webdriver error {status}: {}", body["value"]));
    }
    Ok(body["value"].clone())
}
