//! A circuit breaker per route target: when most recent calls failed, stop sending for a cooldown, then let one
//! probe through; its outcome closes or reopens the circuit.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct BreakerPolicy {
    /// Outcomes older than this are forgotten.
    pub window: Duration,
    /// Fewer calls than this in the window never open the circuit.
    pub min_calls: usize,
    /// Share of failures in the window that opens it.
    pub failure_ratio: f64,
    pub cooldown: Duration,
}

impl Default for BreakerPolicy {
    fn default() -> Self {
        Self { window: Duration::from_secs(60), min_calls: 5, failure_ratio: 0.5, cooldown: Duration::from_secs(30) }
    }
}

/// The window is kept as this many buckets of counts, so a busy target costs the same memory and time per call
/// as an idle one (a list of every outcome grew to one entry per call in the window).
const BUCKETS: u32 = 10;

#[derive(Debug)]
struct Bucket {
    start: Instant,
    calls: u32,
    failures: u32,
}

#[derive(Debug, Default)]
struct Circuit {
    buckets: VecDeque<Bucket>,
    open_until: Option<Instant>,
    probing: bool,
}

impl Circuit {
    /// Counts one outcome and returns the calls and failures now in the window.
    fn count(&mut self, now: Instant, window: Duration, success: bool) -> (u32, u32) {
        while self.buckets.front().is_some_and(|b| now.duration_since(b.start) > window) {
            self.buckets.pop_front();
        }
        let width = window / BUCKETS;
        match self.buckets.back_mut() {
            Some(b) if now.duration_since(b.start) < width => {
                b.calls += 1;
                b.failures += u32::from(!success);
            }
            _ => self.buckets.push_back(Bucket { start: now, calls: 1, failures: u32::from(!success) }),
        }
        self.buckets.iter().fold((0, 0), |(c, f), b| (c + b.calls, f + b.failures))
    }
}

#[derive(Default)]
pub struct Breakers {
    policy: BreakerPolicy,
    circuits: Mutex<HashMap<String, Circuit>>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Admission {
    Closed,
    /// The one call allowed through after a cooldown.
    Probe,
    Open,
}

impl Breakers {
    pub fn new(policy: BreakerPolicy) -> Self {
        Self { policy, circuits: Mutex::new(HashMap::new()) }
    }

    pub fn admit(&self, target: &str) -> Admission {
        let mut circuits = self.circuits.lock().unwrap();
        let c = circuits.entry(target.to_owned()).or_default();
        match c.open_until {
            None => Admission::Closed,
            Some(until) if Instant::now() < until => Admission::Open,
            Some(_) if c.probing => Admission::Open,
            Some(_) => {
                c.probing = true;
                Admission::Probe
            }
        }
    }

    pub fn record(&self, target: &str, success: bool) {
        let now = Instant::now();
        let mut circuits = self.circuits.lock().unwrap();
        let c = circuits.entry(target.to_owned()).or_default();
        if c.probing {
            c.probing = false;
            if success {
                *c = Circuit::default();
            } else {
                c.open_until = Some(now + self.policy.cooldown);
            }
            return;
        }
        let (calls, failures) = c.count(now, self.policy.window, success);
        if calls as usize >= self.policy.min_calls && failures as f64 / calls as f64 >= self.policy.failure_ratio {
            tracing::warn!(target, failures, calls, "circuit opened");
            c.open_until = Some(now + self.policy.cooldown);
            c.buckets.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quick() -> Breakers {
        Breakers::new(BreakerPolicy {
            window: Duration::from_secs(60),
            min_calls: 4,
            failure_ratio: 0.5,
            cooldown: Duration::from_millis(50),
        })
    }

    #[test]
    fn opens_on_failures_probes_once_after_cooldown_and_closes_on_success() {
        let b = quick();
        for ok in [true, false, false, false] {
            assert_eq!(b.admit("t"), Admission::Closed);
            b.record("t", ok);
        }
        assert_eq!(b.admit("t"), Admission::Open);
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(b.admit("t"), Admission::Probe);
        assert_eq!(b.admit("t"), Admission::Open, "only one probe at a time");
        b.record("t", true);
        assert_eq!(b.admit("t"), Admission::Closed);
        assert_eq!(b.admit("other"), Admission::Closed, "circuits are per target");
    }

    #[test]
    fn outcomes_older_than_the_window_are_forgotten_and_memory_stays_bounded() {
        let b = Breakers::new(BreakerPolicy {
            window: Duration::from_millis(100),
            min_calls: 4,
            failure_ratio: 0.5,
            cooldown: Duration::from_secs(60),
        });
        for _ in 0..3 {
            b.record("t", false);
        }
        std::thread::sleep(Duration::from_millis(120));
        b.record("t", false);
        assert_eq!(b.admit("t"), Admission::Closed, "the three old failures left the window");
        for _ in 0..10_000 {
            b.record("busy", true);
        }
        assert!(b.circuits.lock().unwrap()["busy"].buckets.len() <= BUCKETS as usize + 1);
        for _ in 0..10_000 {
            b.record("busy", false);
        }
        assert_eq!(b.admit("busy"), Admission::Open, "half the window failed");
    }

    #[test]
    fn a_failed_probe_reopens_and_few_calls_never_open() {
        let b = quick();
        b.record("t", false);
        b.record("t", false);
        assert_eq!(b.admit("t"), Admission::Closed, "below min_calls");
        b.record("t", false);
        b.record("t", false);
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(b.admit("t"), Admission::Probe);
        b.record("t", false);
        assert_eq!(b.admit("t"), Admission::Open);
    }
}
