import os

import structlog

from .reconcile import reconcile

log = structlog.get_logger()


def main() -> None:
    database_url = os.environ["DATABASE_URL"]
    summary = reconcile(database_url)
    log.info("reconciled", matched=summary.matched, unmatched=summary.unmatched)


if __name__ == "__main__":
    main()
