## Console: notes for someone trying the bot in a terminal, in the current person's language

console-welcome = Mentoring bot console. Type a message or a command such as /help. To press a button, type its number or its label. A valid answer to the open question (a capacity of 6, a time of 7) is always sent as the answer, not as a button number. Demo people: { $people }.
console-words = Console words:
console-word-as = :as NAME — switch to another person: a demo person, someone who joined here (their first name is enough), or a new person
console-word-who = :who — who you are now: name, role, language and status
console-word-clock = :clock — the bot's clock; :clock +2h, +30m, +1d or -1h moves it, :clock 07:00 moves it on to the next 07:00 in your zone, :clock reset returns it to real time
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

# :clock — the time the bot uses in this console; { $utc } is written as 2025-01-06 00:00.
console-clock = Bot clock: { $date }, { $time } { $zone } ({ $utc } UTC).
console-date = { $weekday ->
        [mon] Monday
        [tue] Tuesday
        [wed] Wednesday
        [thu] Thursday
        [fri] Friday
        [sat] Saturday
       *[sun] Sunday
    } { $day } { $month ->
        [jan] January
        [feb] February
        [mar] March
        [apr] April
        [may] May
        [jun] June
        [jul] July
        [aug] August
        [sep] September
        [oct] October
        [nov] November
       *[dec] December
    } { $year }
console-time = { $hour }:{ $minute }
console-clock-reset = The bot's clock is back to real time.
console-clock-jobs-ran = Scheduled jobs that are now due have run.
console-clock-bad = "{ $input }" was not understood. Examples: ":clock +2h" (2 hours on), ":clock -30m" (30 minutes back), ":clock +1d" (a day on), ":clock 07:00" (the next 07:00) or ":clock reset".
console-clock-too-far = The bot's clock moves at most { $days } days at a time.

# Sent when a chat is opened again (e.g. a console started anew) and its open question is
# not part of joining.
question-closed = Your unanswered question was closed, so nothing was changed. You can start again, for example with /settings.
console-push-for = → for { $name }:
console-withdrawn = (withdrawn: { $count ->
        [one] one message was removed from the chat
       *[other] { $count } messages were removed from the chat
    })
