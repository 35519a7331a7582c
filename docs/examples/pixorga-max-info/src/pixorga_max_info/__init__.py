"""pixorga-max-info: an adaptive algorithm proposing the most informative challenge."""
