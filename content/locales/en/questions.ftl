## Questions to mentors: asking, relaying, answering, the queue, FAQ entries

ask-prompt =
    Type your question for your mentor in one message.

    ⚠️ Never type the name of a victim or witness, or their identity numbers: anything that could identify a person is masked before it is stored or sent.
question-text-needed = Please type your text as one message, or tap Cancel.
question-too-long = That is longer than { $most } characters. Please shorten it and send it again, or tap Cancel.
question-preview =
    This is what will be sent:

    { $text }
question-masked =
    Your text contained { $count ->
        [one] something
       *[other] { $count } things
    } that could identify a person, so it was masked. This is what will be sent:

    { $text }

    Send it as it is, or edit it.
btn-question-send = 📨 Send to my mentor
btn-answer-send = 📨 Send the answer
btn-question-edit = ✏️ Edit
question-edit-prompt = Type it again in one message.
question-cancelled = Cancelled: nothing was sent.
question-sent = Question #{ $number } was sent to your mentor { $mentor }. Mentors aim to answer within { $hours } hours; the answer arrives here. /myquestions shows your questions.
question-sent-team = Question #{ $number } was sent to the programme team, who will answer or find a mentor for it, within { $hours } hours. The answer arrives here. /myquestions shows your questions.
relay-question =
    ❓ *Question #{ $number }* from { $name } ({ $office }), { $hours } hours left to answer:

    { $text }

    Answer by replying to this message, or tap Answer.
relay-followup =
    ↪️ *Follow-up to question #{ $number }* from { $name } ({ $office }), { $hours } hours left:

    { $text }

    Answer by replying to this message, or tap Answer.
relay-passed =
    ❓ *Question #{ $number }* from { $name } ({ $office }) was passed to you, { $hours } hours left to answer:

    { $text }

    Answer by replying to this message, or tap Answer.
btn-answer = ✍️ Answer
btn-pass = Pass it on
btn-not-my-area = Not my area
answer-prompt = Type your answer to question #{ $number } in one message.
answer-received =
    💬 *Answer to your question #{ $number }* from { $mentor }:

    { $text }
btn-solved = ✅ Solved, thanks
btn-follow-up = ↪️ Follow-up
answer-sent = Your answer to question #{ $number } was sent to { $name }. If it would help others, publish it as an anonymised FAQ entry that everyone's /search finds.
btn-publish-faq = 📚 Publish as FAQ
question-already-closed = Question #{ $number } is closed: the mentee marked it solved.
question-not-open = Question #{ $number } is not waiting for an answer any more.
pass-done = Question #{ $number } was passed on. Thank you.
question-passed = Your question #{ $number } was passed to another mentor who knows the area better. The answer arrives here.
question-escalated = Your question #{ $number } is taking longer than it should, so it was passed to another mentor or the programme team. The answer arrives here.
question-reminder = ⏰ Question #{ $number } is waiting for your answer: { $hours } hours left. Reply to the question or tap Answer.
question-solved = Glad it helped. Question #{ $number } is closed.
followup-prompt = Type your follow-up to question #{ $number } in one message.
followup-sent = Your follow-up to question #{ $number } was sent.
myquestions-title = *Your questions*
myquestions-none = You have not asked anything yet. Use /ask to ask your mentor a question.
myquestions-line = #{ $number } · { $status } · { $text }
question-status-open = waiting for an answer
question-status-answered = answered
question-status-closed = solved
btn-show-question = Question #{ $number }
thread-title = *Question #{ $number }* ({ $status })
thread-question = ❓ { $text }
thread-answer = 💬 { $text }
thread-followup = ↪️ { $text }
btn-retract = 🗑 Withdraw question
retract-too-late = A question can be withdrawn only within { $hours } hours of asking it. If it shows something it should not, ask the programme team to remove it.
retract-confirm = Withdraw question #{ $number }? It is deleted here, from the mentor's chat and from the programme's records.
btn-retract-yes = Yes, withdraw it
btn-retract-no = Keep it
retract-done = Question #{ $number } was withdrawn and deleted.
queue-title = *Questions waiting for you* ({ $count }), the longest waiting first:
queue-line = #{ $number } · { $name } · waited { $waited } h · { $overdue ->
        [yes] overdue
       *[no] { $left } h left
    }
queue-more = More are waiting: answer these first.
queue-empty = No questions are waiting for you.
faq-question-prompt =
    Publish as an FAQ entry that everyone's search finds. First the question, as everyone should read it: without names, places or details of the case.

    Now it reads:
    { $text }

    Type the question as it should read.
faq-answer-prompt =
    And the answer, as everyone should read it. Now it reads:
    { $text }

    Type the answer as it should read, or tap Use as shown.
btn-keep-as-shown = Use as shown
faq-published = Published. Everyone's /search now finds it.
question-not-yours = Not allowed: this question is not yours to handle.
stats-questions = *Questions*

    - Asked: { $asked }
    - Waiting for an answer: { $open }, of them overdue: { $overdue }
    - Median time to the first answer: { $median } hours
    - Answered within { $hours } hours: { $in_time } %
question-suggestions = 📖 These lessons or published answers may already answer it: open one to read it. If one does, tap "It answers my question"; otherwise send your question to your mentor.
question-did-it-answer = Did this answer your question?
btn-answered-by-this = ✅ It answers my question
question-deflected = Good: nothing was sent. Ask again any time with /ask.
faq-not-in-demo = Answers of the console's demo people are not published: everyone's search would find them.
