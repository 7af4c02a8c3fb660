"""``python -m cc_dosecalc`` runs the command line."""

import sys

from cc_dosecalc.cli import main

sys.exit(main())
