## Languages and roles

language-id = Bahasa Indonesia
language-en = English
role-mentee = Mentee
role-mentor = Mentor
role-admin = Admin

## Joining

invite-invalid = Sorry, this bot is only for participants of the prosecutor mentoring programme. To join you need a valid invite code from the programme team; send it as /start CODE or open the invite link you received.
invite-expired = Sorry, this invite has just been used up or has expired. Nothing was stored. Please ask the programme team for a new one.
ask-language = Please choose your language.
consent = *Before we start: your data*

    We store your messaging account ID (for example on Telegram), name, role, province, office, preferred lesson time, your progress and the questions you send; for mentors also capacity and areas of expertise. We use them only to run the mentoring programme: to send lessons at the right time and to connect mentees with their mentors.

    A mentor sees the name, province, office and questions of their mentees; a mentee sees the name of their mentor. Programme administrators manage invites and pairings, read programme reports and help when something goes wrong. Nobody else sees your data.

    Never send the names or identity numbers of victims or witnesses: their identities are protected by law.

    You can erase your data at any time with /forget.

    Do you agree?
btn-consent-yes = I agree
btn-consent-no = No, thanks
consent-declined = Understood. Nothing has been stored. If you change your mind, use your invite link or /start CODE again.
consent-thanks = Thank you. Now a few questions to set up your profile.
welcome-back = Welcome back, { $name }. /help shows what you can do.
onboarding-unfinished = Your profile is not finished yet. Send /start to continue where you stopped.
onboarding-done = All set, { $name }! Your profile is ready. You can change it at any time with /settings.

## Profile steps

ask-language-setting = Which language would you like to use?
ask-name = What name should we use for you? The people you work with in the programme will see it.
btn-use-name = Use "{ $name }"
invalid-name = Please send a name of { $min } to { $max } characters that contains letters.
ask-province = In which province do you work? Choose below or type its name (for example "Jawa Timur" or "jatim").
btn-previous = ◀ Previous
btn-next = Next ▶
province-which = Which province did you mean?
province-unknown = We could not recognise that province. Please choose it from the list or type its name again.
province-saved = Province: { $province } ({ $zone }).
ask-office = What is your office? For example "Kejari Surabaya" or "Kejati Jawa Timur".
invalid-office = Please send the name of your office (up to { $max } characters).
ask-time = At what local time would you like to receive lessons? Choose a time or type one as HH:MM, for example 07:30.
invalid-time = That is not a time we understand. Please type it as hours:minutes, for example 07:30 or 19:00.
time-saved = Lessons will come at { $time } { $zone }.
ask-capacity = How many mentees can you mentor at the same time? Choose or type a number.
invalid-capacity = Please send a number from { $min } to { $max }.
ask-expertise = Which areas do you have experience in? Tap to select or unselect, then tap Done.
btn-done = Done
use-buttons = Please use the buttons below.
expertise-migrant-workers = Migrant workers
expertise-sexual-exploitation = Sexual exploitation
expertise-child-victims = Child victims
expertise-online-recruitment = Online recruitment
expertise-restitution = Restitution
expertise-corporate-liability = Corporate liability
expertise-money-laundering = Money laundering
expertise-cross-border = Cross-border cases
expertise-victim-protection = Victim protection

## Settings

settings-title = *Your profile*
summary-language = Language: { $language }
summary-name = Name: { $name }
summary-province = Province: { $province } ({ $zone })
summary-office = Office: { $office }
summary-time = Lesson time: { $time }
summary-capacity = Mentee capacity: { $capacity }
summary-expertise = Expertise: { $expertise }
summary-mentor = Your mentor: { $mentor }
summary-no-mentor = not assigned yet
btn-set-language = Language
btn-set-name = Name
btn-set-province = Province
btn-set-office = Office
btn-set-time = Lesson time
btn-set-capacity = Capacity
btn-set-expertise = Expertise
btn-cancel = Cancel
settings-saved = Saved.
settings-cancelled = Nothing was changed.

## Help

help-guest =
    This is the mentoring bot of the prosecutor mentoring programme on human-trafficking cases.

    To join you need an invite code from the programme team: send /start CODE or open your invite link.
help-mentee = *What you can do*
help-mentor = *What you can do as a mentor*
help-admin = *What you can do as an admin*

## Everyday replies

paused = Scheduled messages are paused. Send /resume to receive them again.
resumed = Scheduled messages are on again.
unknown-command = We do not know that command. /help lists what you can do.
unknown-text = We did not understand that. /help lists what you can do.
not-joined = You have not joined the programme yet. Send /start followed by your invite code.
not-allowed = Sorry, this is not available for your role.
button-expired = This button has expired. Please use the latest message.
error-generic = Sorry, something went wrong on our side. Please try again in a moment.

## Forgetting

forget-confirm = Erase all your data from the programme? This cannot be undone.
btn-forget-yes = Yes, erase
btn-forget-no = No, keep my data
forget-kept = Nothing was erased.
forget-nothing = There is no data about you to erase.
forgotten = Your data has been erased. Goodbye, and thank you for taking part.

## Admin

invite-which-role = Create an invite for which role?
invite-created = New invite for the role { $role }: *{ $code }*. It can be used once and is valid for { $days } days. The person sends: /start { $code }
invite-link = Or share this link with them: { $link }
stats = *Programme figures*

    - Mentees: { $mentees }
    - Mentors: { $mentors }
    - Admins: { $admins }
    - Profiles complete: { $onboarded }
    - Unreachable (blocked the bot): { $unreachable }
    - Active mentorships: { $mentorships }
    - Invites still valid: { $invites }

## Command menu

cmd-start = Start or join with an invite
cmd-help = What you can do here
cmd-settings = Your profile and preferences
cmd-pause = Pause scheduled messages
cmd-resume = Resume scheduled messages
cmd-forget = Erase your data
cmd-invite = Create an invite code
cmd-stats = Programme figures
cmd-queue = Your mentees' questions
cmd-lesson = The next lesson now
cmd-lessons = All lessons
cmd-progress = Your progress
cmd-checklists = Victim-centred checklists
cmd-ask = Ask your mentor a question
cmd-myquestions = Your questions and answers
cmd-search = Search lessons and answers
cmd-broadcast = Send a message to participants
cmd-assign = Pair a mentee with a mentor
cmd-export = Export programme reports (CSV)
