"""The app as ``meetingtui --data ROOT --role ROLE --meeting ID`` runs it, with the clock held at
the moment the benchmark's cell was made (nothing redraws with the time while keys are timed)
and the text fields' cursors held still (``support.cursors``: a blink is not a key's work).

Usage: python _keys_app.py ROOT MEETING_ID ROLE START   (run on a terminal by test_keys.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: its support package
    from meetingtui.domain.clock import FakeClock
    from meetingtui.ui.app import make_app
    from support.cursors import hold_cursors_still

    root, meeting_id, role, start = sys.argv[1:5]
    hold_cursors_still()
    make_app(root, clock=FakeClock(start), role=role, meeting_id=meeting_id, freeze_start=True).run()
