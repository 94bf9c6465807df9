//! A hand-driven HTTP upstream for what aimock cannot show: exact byte splits, silence, and seeing the client hang up.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub struct Served {
    pub base_url: String,
    pub handle: JoinHandle<Report>,
}

#[derive(Debug)]
pub struct Report {
    /// How long after the first body byte the client was seen gone (a write failed), if it was.
    pub client_gone_after: Option<Duration>,
    pub pieces_written: usize,
}

fn read_request(stream: &mut TcpStream) {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&byte[..n]),
        }
    }
}

const HEADERS: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";

/// Serves `body` once, as writes of the given sizes (cycled), with `pause` between writes.
pub fn serve_in_pieces(body: Vec<u8>, sizes: Vec<usize>, pause: Duration) -> Served {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream.set_nodelay(true).unwrap();
        read_request(&mut stream);
        stream.write_all(HEADERS).unwrap();
        let mut rest = &body[..];
        let mut i = 0;
        while !rest.is_empty() {
            let n = sizes[i % sizes.len()].clamp(1, rest.len());
            if stream.write_all(&rest[..n]).is_err() {
                break;
            }
            rest = &rest[n..];
            i += 1;
            if !pause.is_zero() {
                std::thread::sleep(pause);
            }
        }
        Report { client_gone_after: None, pieces_written: i }
    });
    Served { base_url, handle }
}

/// Sends one text chunk every `every` until the client hangs up (or `limit` passes), and reports when it did.
pub fn serve_forever(every: Duration, limit: Duration) -> Served {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        read_request(&mut stream);
        stream.write_all(HEADERS).unwrap();
        let start = Instant::now();
        let mut pieces = 0;
        while start.elapsed() < limit {
            let chunk =
                format!("data: {{\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"tick {pieces} \"}}}}]}}\n\n");
            if stream.write_all(chunk.as_bytes()).and_then(|_| stream.flush()).is_err() {
                return Report { client_gone_after: Some(start.elapsed()), pieces_written: pieces };
            }
            pieces += 1;
            std::thread::sleep(every);
        }
        Report { client_gone_after: None, pieces_written: pieces }
    });
    Served { base_url, handle }
}

/// Sends headers and one chunk, then says nothing more.
pub fn serve_then_stall(stall: Duration) -> Served {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        read_request(&mut stream);
        stream.write_all(HEADERS).unwrap();
        let _ = stream.write_all(b"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n");
        std::thread::sleep(stall);
        Report { client_gone_after: None, pieces_written: 1 }
    });
    Served { base_url, handle }
}

/// Answers every request on any number of connections with `body` as JSON after `delay`, counting the requests.
pub fn serve_json_slowly(
    body: &'static str,
    delay: Duration,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
    let count = std::sync::Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let counted = counted.clone();
            std::thread::spawn(move || {
                read_request(&mut stream);
                counted.fetch_add(1, Ordering::SeqCst);
                std::thread::sleep(delay);
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(body.as_bytes());
            });
        }
    });
    (base_url, count)
}

/// Where a connection is broken on purpose.
#[derive(Debug, Clone, Copy)]
pub enum ResetAt {
    /// Right after accepting, before reading anything.
    Accept,
    /// After the start of the request arrived, before any answer.
    Request,
    /// After the status line, headers and one event of a streamed answer.
    MidBody,
}

/// Resets every connection at `at`: closing a socket with unread input makes the kernel send RST.
pub fn serve_reset(at: ResetAt) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            // Let the request arrive, so some of it is still unread when the socket closes.
            std::thread::sleep(Duration::from_millis(30));
            match at {
                ResetAt::Accept => {}
                ResetAt::Request => {
                    let _ = stream.read(&mut [0u8; 16]);
                }
                ResetAt::MidBody => {
                    let _ = stream.read(&mut [0u8; 16]);
                    let _ = stream.write_all(HEADERS);
                    let _ = stream.write_all(b"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n");
                    std::thread::sleep(Duration::from_millis(30));
                }
            }
            drop(stream);
        }
    });
    base_url
}
