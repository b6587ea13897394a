"""Credit policy: how much credit to grant a customer, on what guarantees, and when to hold
orders.

The best way to collect is to lend wisely. This package encodes credit-management
practice before the invoice, each decision with its reasons:

- [`exposure`][recouvrement.credit.exposure]: what a customer owes now (not due,
  overdue), plus orders delivered not invoiced and open orders, against its limit, per
  currency;
- [`recommend_limit`][recouvrement.credit.recommend_limit]: a limit from the profile and
  score, the volume of business and the financial data given (equity, turnover, rating,
  credit-insurer cover, bank guarantee);
- [`check_order`][recouvrement.credit.check_order]: release, release on conditions
  (prepayment, deposit, shorter terms, bank guarantee, letter of credit, retention of
  title) or hold; the hold shares one rule with `next_action`'s suspension of deliveries,
  [`deliveries_held`][recouvrement.credit.deliveries_held];
- [`propose_terms`][recouvrement.credit.propose_terms]: payment terms per segment within
  the legal maximum;
- [`reviews_due`][recouvrement.credit.reviews_due]: when each limit is to be reviewed;
- [`credit_report`][recouvrement.credit.credit_report]: all of it for a ledger;
- [`CreditPolicy`][recouvrement.credit.CreditPolicy]: the rules as data
  (``data/credit_policy.toml``).

The rules are practice, not law, and their reasons say so; the legal limits they meet
(maximum payment terms, the ban on paying pre-opening claims in insolvency) are cited.

Examples:
    >>> from recouvrement.credit import check_order, recommend_limit
    >>> from recouvrement.sample import load_sample
    >>> sample = load_sample()
    >>> claims = [c for c in sample.claims if c.debtor.id == "D0006"]
    >>> limit = recommend_limit(claims, as_of=sample.as_of)
    >>> decision = check_order("500", claims, as_of=sample.as_of, limit=limit)
    >>> limit.segment.value, decision.outcome.value
    ('punctual', 'release')
"""

from .exposure import Exposure, ExposureLine, exposure
from .hold import deliveries_held
from .limits import CreditLimit, Financials, LimitBasis, recommend_limit
from .orders import (
    OrderDecision,
    OrderOutcome,
    TermsProposal,
    check_order,
    ladder_suspensions,
    propose_terms,
)
from .policy import Condition, CreditPolicy, ReviewTrigger, SegmentCredit
from .report import CreditReportRow, credit_report
from .review import Review, review_of, reviews_due

__all__ = [
    "Condition",
    "CreditLimit",
    "CreditPolicy",
    "CreditReportRow",
    "Exposure",
    "ExposureLine",
    "Financials",
    "LimitBasis",
    "OrderDecision",
    "OrderOutcome",
    "Review",
    "ReviewTrigger",
    "SegmentCredit",
    "TermsProposal",
    "check_order",
    "credit_report",
    "deliveries_held",
    "exposure",
    "ladder_suspensions",
    "propose_terms",
    "recommend_limit",
    "review_of",
    "reviews_due",
]
