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

#[derive(Debug, Default)]
struct Circuit {
    outcomes: VecDeque<(Instant, bool)>,
    open_until: Option<Instant>,
    probing: bool,
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
        c.outcomes.push_back((now, success));
        while c.outcomes.front().is_some_and(|(t, _)| now.duration_since(*t) > self.policy.window) {
            c.outcomes.pop_front();
        }
        let failures = c.outcomes.iter().filter(|(_, ok)| !ok).count();
        if c.outcomes.len() >= self.policy.min_calls
            && failures as f64 / c.outcomes.len() as f64 >= self.policy.failure_ratio
        {
            tracing::warn!(target, failures, calls = c.outcomes.len(), "circuit opened");
            c.open_until = Some(now + self.policy.cooldown);
            c.outcomes.clear();
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
