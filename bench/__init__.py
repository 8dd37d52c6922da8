"""The performance suite behind `make bench`: a synthetic enterprise and figures as ratios.

Every figure is the time of seccoop's own code path divided by the time of a
floor (the least work that produces the same answer) measured in the same run
on the same database, so the figures compare across machines and loads.
"""
