## Console: notes for someone trying the bot in a terminal, in the current person's language

console-welcome = Mentoring bot console. Type a message or a command such as /help. To press a button, type its number or its label. A valid answer to the open question (a capacity of 6, a time of 7) is always sent as the answer, not as a button number. Demo people: { $people }.
console-words = Console words:
console-word-as = :as NAME — switch to another person: a demo person, someone who joined here (their first name is enough), or a new person
console-word-who = :who — who you are now: name, role, language and status
console-word-quit = :quit — leave the console (also :q)
console-as = You are now { $name }.
console-person = { $name } \[{ $handle }\]
console-new-person = { $name } is a new person who has not joined yet: try /start with an invite code.
console-several = Several people match "{ $name }": { $people }. Type more of the name.
console-as-needs-name = Type a name after :as, for example ":as mentor" or ":as Budi".
console-unknown-word = "{ $word }" is not a console word.
console-who =
    You: { $person }
    Role: { $role }
    Language: { $language }
    Status: { $status }
console-status-joined = joined
console-status-joining = joining
console-status-not-joined = not joined
console-status-paused = paused
console-status-unreachable = unreachable

# Sent when a chat is opened again (e.g. a console started anew) and its open question is
# not part of joining.
question-closed = Your unanswered question was closed, so nothing was changed. You can start again, for example with /settings.
