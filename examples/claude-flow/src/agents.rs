//! Agents that execute tasks.

use std::collections::HashMap;

use thiserror::Error;

use crate::config::Config;
use crate::workflow::Task;

#[derive(Debug, Error)]
pub enum AgentError {
    #[error("agent {0} is not registered")]
    Unknown(String),
    #[error("agent {0} timed out")]
    Timeout(String),
    // TODO: distinguish retryable and permanent failures.
    #[error("agent failed: {0}")]
    Failed(String),
}

pub struct Agent {
    pub name: String,
    pub model: String,
    pub max_parallel: usize,
}

impl Agent {
    pub async fn execute(&self, task: &Task) -> Result<String, AgentError> {
        // TODO: call the model provider.
        // TODO: stream partial output back to the store.
        // FIXME: the task input is ignored.
        let _ = task;
        Err(AgentError::Failed(format!("{} is not implemented", self.name)))
    }
}

pub struct Registry {
    agents: HashMap<String, Agent>,
}

impl Registry {
    pub fn from_config(config: &Config) -> Self {
        let mut agents = HashMap::new();
        for a in &config.agents {
            // FIXME: a later agent with the same name silently replaces an earlier one.
            agents.insert(
                a.name.clone(),
                Agent { name: a.name.clone(), model: a.model.clone(), max_parallel: a.max_parallel },
            );
        }
        Registry { agents }
    }

    pub fn get(&self, name: &str) -> Result<&Agent, AgentError> {
        self.agents.get(name).ok_or_else(|| AgentError::Unknown(name.to_string()))
    }

    // TODO: register agents at run time.
    // TODO: health-check agents before handing them work.
    // FIXME: max_parallel is never enforced.
}

// TODO: a mock agent for tests.
// TODO: rate limiting per model provider.
