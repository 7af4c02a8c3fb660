"""cc-dosecalc: a dose calculator for the treatments of calcinosis cutis."""

__version__ = "0.1.0"
