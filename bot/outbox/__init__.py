"""The outbox: every message the bot sends is a row written with its cause, then sent at the
platform's pace by one path, so a fault, a 429 or a restart loses nothing."""
