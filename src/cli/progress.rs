//! The progress bar of long scans: on a terminal's stderr only, never in pipes.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use ward::scan::Progress;

pub struct Bar {
    bar: Option<ProgressBar>,
    bytes: AtomicU64,
}

impl Bar {
    pub fn new(enabled: bool) -> Bar {
        let bar = enabled.then(|| {
            let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(8));
            b.enable_steady_tick(Duration::from_millis(250));
            b
        });
        Bar {
            bar,
            bytes: AtomicU64::new(0),
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn phase(&self, name: &str, total: u64) {
        let Some(b) = &self.bar else { return };
        let unit = if name == "walking" {
            "commits"
        } else {
            "files"
        };
        let template = if total == 0 {
            format!("{{spinner}} {name} {{pos}} {unit} ({{per_sec}}) {{elapsed}}")
        } else {
            format!(
                "{{spinner}} {name} [{{bar:30}}] {{pos}}/{{len}} {unit}, {{msg}} ({{per_sec}}, eta {{eta}})"
            )
        };
        if let Ok(style) = ProgressStyle::with_template(&template) {
            b.set_style(style.progress_chars("=> "));
        }
        b.set_length(total);
        b.set_position(0);
        self.bytes.store(0, Ordering::Relaxed);
    }

    fn step(&self, bytes: u64) {
        let Some(b) = &self.bar else { return };
        let total = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        b.inc(1);
        if bytes > 0 {
            b.set_message(format!("{:.1} MB", total as f64 / 1e6));
        }
    }
}
