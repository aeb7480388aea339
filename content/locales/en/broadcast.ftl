## /broadcast: a message from the programme to an audience

bc-ask-kind = *New broadcast.* What do you want to send?
btn-bc-text = ✍️ A message
btn-bc-lesson = 📘 A lesson
btn-bc-checklist = ☑️ A checklist
bc-stopped = Broadcast discarded: nothing was sent.
bc-ask-text-id = Type the message in Bahasa Indonesia, as recipients should read it (at most 3,500 characters).
bc-text-invalid = A message is one text of at most { $most } characters. Please type it again, or tap Cancel.
bc-ask-text-en = Now the same message in English for English-speaking recipients, or tap Skip to send the Indonesian text to everyone.
btn-bc-skip = Skip
bc-ask-module = Which module is the lesson in?
btn-bc-module = { $number }. { $title }
bc-ask-lesson = Which lesson?
bc-ask-checklist = Which checklist?
bc-ask-audience = Who should receive it?
btn-bc-everyone = Everyone
btn-bc-mentees = Mentees
btn-bc-mentors = Mentors
btn-bc-cohort = A cohort
btn-bc-province = A province
btn-bc-zone = A time zone
btn-bc-module-left = Module not finished
bc-ask-zone = Which time zone?
btn-bc-zone-value = { $zone }
bc-ask-module-left = Mentees who have not finished which module?
btn-bc-module-number = Module { $number }
bc-ask-cohort = Type the cohort's name.
bc-ask-province = Type the province (for example "Jawa Timur" or "NTT").
bc-cohort-unknown = There is no cohort called "{ $name }". Type its name exactly, or tap Cancel.
bc-province-unknown = "{ $name }" is not a province I know. Please type it again, or tap Cancel.
bc-ask-when = When? Tap Now, or type a date and time, which is each recipient's own local time: "2026-12-08 07:30", "tomorrow 07:30" or "07:30".
btn-bc-now = Now
bc-when-invalid = That is not a date and time ahead. Type, for example, "tomorrow 07:30" or "2026-12-08 07:30", or tap Now.
bc-preview-in = Preview, as recipients reading { $language } will see it:
bc-confirm = *Ready to send* to { $audience }: { $count } people, { $unreachable } of them without a reachable channel now.
    When: { $when }.
bc-when-now = now
bc-when-at = { $at }, each recipient's local time
btn-bc-send = 📨 Send
btn-bc-cancel = Cancel broadcast
bc-already-finished = Broadcast #{ $number } has already finished.
bc-cancelled = Broadcast #{ $number } was cancelled: { $sent } copies had gone out, { $stopped } were stopped.
bc-audience-everyone = everyone
bc-audience-mentees = all mentees
bc-audience-mentors = all mentors
bc-audience-admins = all admins
bc-audience-cohort = cohort { $value }
bc-audience-province = people in { $name }
bc-audience-zone = people in { $value }
bc-audience-module = mentees who have not finished module { $value }
bc-progress-starting = Broadcast #{ $number } is starting…
bc-progress-scheduled = Broadcast #{ $number } is scheduled for { $at }, each recipient's local time.
bc-progress = *Broadcast #{ $number }* is going out:
    - sent: { $sent }
    - waiting: { $pending }
    - failed: { $failed }
    - blocked the bot: { $blocked }
    - without a reachable channel: { $unreachable }
bc-report = *Broadcast #{ $number } finished.*
    - delivered: { $sent }
    - failed: { $failed }
    - blocked the bot: { $blocked }
    - without a reachable channel: { $unreachable }
