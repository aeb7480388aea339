"""The curriculum: lessons in modules, their knowledge checks, and victim-centred checklists,
read from content/ in every language and validated before the bot starts."""
