"""Cleaning stages: bytes -> decoded source -> text -> clean simplified body -> metadata.

Each stage is a plain picklable callable ``Document -> Document | Reject``; resources
(OpenCC converter, trafilatura) load lazily on first use.
"""

from __future__ import annotations

from zhnews.clean.cleaner import Clean
from zhnews.clean.decode import Decode
from zhnews.clean.metadata import Metadata
from zhnews.clean.script import to_simplified
from zhnews.clean.totext import ToText

__all__ = ["Clean", "Decode", "Metadata", "ToText", "to_simplified"]
