//! JSON logs in a daily-rotating file, with every line scrubbed of key-shaped text before it is written.

use std::io::{self, Write};
use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::{EnvFilter, Registry};

use crate::error::{Error, ErrorCategory, Result};
use crate::scrub::scrub;

const KEEP_FILES: usize = 7;

/// Keep it alive for as long as logs should be written; dropping it flushes the file.
pub struct LogGuard(#[allow(dead_code)] WorkerGuard);

/// Builds the subscriber without installing it (tests install it for one scope only).
pub fn subscriber(log_dir: &Path) -> Result<(impl tracing::Subscriber + Send + Sync, LogGuard)> {
    std::fs::create_dir_all(log_dir)?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("switchyard")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(log_dir)
        .map_err(|e| {
            Error::new(ErrorCategory::Storage, "log_init_failed", format!("Could not open the log file: {e}"))
        })?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("SWITCHYARD_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let layer = tracing_subscriber::fmt::layer()
        .json()
        .with_current_span(true)
        .with_span_list(false)
        .with_writer(ScrubbingWriter(writer));
    Ok((Registry::default().with(filter).with(layer), LogGuard(guard)))
}

/// Installs the log file as the process-wide subscriber, and panics reported through it.
pub fn init(log_dir: &Path) -> Result<LogGuard> {
    let (subscriber, guard) = subscriber(log_dir)?;
    tracing::subscriber::set_global_default(subscriber).map_err(|_| Error::internal("logging was already set up"))?;
    scrub_panics();
    Ok(guard)
}

/// Replaces the default panic report (written to stderr as it is) with a scrubbed one, on stderr and in the log:
/// a panic's message may quote a request, a header or an upstream's answer.
pub fn scrub_panics() {
    std::panic::set_hook(Box::new(|info| {
        let report = panic_report(info);
        eprintln!("{report}");
        tracing::error!(panic = %report, "a thread panicked");
    }));
}

fn panic_report(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("Box<dyn Any>");
    let thread = std::thread::current();
    let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
    // The thread's name and the location are the program's own; only the message may quote outside text.
    let message = scrub(message);
    let mut report = format!("thread '{}' panicked{location}: {message}", thread.name().unwrap_or("<unnamed>"));
    let backtrace = std::backtrace::Backtrace::capture();
    if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
        report.push_str(&format!("\n{}", scrub(&backtrace.to_string())));
    }
    report
}

/// Wraps a writer; the fmt layer writes one whole formatted event per call, so scrubbing per write sees whole lines.
#[derive(Clone)]
struct ScrubbingWriter<M>(M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for ScrubbingWriter<M> {
    type Writer = ScrubbedLine<M::Writer>;
    fn make_writer(&'a self) -> Self::Writer {
        ScrubbedLine(self.0.make_writer())
    }
}

struct ScrubbedLine<W>(W);

impl<W: Write> Write for ScrubbedLine<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(scrub(&text).as_bytes())?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_json_lines_without_keys() {
        let dir = tempfile::tempdir().unwrap();
        let (subscriber, guard) = subscriber(dir.path()).unwrap();
        tracing::subscriber::with_default(subscriber, || {
            let span = tracing::info_span!("chat", trace_id = "3f2b8c1e-9d4a-4b7e-8a6f-1c2d3e4f5a6b");
            let _e = span.enter();
            tracing::info!(header = "Bearer sk-live-1234567890abcdef", "calling upstream");
        });
        drop(guard);
        let mut text = String::new();
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        assert!(text.contains("calling upstream"), "log line missing: {text}");
        assert!(text.contains("3f2b8c1e-9d4a-4b7e-8a6f-1c2d3e4f5a6b"), "trace id missing: {text}");
        assert!(!text.contains("1234567890abcdef"), "key leaked into log: {text}");
        let line = text.lines().next().unwrap();
        serde_json::from_str::<serde_json::Value>(line).expect("log lines are JSON");
    }

    #[test]
    fn a_panic_is_reported_scrubbed() {
        let dir = tempfile::tempdir().unwrap();
        let (subscriber, guard) = subscriber(dir.path()).unwrap();
        let key = "panickingheldkeywithoutdigits";
        crate::scrub::hold(key);
        scrub_panics();
        let panicked = std::thread::spawn(move || {
            tracing::subscriber::with_default(subscriber, || panic!("unexpected answer echoing {key}"));
        })
        .join();
        // Back to the default report for the other tests of this binary.
        let _ = std::panic::take_hook();
        assert!(panicked.is_err());
        drop(guard);
        let mut text = String::new();
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        assert!(text.contains("unexpected answer echoing [REDACTED]"), "no scrubbed report: {text}");
        assert!(!text.contains(key), "{text}");
    }
}
