"""Belgian rules (droit belge / Belgisch recht): terms, late interest, consumer debts (CDE
Book XIX), prescription, court routes.

Select them with ``Claim(..., jurisdiction="BE")``: the claim's ``jurisdiction`` names the
governing law chosen by the contract; the engine never guesses it from addresses.
"""
