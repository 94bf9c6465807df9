//! Incremental Server-Sent Events parser (WHATWG rules) that accepts bytes in pieces of any size:
//! an event, a line, or a multi-byte character may be split across any number of reads.

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SseEvent {
    pub event: Option<String>,
    pub data: String,
    pub id: Option<String>,
}

#[derive(Debug, Default)]
pub struct SseParser {
    buf: Vec<u8>,
    event: Option<String>,
    data: String,
    has_data: bool,
    id: Option<String>,
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the next bytes and returns every event they complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<SseEvent> {
        // The buffer is taken out while its lines are read, so a line is a slice of it, not a copy.
        let mut buf = std::mem::take(&mut self.buf);
        buf.extend_from_slice(bytes);
        let mut events = Vec::new();
        let mut start = 0;
        while let Some(offset) = buf[start..].iter().position(|&b| b == b'\n' || b == b'\r') {
            let end = start + offset;
            let terminator_len = if buf[end] == b'\r' {
                match buf.get(end + 1) {
                    Some(b'\n') => 2,
                    Some(_) => 1,
                    // A lone CR at the end may be the first half of CRLF: wait for more bytes.
                    None => break,
                }
            } else {
                1
            };
            let line = String::from_utf8_lossy(&buf[start..end]);
            start = end + terminator_len;
            if let Some(event) = self.process_line(&line) {
                events.push(event);
            }
        }
        buf.drain(..start);
        self.buf = buf;
        events
    }

    /// Bytes held for an event not yet complete (a line without its end, data lines without the blank line).
    pub fn pending_bytes(&self) -> usize {
        self.buf.len() + self.data.len()
    }

    /// Call at end of input. Servers often omit the final blank line; a complete `data:` line still counts.
    pub fn finish(&mut self) -> Option<SseEvent> {
        if !self.buf.is_empty() {
            let rest = std::mem::take(&mut self.buf);
            let line = String::from_utf8_lossy(&rest).into_owned();
            let trimmed = line.trim_end_matches('\r');
            if let Some(event) = self.process_line(trimmed) {
                return Some(event);
            }
        }
        self.dispatch()
    }

    fn process_line(&mut self, line: &str) -> Option<SseEvent> {
        if line.is_empty() {
            return self.dispatch();
        }
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = match line.find(':') {
            Some(i) => {
                let v = &line[i + 1..];
                (&line[..i], v.strip_prefix(' ').unwrap_or(v))
            }
            None => (line, ""),
        };
        match field {
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "event" => self.event = Some(value.to_owned()),
            "id" if !value.contains('\0') => self.id = Some(value.to_owned()),
            _ => {}
        }
        None
    }

    fn dispatch(&mut self) -> Option<SseEvent> {
        if !self.has_data {
            self.event = None;
            return None;
        }
        self.has_data = false;
        Some(SseEvent { event: self.event.take(), data: std::mem::take(&mut self.data), id: self.id.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse_whole(input: &[u8]) -> Vec<SseEvent> {
        let mut p = SseParser::new();
        let mut out = p.feed(input);
        out.extend(p.finish());
        out
    }

    fn parse_in_pieces(input: &[u8], sizes: &[usize]) -> Vec<SseEvent> {
        let mut p = SseParser::new();
        let mut out = Vec::new();
        let mut rest = input;
        let mut i = 0;
        while !rest.is_empty() {
            let n = sizes[i % sizes.len()].clamp(1, rest.len());
            out.extend(p.feed(&rest[..n]));
            rest = &rest[n..];
            i += 1;
        }
        out.extend(p.finish());
        out
    }

    #[test]
    fn parses_events_names_multiline_data_and_comments() {
        let input = b": keep-alive\nevent: message_start\ndata: {\"a\":1}\n\ndata: line1\ndata: line2\nid: 7\n\n";
        let events = parse_whole(input);
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].event.as_deref(), Some("message_start"));
        assert_eq!(events[0].data, "{\"a\":1}");
        assert_eq!(events[1].data, "line1\nline2");
        assert_eq!(events[1].id.as_deref(), Some("7"));
        assert_eq!(events[1].event, None);
    }

    #[test]
    fn handles_crlf_split_between_reads() {
        let events = parse_in_pieces(b"data: a\r\n\r\ndata: b\r\n\r\n", &[7, 1, 1, 1]);
        assert_eq!(events.iter().map(|e| e.data.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn keeps_multibyte_characters_split_across_reads() {
        let input = "data: 你好，世界\n\n".as_bytes();
        let events = parse_in_pieces(input, &[1]);
        assert_eq!(events[0].data, "你好，世界");
    }

    #[test]
    fn flushes_a_final_event_without_trailing_blank_line() {
        let events = parse_whole(b"data: [DONE]");
        assert_eq!(events[0].data, "[DONE]");
    }

    #[test]
    fn blank_lines_without_data_dispatch_nothing() {
        assert!(parse_whole(b"\n\n\nevent: ping\n\n").is_empty());
    }

    proptest! {
        #[test]
        fn any_split_gives_the_same_events(input in proptest::collection::vec(any::<u8>(), 0..400),
                                           sizes in proptest::collection::vec(1usize..9, 1..20)) {
            prop_assert_eq!(parse_whole(&input), parse_in_pieces(&input, &sizes));
        }

        #[test]
        fn well_formed_streams_round_trip(datas in proptest::collection::vec("[^\r\n]{0,40}", 0..12),
                                          sizes in proptest::collection::vec(1usize..8, 1..10)) {
            let mut input = String::new();
            for d in &datas { input.push_str(&format!("data: {d}\n\n")); }
            let events = parse_in_pieces(input.as_bytes(), &sizes);
            let got: Vec<String> = events.into_iter().map(|e| e.data).collect();
            prop_assert_eq!(got, datas);
        }
    }
}
