"""German rules (deutsches Recht): default and terms, default interest, limitation, court routes.

Select them with ``Claim(..., jurisdiction="DE")``: the claim's ``jurisdiction`` names the
governing law chosen by the contract; the engine never guesses it from addresses.
"""
