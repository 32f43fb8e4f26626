//! The activity timer: set minutes, start, pause, reset; it knows when time is up.

/// A countdown measured on egui's clock (seconds).
#[derive(Clone, Debug, PartialEq)]
pub struct Timer {
    /// The activity's length.
    pub minutes: u32,
    elapsed_before: f64,
    started_at: Option<f64>,
}

impl Default for Timer {
    fn default() -> Self {
        Self {
            minutes: 10,
            elapsed_before: 0.0,
            started_at: None,
        }
    }
}

impl Timer {
    /// Seconds run so far.
    pub fn elapsed(&self, now: f64) -> f64 {
        self.elapsed_before + self.started_at.map_or(0.0, |s| (now - s).max(0.0))
    }

    /// Seconds left (negative once time is up).
    pub fn remaining(&self, now: f64) -> f64 {
        f64::from(self.minutes) * 60.0 - self.elapsed(now)
    }

    /// Whether it is counting down.
    pub fn is_running(&self) -> bool {
        self.started_at.is_some()
    }

    /// Whether it has been started since the last reset.
    pub fn is_started(&self, now: f64) -> bool {
        self.is_running() || self.elapsed(now) > 0.0
    }

    /// Whether the time is up.
    pub fn is_up(&self, now: f64) -> bool {
        self.is_started(now) && self.remaining(now) <= 0.0
    }

    /// Starts or pauses.
    pub fn start_pause(&mut self, now: f64) {
        match self.started_at.take() {
            Some(start) => self.elapsed_before += (now - start).max(0.0),
            None => self.started_at = Some(now),
        }
    }

    /// Back to the full time, stopped.
    pub fn reset(&mut self) {
        self.elapsed_before = 0.0;
        self.started_at = None;
    }

    /// `mm:ss` of the time left (`-mm:ss` past the end).
    pub fn display(&self, now: f64) -> String {
        let left = self.remaining(now);
        let secs = left.abs().ceil() as u64;
        let sign = if left < -0.5 { "-" } else { "" };
        format!("{sign}{:02}:{:02}", secs / 60, secs % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_pauses_and_resets() {
        let mut t = Timer {
            minutes: 1,
            ..Default::default()
        };
        assert_eq!(t.display(0.0), "01:00");
        assert!(!t.is_up(100.0), "not started: never up");
        t.start_pause(10.0);
        assert_eq!(t.display(40.0), "00:30");
        t.start_pause(40.0); // pause
        assert_eq!(t.display(1000.0), "00:30");
        t.start_pause(1000.0);
        assert!(!t.is_up(1029.0));
        assert!(t.is_up(1030.0));
        assert_eq!(t.display(1035.0), "-00:05");
        t.reset();
        assert_eq!(t.display(2000.0), "01:00");
        assert!(!t.is_running());
    }

    #[test]
    fn running_started_and_paused_are_told_apart() {
        let mut t = Timer {
            minutes: 1,
            ..Default::default()
        };
        let says = |t: &Timer, now| (t.is_running(), t.is_started(now), t.is_up(now));
        assert_eq!(says(&t, 5.0), (false, false, false), "never started");
        t.start_pause(5.0);
        assert_eq!(
            says(&t, 5.0),
            (true, true, false),
            "just started, nothing elapsed"
        );
        t.start_pause(15.0);
        assert_eq!(says(&t, 20.0), (false, true, false), "paused after 10 s");
        t.start_pause(20.0);
        assert_eq!(says(&t, 70.0), (true, true, true), "60 s run in all");
        t.reset();
        assert_eq!(says(&t, 80.0), (false, false, false), "reset");
        // The last second, and the first past the end: a minus only once it is past.
        t.start_pause(100.0);
        assert_eq!(t.display(159.7), "00:01");
        assert_eq!(t.display(160.0), "00:00");
        assert_eq!(t.display(160.3), "00:01");
        assert_eq!(t.display(160.5), "00:01", "half a second past: not yet");
        assert_eq!(t.display(161.0), "-00:01");
    }
}
