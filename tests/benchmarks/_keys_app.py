"""The app as ``meetingtui --data ROOT --role ROLE --meeting ID`` runs it, with the clock held at
the moment the benchmark's cell was made (nothing redraws with the time while keys are timed).

Usage: python _keys_app.py ROOT MEETING_ID ROLE START   (run on a terminal by test_keys.py)
"""

from __future__ import annotations

import sys

from meetingtui.domain.clock import FakeClock
from meetingtui.ui.app import make_app

if __name__ == "__main__":
    root, meeting_id, role, start = sys.argv[1:5]
    make_app(root, clock=FakeClock(start), role=role, meeting_id=meeting_id).run()
