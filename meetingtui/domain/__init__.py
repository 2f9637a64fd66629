"""The domain of a cell meeting: plain dataclasses and rules, standard library only.

A meeting's events are handled by several modules; importing the package registers all
of them, in an order without cycles, whichever domain module a program imports first.
"""

from . import meeting  # noqa: F401  the state, the agenda and the progress events
from . import attendance, record  # noqa: F401,I001  roll call and votes; the clerk's record
from . import criticism  # noqa: F401  needs record
from . import resolution  # noqa: F401  needs criticism and record
from . import followup, prep, scoring  # noqa: F401  need resolution
