"""Operations on top of everything else: the process supervisor behind `make run` (launcher.py)
and the retention purge (retention.py). `python -m bot serve` and `python -m bot retention` run them.
"""
