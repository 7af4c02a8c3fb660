"""Entry point of the packaged application (PyInstaller freezes this file)."""

import sys

from cc_dosecalc.start import main

if __name__ == "__main__":
    sys.exit(main())
