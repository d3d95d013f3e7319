//! Workflows and the tasks they are planned into.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskState {
    Queued,
    Running,
    Succeeded,
    Failed,
    // TODO: a Cancelled state for tasks stopped by a person.
}

impl TaskState {
    pub fn as_str(&self) -> &'static str {
        match self {
            TaskState::Queued => "queued",
            TaskState::Running => "running",
            TaskState::Succeeded => "succeeded",
            TaskState::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct Task {
    pub id: i64,
    pub workflow_id: i64,
    pub agent: String,
    pub input: serde_json::Value,
    // FIXME: stored as text but read as an enum; this does not decode.
    pub state: TaskState,
    pub attempts: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Workflow {
    pub id: i64,
    pub name: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Step {
    pub agent: String,
    pub prompt: String,
    // TODO: allow steps to depend on more than the previous step.
    pub depends_on_previous: bool,
}

impl Workflow {
    /// Plans a workflow into tasks, one per step.
    pub fn plan(&self) -> Vec<Task> {
        // TODO: detect cycles once steps can depend on arbitrary steps.
        // FIXME: ids are assigned here and again by the database.
        self.steps
            .iter()
            .enumerate()
            .map(|(i, step)| Task {
                id: i as i64,
                workflow_id: self.id,
                agent: step.agent.clone(),
                // TODO: template the prompt with outputs of earlier steps.
                input: serde_json::json!({ "prompt": step.prompt }),
                state: TaskState::Queued,
                attempts: 0,
            })
            .collect()
    }
}

// TODO: workflow versioning.
// TODO: dry-run mode that plans without queueing.
// FIXME: serialisation of large workflows is quadratic.
