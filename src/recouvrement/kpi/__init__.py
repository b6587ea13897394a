"""Receivables KPIs: DSO family, CEI, aging, recovery and cost, provisions, portfolios.

- `recouvrement.kpi.figures`: the figures on plain numbers (`dso`, `cei`, ...).
- `recouvrement.kpi.aging`: the aging balance of claims (`aging`, `AgingBalance`).
- `recouvrement.kpi.portfolio`: `Portfolio`, the KPIs derived from a ledger of claims, and
  `kpi_window`, the window its DSO figures use.
- `recouvrement.kpi.specs`: `KPI_SPECS`, one `KpiSpec` per ledger KPI (labels, unit,
  point in time or flow, how to compute it), which the trend, reports and display follow.
- `recouvrement.kpi.frames`: the columnar path (Polars/Arrow, the ``frames`` extra;
  Polars is imported only when one of its functions is called).

Examples:
    >>> from recouvrement import kpi
    >>> kpi.dso(20_000, 45_000, days=90)
    Decimal('40')
"""

from .aging import (
    DEFAULT_BOUNDS,
    AgingBalance,
    aging,
    aging_by_currency,
    bucket_labels,
)
from .figures import (
    PAID,
    WRITTEN_OFF,
    Amount,
    average_days_delinquent,
    average_days_past_due,
    best_possible_dso,
    cei,
    cohort_loss_rates,
    compensating_revenue,
    cost_of_recovery,
    cost_per_recovered_file,
    doubtful_debt_provision,
    dso,
    dso_countback,
    net_recovery,
    provision_matrix,
    recovery_rate,
    roll_rates,
    transition_matrix,
    unpaid_rate,
    weighted_average_days_late,
    weighted_average_days_to_pay,
)
from .frames import (
    CLAIM_COLUMNS,
    FramePortfolio,
    claims_from_arrow,
    claims_from_frame,
    claims_to_arrow,
    claims_to_frame,
    combine_partition_sums,
    days_past_due_expr,
    outstanding_expr,
    partition_sums,
    with_balances,
)
from .portfolio import (
    MonthlyKpis,
    Portfolio,
    kpi_window,
)
from .specs import KPI_SPECS, KpiPeriod, KpiSpec, kpi_spec

__all__ = [
    "CLAIM_COLUMNS",
    "DEFAULT_BOUNDS",
    "KPI_SPECS",
    "PAID",
    "WRITTEN_OFF",
    "AgingBalance",
    "Amount",
    "FramePortfolio",
    "KpiPeriod",
    "KpiSpec",
    "MonthlyKpis",
    "Portfolio",
    "aging",
    "aging_by_currency",
    "average_days_delinquent",
    "average_days_past_due",
    "best_possible_dso",
    "bucket_labels",
    "cei",
    "claims_from_arrow",
    "claims_from_frame",
    "claims_to_arrow",
    "claims_to_frame",
    "cohort_loss_rates",
    "combine_partition_sums",
    "compensating_revenue",
    "cost_of_recovery",
    "cost_per_recovered_file",
    "days_past_due_expr",
    "doubtful_debt_provision",
    "dso",
    "dso_countback",
    "kpi_spec",
    "kpi_window",
    "net_recovery",
    "outstanding_expr",
    "partition_sums",
    "provision_matrix",
    "recovery_rate",
    "roll_rates",
    "transition_matrix",
    "unpaid_rate",
    "weighted_average_days_late",
    "weighted_average_days_to_pay",
    "with_balances",
]
