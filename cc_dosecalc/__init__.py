"""cc-dosecalc: a dose calculator for the treatments of calcinosis cutis."""

import logging

__version__ = "0.1.0"

# The modules log failures with their cause; where they go is the application's to set up.
# Until it does, nothing is printed: a refusal reaches the user as its one line, never twice.
logging.getLogger(__name__).addHandler(logging.NullHandler())
