## Weekly digests, Monday 08:00 local time

digest-mentor-title = *Your week as a mentor*
digest-mentor-no-mentees = No mentees are paired with you yet.
digest-mentee-line = - { $name }: { $lessons } lessons this week ({ $total } in all), { $right } of { $answered } checks right
digest-mentor-questions = Questions waiting for you: { $open }, of them overdue: { $overdue }. /queue shows them.
digest-admin = *The programme this week*

    - Joined: { $joined }
    - Lessons delivered: { $lessons }; checks answered: { $answered } ({ $accuracy } % right)
    - Questions asked: { $asked }; answered for the first time: { $first_answers }
    - Waiting for an answer: { $open }, of them overdue: { $overdue }
    - Mentees without a mentor: { $unmatched } (/assign)
    - Messages given up: { $dead }

    /stats has the details and charts.
