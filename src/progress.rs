//! A progress indicator on stderr (files, bytes, throughput), shown only when stderr is a
//! terminal and `--quiet` is not given. It polls the walk's atomic counters from its own
//! thread; the walk never waits for it.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::walk::Progress;

/// A running indicator; stop it before printing the report.
pub struct Indicator {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

/// Starts an indicator when stderr is a terminal and `quiet` is false.
pub fn start(counters: &Arc<Progress>, quiet: bool) -> Option<Indicator> {
    start_labelled(counters, quiet, None)
}

/// As [`start`], naming what is scanned (`project 3/14 redis`) in the portfolio modes.
pub fn start_labelled(
    counters: &Arc<Progress>,
    quiet: bool,
    label: Option<String>,
) -> Option<Indicator> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let prefix = label.map_or(String::new(), |l| {
        format!("{} · ", crate::report::term::sanitize(&l))
    });
    let stop = Arc::new(AtomicBool::new(false));
    let (c, s) = (Arc::clone(counters), Arc::clone(&stop));
    let handle = std::thread::spawn(move || {
        let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10));
        pb.set_style(
            ProgressStyle::with_template("{spinner} scanning: {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        let started = Instant::now();
        loop {
            let files = c.files.load(Ordering::Relaxed);
            let bytes = c.bytes.load(Ordering::Relaxed);
            let secs = started.elapsed().as_secs_f64().max(0.001);
            pb.set_message(format!(
                "{prefix}{files} files, {:.1} MB, {:.0} MB/s",
                bytes as f64 / 1e6,
                bytes as f64 / 1e6 / secs
            ));
            pb.tick();
            if s.load(Ordering::Relaxed) {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        pb.finish_and_clear();
    });
    Some(Indicator {
        stop,
        handle: Some(handle),
    })
}

impl Drop for Indicator {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}
