"""Errors that stop start-up with one clear line instead of a traceback."""


class StartupError(Exception):
    """Start-up cannot go on; the message says why and names what to change."""


class ContentError(StartupError):
    """The shipped content is broken; `problems` lists each, with its file and line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the content: " + problems[0])
        self.problems = problems


class CommandError(Exception):
    """A command-line command cannot do what was asked; the message says why."""


class TransientFault(Exception):
    """The database was busy or unreachable: nothing changed, and the same update can be tried
    again (the channel leaves it unconfirmed)."""
