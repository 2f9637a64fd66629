"""Files shipped with meetingtui, installed as the package ``meetingtui.data``: agenda
templates, score sheets, the demo cell and its history, and frozen copies of what earlier
versions shipped (``legacy/``), which their stored meetings are read with."""
