"""The command line, one module per group of commands: :mod:`.catalog` (the ladder and the
credentials), :mod:`.law` (scope of practice), :mod:`.paths` (eligibility, plans, advice),
:mod:`.wages`; :mod:`.app` parses and dispatches, :mod:`.output` prints."""

from .app import main

__all__ = ["main"]
