## Search

search-ask = What are you looking for? Send a few words, for example “restitution” or “child witness”.
search-results = *Found in the lessons and in mentors' answers:*
search-hit-lesson = { $number }. 📖 Lesson { $module }.{ $order }: { $title }
search-hit-answer = { $number }. 💬 { $question }
search-open = Tap a result to read it.
search-nothing = Nothing found. Try other words, or /ask your mentor.
search-answer = *💬 { $question }*

    { $answer }

    _An answer published by a mentor of the programme._
