from dataclasses import dataclass

from sqlalchemy import create_engine, text
from tenacity import retry, stop_after_attempt, wait_exponential


@dataclass
class Summary:
    matched: int
    unmatched: int


@retry(stop=stop_after_attempt(3), wait=wait_exponential(multiplier=2))
def reconcile(database_url: str) -> Summary:
    """Moves settled payments into the ledger; returns what matched and what did not."""
    engine = create_engine(database_url)
    with engine.begin() as conn:
        matched = conn.execute(
            text(
                "INSERT INTO ledger_entries (payment_id, amount_minor, currency) "
                "SELECT p.id, p.amount_minor, p.currency FROM payments p "
                "JOIN settlements s ON s.payment_id = p.id "
                "WHERE p.reconciled_at IS NULL"
            )
        ).rowcount
        unmatched = conn.execute(
            text(
                "SELECT count(*) FROM payments p "
                "LEFT JOIN settlements s ON s.payment_id = p.id "
                "WHERE p.reconciled_at IS NULL AND s.payment_id IS NULL"
            )
        ).scalar_one()
    return Summary(matched=matched, unmatched=unmatched)
