//! Reads `flow.yaml`.

use anyhow::{anyhow, bail, Result};
use yaml_rust::{Yaml, YamlLoader};

// TODO: move to serde_yaml; yaml-rust is no longer maintained.
#[derive(Debug, Clone)]
pub struct AgentConfig {
    pub name: String,
    pub model: String,
    pub max_parallel: usize,
    // TODO: per-agent timeouts instead of the global one.
}

#[derive(Debug, Clone)]
pub struct Config {
    pub agents: Vec<AgentConfig>,
    pub task_timeout_secs: u64,
    pub signing_key_pem: String,
    // FIXME: retries are read but never used by the scheduler.
    pub max_retries: u32,
}

impl Config {
    pub fn load(path: &str) -> Result<Self> {
        let text = std::fs::read_to_string(path)?;
        // TODO: support environment variable substitution in values.
        let docs = YamlLoader::load_from_str(&text)?;
        let doc = docs.first().ok_or_else(|| anyhow!("{path} is empty"))?;
        Self::from_yaml(doc)
    }

    fn from_yaml(doc: &Yaml) -> Result<Self> {
        let mut agents = Vec::new();
        // FIXME: a missing `agents` key is silently treated as no agents.
        if let Some(list) = doc["agents"].as_vec() {
            for item in list {
                let name = item["name"].as_str().ok_or_else(|| anyhow!("agent without a name"))?;
                agents.push(AgentConfig {
                    name: name.to_string(),
                    // TODO: validate model names against the provider's list.
                    model: item["model"].as_str().unwrap_or("default").to_string(),
                    // FIXME: negative values wrap around to huge numbers.
                    max_parallel: item["max_parallel"].as_i64().unwrap_or(1) as usize,
                });
            }
        }
        // TODO: reject duplicate agent names.
        let signing_key_pem = match doc["signing_key_pem"].as_str() {
            Some(pem) => pem.to_string(),
            // TODO: load the key from a secret store instead of the config file.
            None => bail!("signing_key_pem is required"),
        };
        Ok(Config {
            agents,
            // FIXME: the default timeout is too short for long-running agents.
            task_timeout_secs: doc["task_timeout_secs"].as_i64().unwrap_or(30) as u64,
            signing_key_pem,
            max_retries: doc["max_retries"].as_i64().unwrap_or(3) as u32,
        })
    }
}

// TODO: unit tests for the parser.
