"""Regenerate the stored folders' expected documents after a deliberate change to a document.

``PYTHONPATH=tests python -m support.regen_expected`` rewrites, in every
``tests/fixtures/v*/*/expected``, only the documents whose text today's code makes differently,
and prints their names. ``data/`` is copied to a temporary folder first and never written;
``voted.json`` is never touched (what was voted stays). Read the diff before committing.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from support.documents import every_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TODAY = {"demo": "2026-11-20", "held": "2026-11-20", "every": "2026-12-22", "large": "2026-11-20"}


def main() -> int:
    changed = 0
    for folder in sorted(p.parent for p in FIXTURES.glob("v*/*/data")):
        expected = folder / "expected"
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "data"
            shutil.copytree(folder / "data", root)
            made = every_document(root, TODAY[folder.name])
        names = {p.name for p in expected.iterdir() if p.name != "voted.json"}
        if set(made) != names:
            print(f"{folder}: the set of documents changed: {sorted(set(made) ^ names)}", file=sys.stderr)
            return 1
        for name, text in sorted(made.items()):
            path = expected / name
            if path.read_bytes().decode("utf-8") != text:
                path.write_bytes(text.encode("utf-8"))
                print(path.relative_to(FIXTURES))
                changed += 1
    print(f"{changed} documents rewritten", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
