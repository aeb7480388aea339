"""Documents built when their message is sent (CSV exports, charts), never stored in a row.

A message names its document (`Outgoing.build`: a builder's name and plain arguments); the
outbox keeps only that name, and the courier asks `Documents.complete` for the file just
before the channel sends it. Builders register themselves in `BUILDERS` on import.
"""

from bot.documents import charts, exports
from bot.documents.registry import BUILDERS, Builders, BuildInput, Documents

__all__ = ["BUILDERS", "BuildInput", "Builders", "Documents", "charts", "exports"]
