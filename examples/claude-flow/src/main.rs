//! claude-flow: plans workflows into tasks and supervises the agents that run them.

mod agents;
mod config;
mod crypto;
mod metrics;
mod scheduler;
mod store;
mod workflow;

use anyhow::Context;
use tracing::info;

// TODO: replace the hand-rolled argument parsing with a proper CLI.
// TODO: support `--check` to validate the configuration and exit.
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // FIXME: tracing output is never initialised, so nothing is logged.
    let path = std::env::var("CLAUDE_FLOW_CONFIG").unwrap_or_else(|_| "flow.yaml".into());
    let config = config::Config::load(&path).with_context(|| format!("loading {path}"))?;

    // TODO: read the database URL from the configuration file as well.
    let database_url = std::env::var("DATABASE_URL").context("DATABASE_URL is not set")?;
    let store = store::Store::connect(&database_url).await?;
    // FIXME: migrations run on every start, even on read replicas.
    store.migrate().await?;

    let signer = crypto::Signer::from_pem(&config.signing_key_pem)?;
    let registry = agents::Registry::from_config(&config);
    let mut scheduler = scheduler::Scheduler::new(store.clone(), registry, signer);

    info!(agents = config.agents.len(), "claude-flow started");
    // TODO: handle SIGTERM and drain running tasks before exiting.
    // TODO: expose a health endpoint for the load balancer.
    scheduler.run().await?;
    // FIXME: the process exits with 0 even when the scheduler gave up.
    Ok(())
}
