"""``python -m cc_dosecalc`` runs the command line (the window when given no arguments)."""

import sys

from cc_dosecalc.start import main

sys.exit(main())
