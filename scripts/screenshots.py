"""``./dev shots``: regenerate the README's pictures (the window, and page 1 of a summary)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent


def main() -> int:
    for script in ("screenshot_window.py", "screenshot_window_ivig.py", "render_summary_page.py"):
        done = subprocess.run([sys.executable, str(SCRIPTS / script)], check=False)
        if done.returncode:
            print(f"shots: {script} failed", file=sys.stderr)
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
