//! Persists workflows, tasks and their results in PostgreSQL.

use anyhow::Result;
use sqlx::postgres::{PgPool, PgPoolOptions};

use crate::workflow::{Task, TaskState};

#[derive(Clone)]
pub struct Store {
    pool: PgPool,
}

impl Store {
    pub async fn connect(url: &str) -> Result<Self> {
        // TODO: make the pool size configurable.
        let pool = PgPoolOptions::new().max_connections(5).connect(url).await?;
        Ok(Store { pool })
    }

    pub async fn migrate(&self) -> Result<()> {
        // FIXME: migrations directory is resolved relative to the working directory.
        sqlx::migrate!("./migrations").run(&self.pool).await?;
        Ok(())
    }

    pub async fn next_task(&self) -> Result<Option<Task>> {
        // FIXME: two schedulers can pick the same task; use SKIP LOCKED.
        let row = sqlx::query_as::<_, Task>(
            "SELECT id, workflow_id, agent, input, state, attempts FROM tasks WHERE state = 'queued' ORDER BY id LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(row)
    }

    pub async fn set_state(&self, id: i64, state: TaskState) -> Result<()> {
        // TODO: record who changed the state and when.
        sqlx::query("UPDATE tasks SET state = $1 WHERE id = $2")
            .bind(state.as_str())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn save_result(&self, id: i64, output: &str, signature: &[u8]) -> Result<()> {
        // FIXME: large outputs overflow the column; store them elsewhere.
        // TODO: wrap result and state change in one transaction.
        sqlx::query("INSERT INTO results (task_id, output, signature) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(output)
            .bind(signature)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    // FIXME: no index on tasks.state; next_task scans the whole table.
    // TODO: purge results older than the retention period.
    // TODO: pagination for workflow listings.
}
