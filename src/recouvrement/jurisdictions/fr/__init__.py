"""French rules (droit français): payment terms, late interest, prescription, procedures."""
