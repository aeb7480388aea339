## Lessons

lesson-title = *Lesson { $module }.{ $order }: { $title }*
lesson-source = _Source: { $source } · about { $minutes } min_
lesson-unreviewed = _This text is still awaiting the programme's legal review._
check-title = *Check your understanding*
review-title = *Review:* a question you answered wrongly a few days ago.
check-right = ✅ Correct.
check-wrong = ❌ Not quite: the answer is { $letter }.
check-already = You have answered this question already.
module-done = 🎉 Module { $module } is complete.
course-done = 🎓 You have completed every lesson of the programme. Reviews, checklists and questions to your mentor go on; /lessons lets you read any lesson again.
lessons-all-given = You have received every lesson already. /lessons lets you read any of them again.
lessons-title = *Lessons*: choose a module to see its lessons and read them again.
module-title = *Module { $module }: { $title }*
module-reread = ✅ answered · 📖 received · ⬜ still to come. Press a lesson's number to read it again.
progress-title = *Your progress*
progress-module = { $bar } { $module }. { $short }: { $answered }/{ $total } · { $right }% right
progress-summary = Checks answered: { $answered } · correct: { $accuracy }% · streak: { $streak } lesson day(s) in a row
paused-until = Scheduled messages are paused until { $date }. Send /resume to receive them again earlier.
pause-bad-days = Send /pause for a pause until /resume, or /pause followed by a number of days from 1 to { $max }.
time-in-quiet-hours = { $time } falls in the quiet hours ({ $quiet }), when the bot sends no lessons. Please choose another time.
