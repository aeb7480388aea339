## People tools for admins (from /invite → People), deactivation and a mentor's time away

access-paused = Your access is paused. Please contact the programme team.

people-ask = Type a name, an office or a province (for example Budi, Kejari Surabaya or jatim) to find a person.
btn-people-away = Mentors away
people-closed = Closed. Open the people tools again from /invite.
people-none = Nobody found. Type another name, office or province.
people-found = Found { $count }. Choose a person, or type another search:
people-card-title = *{ $name }* (#{ $number })
people-card-role = Role: { $role }
people-card-cohort = Cohort: { $cohort }
people-card-office = Office: { $office }
people-card-province = Province: { $province } ({ $zone })
people-card-mentor = Mentor: { $mentor }
people-card-mentees = Mentees: { $load }/{ $capacity }
people-card-away = Away through { $day }
people-card-joined = Joined: { $at }
people-card-joining = still joining
people-card-deactivated = ⏸ Deactivated since { $at }: no messages, no access, data kept.
btn-people-role = Role
btn-people-cohort = Cohort
btn-people-mentor = Mentor
btn-people-deactivate = Deactivate
btn-people-reactivate = Reactivate
btn-people-back = Back
btn-people-no-cohort = No cohort
people-which-role = Which role should *{ $name }* have? A mentor's mentees get another mentor; a mentee's pairing ends.
people-role-changed = *{ $name }* is now { $role }.
people-role-changed-you = The programme team changed your role: you are now { $role }. Send /help to see what you can do.
people-which-cohort = Which cohort is *{ $name }* in? Choose one or type the name of a new cohort.
people-invalid-cohort = A cohort's name has 1 to { $max } characters. Type it again, or choose one.
people-cohort-changed = *{ $name }* is now in cohort { $cohort }.
people-deactivate-confirm = Deactivate *{ $name }*? They get no messages and cannot use the bot until reactivated; their data is kept. A mentor's open questions go to other mentors.
people-reactivate-confirm = Reactivate *{ $name }*? Their messages and access start again.
people-deactivated = *{ $name }* is deactivated.
people-reactivated = *{ $name }* is active again.
people-away-none = No mentor is away.
people-away = Mentors away ({ $count }):
people-away-line = - { $name }: through { $day }

## A mentor's time away (/settings)

btn-set-away = Away
summary-away = Away through: { $day } (no new questions)
summary-not-away = Away: no
ask-away = How long will you be away? New questions go to other mentors meanwhile, and your open ones move on now; your mentees stay yours. Choose, or type your last day away (for example 2026-12-20).
btn-away-7 = 1 week
btn-away-14 = 2 weeks
btn-away-30 = 1 month
btn-away-back = I am back
away-back = Welcome back: new questions come to you again.
away-saved = You are away through { $day }. { $moved } open questions moved to other mentors.
invalid-away = Please type a date from today up to { $max } days ahead, for example 2026-12-20.
