"""The content model, its loading and its validation. Imports no Qt.

Problems (`ContentError`) keep content off the screen; texts over the editorial limits
(`length_warnings`) are only reported: `kiosk validate --strict` fails on them.
"""

from kiosk.content.limits import TooLong, length_warnings
from kiosk.content.model import SLIDE_KINDS, Content
from kiosk.content.validate import ContentError, Problem, asset_paths, load_content

__all__ = [
    "SLIDE_KINDS",
    "Content",
    "ContentError",
    "Problem",
    "TooLong",
    "asset_paths",
    "length_warnings",
    "load_content",
]
