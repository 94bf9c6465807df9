//! A process's resident memory over a span of work: its peak, sampled from /proc/<pid>/status every few
//! milliseconds, and also read from VmHWM after resetting it (`5` into /proc/<pid>/clear_refs) when the kernel lets us,
//! so a peak between two samples is not missed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// A field of /proc/<pid>/status in KiB (`VmRSS`, `VmHWM`).
pub fn status_kb(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.strip_prefix(field).is_some_and(|rest| rest.starts_with(':')))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

pub fn rss_mb(pid: u32) -> f64 {
    status_kb(pid, "VmRSS") as f64 / 1024.0
}

pub struct PeakRss {
    pid: u32,
    hwm_reset: bool,
    stop: Arc<AtomicBool>,
    sampler: JoinHandle<u64>,
}

impl PeakRss {
    pub fn start(pid: u32) -> Self {
        let hwm_reset = std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let sampler = std::thread::spawn(move || {
            let mut peak = status_kb(pid, "VmRSS");
            while !flag.load(Ordering::Relaxed) {
                peak = peak.max(status_kb(pid, "VmRSS"));
                std::thread::sleep(Duration::from_millis(5));
            }
            peak
        });
        Self { pid, hwm_reset, stop, sampler }
    }

    /// The peak in MB since `start`.
    pub fn finish(self) -> f64 {
        self.stop.store(true, Ordering::Relaxed);
        let sampled = self.sampler.join().unwrap();
        let hwm = if self.hwm_reset { status_kb(self.pid, "VmHWM") } else { 0 };
        sampled.max(hwm) as f64 / 1024.0
    }
}
