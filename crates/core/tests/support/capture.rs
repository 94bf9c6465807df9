//! An upstream that records every request it gets (path, headers, JSON body) and answers each with a canned reply:
//! for checking exactly what the gateway sent upstream, and for serving stream shapes no mock produces.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub struct Captured {
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: serde_json::Value,
    /// The body as it arrived, for checks on exact number text.
    pub raw: String,
}

impl Captured {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
}

impl Reply {
    pub fn sse(body: impl Into<String>) -> Self {
        Reply { status: 200, content_type: "text/event-stream", body: body.into() }
    }
    pub fn json(body: impl Into<String>) -> Self {
        Reply { status: 200, content_type: "application/json", body: body.into() }
    }
}

pub struct Capture {
    pub base_url: String,
    seen: Arc<Mutex<Vec<Captured>>>,
}

impl Capture {
    /// Serves on a free loopback port until the test ends; `reply` answers each request.
    pub fn start(reply: impl Fn(&Captured) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_on(0, reply)
    }

    /// On a given port (0: any free one).
    pub fn start_on(port: u16, reply: impl Fn(&Captured) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
        let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (log, reply) = (seen.clone(), Arc::new(reply));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let (log, reply) = (log.clone(), reply.clone());
                std::thread::spawn(move || {
                    let _ = stream.set_nodelay(true);
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let Some(request) = read(&mut reader) else { return };
                    let answer = reply(&request);
                    log.lock().unwrap().push(request);
                    let mut stream = stream;
                    let head = format!(
                        "HTTP/1.1 {} X\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        answer.status,
                        answer.content_type,
                        answer.body.len()
                    );
                    let _ = stream.write_all(head.as_bytes());
                    let _ = stream.write_all(answer.body.as_bytes());
                });
            }
        });
        Capture { base_url, seen }
    }

    pub fn requests(&self) -> Vec<Captured> {
        self.seen.lock().unwrap().clone()
    }

    pub fn last(&self) -> Captured {
        self.requests().pop().expect("the upstream got no request")
    }
}

fn read(reader: &mut BufReader<std::net::TcpStream>) -> Option<Captured> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_owned();
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let (name, value) = trimmed.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).ok()?;
    let raw = String::from_utf8_lossy(&body).into_owned();
    Some(Captured { path, headers, body: serde_json::from_str(&raw).unwrap_or(serde_json::Value::Null), raw })
}
