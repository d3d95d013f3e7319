from ledger_worker.reconcile import Summary


def test_summary_holds_counts():
    summary = Summary(matched=3, unmatched=1)
    assert summary.matched == 3
    assert summary.unmatched == 1
