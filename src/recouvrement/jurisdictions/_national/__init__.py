"""Building blocks shared by national packages (Germany and Belgium so far).

A country's package may import these; countries never import each other. They hold no
national article of their own: each country passes its rules, data files and citations.
"""
