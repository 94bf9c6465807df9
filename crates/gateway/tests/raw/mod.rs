//! HTTP/1 requests written byte by byte, for what reqwest will not send (repeated or non-ASCII headers, no Host,
//! a body shorter than its length), and their answers read as they came.
#![allow(dead_code)]

use std::net::SocketAddr;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Writes `request`, closes the writing half if asked (hyper then drops a request still being answered), and
/// returns the whole answer.
pub async fn send(addr: SocketAddr, request: &[u8], close_writing: bool) -> String {
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    tcp.write_all(request).await.unwrap();
    if close_writing {
        tcp.shutdown().await.unwrap();
    }
    let mut answer = Vec::new();
    tcp.read_to_end(&mut answer).await.unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

/// The status, JSON body and trace id header of an answer.
pub fn json_of(answer: &str) -> (u16, Value, String) {
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or_else(|| panic!("a whole answer: {answer:?}"));
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let trace = head
        .lines()
        .find_map(|l| l.strip_prefix("x-switchyard-trace-id: "))
        .unwrap_or_else(|| panic!("a trace id header: {head}"))
        .to_owned();
    (status, serde_json::from_str(body).unwrap_or_else(|_| panic!("JSON body: {answer}")), trace)
}
