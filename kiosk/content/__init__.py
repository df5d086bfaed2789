"""The content model, its loading and its validation. Imports no Qt."""

from kiosk.content.model import SLIDE_KINDS, Content
from kiosk.content.validate import ContentError, Problem, asset_paths, load_content

__all__ = ["SLIDE_KINDS", "Content", "ContentError", "Problem", "asset_paths", "load_content"]
