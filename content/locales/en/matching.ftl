## Matching mentees with mentors

# A mentee's case areas (the same tags as a mentor's expertise), changed in /settings.
ask-areas = Which kinds of cases do you work on? We use them to pair you with a mentor who knows them. Tap to select or unselect, then tap Done.
summary-areas = Case areas: { $areas }
btn-set-areas = Case areas
# Under the welcome message at the end of a mentee's joining.
btn-choose-areas = Choose my case areas

## Introductions (pushed to both people when a pair is made)

intro-mentee = Your mentor is *{ $mentor }* ({ $office }). Use /ask to ask them a question.
intro-mentee-mentor-left = Your mentor has left the programme. Your new mentor is *{ $mentor }* ({ $office }). Use /ask to ask them a question.
intro-mentor = You have a new mentee: *{ $mentee }* ({ $office }). Their questions arrive here; answer by replying to the message or with the Answer button.
mentor-left-unmatched = Your mentor has left the programme. An admin will pair you with a new mentor soon.

## /assign (admins)

assign-none = Every mentee has a mentor.
assign-mentees = Mentees without a mentor ({ $count }). Choose one:
assign-page = Page { $page }/{ $pages }
assign-mentors = Best mentors with room for *{ $mentee }* ({ $office }), with their score and load:
assign-mentor-line = { $name } ({ $office }) { $score } · { $load }/{ $capacity }
assign-no-mentor = No mentor has room for *{ $mentee }* now. Raise a mentor's capacity or try again later.
assign-confirm = Pair *{ $mentee }* with *{ $mentor }*?
btn-assign-yes = Pair them
btn-assign-back = Other mentor
assign-done = *{ $mentee }* and *{ $mentor }* are now paired; both have been told.
assign-full = *{ $mentor }* has no room any more. Choose another mentor.
assign-already = *{ $mentee }* already has *{ $mentor }* as mentor.
assign-cancelled = Nothing changed.
