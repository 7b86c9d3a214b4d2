//! The progress bar of long scans: on a terminal's stderr only, never in pipes.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use ward::scan::Progress;

pub struct Bar {
    enabled: bool,
    bar: Mutex<Option<ProgressBar>>,
    bytes: AtomicU64,
}

impl Bar {
    pub fn new(enabled: bool) -> Bar {
        Bar {
            enabled,
            bar: Mutex::new(None),
            bytes: AtomicU64::new(0),
        }
    }

    pub fn finish(&self) {
        if let Some(b) = self.bar.lock().ok().and_then(|mut b| b.take()) {
            b.finish_and_clear();
        }
    }

    fn current(&self) -> Option<ProgressBar> {
        self.bar.lock().ok().and_then(|b| b.clone())
    }
}

impl Progress for Bar {
    fn phase(&self, name: &str, total: u64) {
        if !self.enabled {
            return;
        }
        self.finish();
        let unit = if name == "diffing" {
            "commits"
        } else {
            "files"
        };
        let template =
            format!("{{spinner}} {name} [{{bar:24}}] {{pos}}/{{len}} {unit} {{msg}} eta {{eta}}");
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr_with_hz(8));
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        self.bytes.store(0, Ordering::Relaxed);
        if let Ok(mut b) = self.bar.lock() {
            *b = Some(bar);
        }
    }

    fn step(&self, bytes: u64) {
        let Some(bar) = self.current() else { return };
        let total = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        bar.inc(1);
        if bytes > 0 {
            let secs = bar.elapsed().as_secs_f64().max(0.001);
            bar.set_message(format!(
                "{:.0} MB, {:.0} MB/s",
                total as f64 / 1e6,
                total as f64 / 1e6 / secs
            ));
        }
    }
}
