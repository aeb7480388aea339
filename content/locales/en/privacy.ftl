## Limits that protect the programme

invite-too-many = Too many invite codes were tried from this chat. Please wait an hour, then send your code again, or ask the programme team for help.
