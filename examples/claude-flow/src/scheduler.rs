//! Takes queued tasks from the store and hands them to agents.

use std::time::Duration;

use anyhow::Result;
use tracing::{error, warn};

use crate::agents::Registry;
use crate::crypto::Signer;
use crate::metrics::Metrics;
use crate::store::Store;
use crate::workflow::TaskState;

pub struct Scheduler {
    store: Store,
    registry: Registry,
    signer: Signer,
    metrics: Metrics,
}

impl Scheduler {
    pub fn new(store: Store, registry: Registry, signer: Signer) -> Self {
        Scheduler { store, registry, signer, metrics: Metrics::default() }
    }

    pub async fn run(&mut self) -> Result<()> {
        loop {
            // FIXME: busy loop when the queue is empty; back off instead.
            let Some(task) = self.store.next_task().await? else {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            };
            // TODO: run tasks concurrently up to the agent's max_parallel.
            self.store.set_state(task.id, TaskState::Running).await?;
            let agent = match self.registry.get(&task.agent) {
                Ok(agent) => agent,
                Err(e) => {
                    // FIXME: the task stays Running forever when its agent is unknown.
                    error!(task = task.id, "{e}");
                    continue;
                }
            };
            // TODO: enforce the configured task timeout.
            match agent.execute(&task).await {
                Ok(output) => {
                    let signature = self.signer.sign(output.as_bytes());
                    self.store.save_result(task.id, &output, &signature).await?;
                    self.store.set_state(task.id, TaskState::Succeeded).await?;
                    self.metrics.inc_tasks_succeeded();
                }
                Err(e) => {
                    // TODO: retry with exponential backoff up to max_retries.
                    warn!(task = task.id, "{e}");
                    self.store.set_state(task.id, TaskState::Failed).await?;
                    self.metrics.inc_tasks_failed();
                    // FIXME: failed tasks do not fail their workflow.
                }
            }
            // TODO: wake up on a notification instead of polling.
        }
    }
}

// TODO: leader election when several schedulers run.
// TODO: pause and resume a workflow.
// TODO: a dead-letter queue for tasks that keep failing.
// FIXME: no test covers the scheduler loop.
