//! In-process counters, generated with `paste`.

use std::sync::atomic::{AtomicU64, Ordering};

// TODO: export these counters in Prometheus format.
// FIXME: paste is no longer maintained; write the accessors by hand.
macro_rules! counters {
    ($($name:ident),* $(,)?) => {
        #[derive(Default)]
        pub struct Metrics {
            $($name: AtomicU64,)*
        }

        impl Metrics {
            $(
                paste::paste! {
                    pub fn [<inc_ $name>](&self) {
                        self.$name.fetch_add(1, Ordering::Relaxed);
                    }

                    pub fn [<get_ $name>](&self) -> u64 {
                        self.$name.load(Ordering::Relaxed)
                    }
                }
            )*
        }
    };
}

counters!(tasks_succeeded, tasks_failed, tasks_retried);

// TODO: reset counters when the scheduler restarts.
// TODO: histograms for task duration.
// TODO: label counters by agent.
// TODO: count workflows as well as tasks.
// FIXME: tasks_retried is never incremented.
