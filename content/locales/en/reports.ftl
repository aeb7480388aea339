## Reports for admins: /stats and /export

stats-reach = *Reach*

    - Active in the last 7 days: { $active }
    - Joined, by time zone: WIB { $wib }, WITA { $wita }, WIT { $wit }, no province { $unknown }
    - Most represented provinces: { $provinces }
stats-lessons = *Lessons*

    - Delivered: { $delivered }
    - Knowledge checks answered: { $completed }
    - Answered correctly: { $accuracy } %

    Lessons answered wrongly most often:
stats-lesson-line = - { $lesson }: { $accuracy } % correct of { $answered }
stats-no-answers = - no knowledge check answered yet
stats-answered = Questions answered at least once: { $answered }
stats-chart-completion = Lessons delivered and completed per week
stats-chart-answer-times = Time to a mentor's first answer
export-people = People: one row per person (see the README for the columns)
export-progress = Progress: one row per lesson given to a person
export-questions = Questions: times and status only, never their text
export-note = The files hold programme data about people: keep them on the programme's devices only.
chart-completion-title = Lessons per week (last { $weeks } weeks, WIB)
chart-delivered = Delivered
chart-completed = Check answered
chart-lessons = Lessons
chart-answers-title = Hours to the first answer (target { $hours } h)
chart-questions = Questions
chart-waiting = waiting
console-document = (document saved to { $path })
