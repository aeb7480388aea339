## Checklists

checklists-title = *Victim-centred checklists*
checklists-intro = Choose a checklist for a case you are handling. Each case gets its own copy of the checklist, with its own ticks.
checklists-open-runs = *Not finished yet:*
checklists-run-line = - { $short } · { $case } ({ $done }/{ $total })
checklists-more-runs = - and { $count } older ones
# A run started without a case label, named by its date.
checklist-no-label = no label, { $date }
btn-checklist-run = ↻ { $short } · { $case }
checklist-ask-label = *{ $title }*

    Type a short label for this case so that you can recognise it later, such as the case register number (at most { $max } characters), or tap Skip.

    ⚠️ Never type the name of a victim or witness, or their identity numbers. Anything that could identify a person will be masked.
btn-checklist-skip = Skip
checklist-label-invalid = A case label is one line of text, at most { $max } characters. Please type it again, or tap Skip.
checklist-label-masked = Your label contained something that could identify a person, so we masked it before storing it: { $label }
checklist-case = Case: { $label }
checklist-progress = { $done } of { $total } items ticked.
checklist-hint = Tap an item's number to tick it or untick it.
checklist-source = _Source: { $source }_
checklist-unreviewed = _This text is still awaiting the programme's legal review._
btn-checklist-why = Why?
btn-checklist-brief = Shorter
btn-checklist-done = Done
checklist-saved = Saved. Open it again any time with /checklists.
checklist-not-yours = Not allowed: only the person who started this checklist can change it.
checklist-offer = A new checklist for you: *{ $title }*. Use it on your next case; each case gets its own copy.
btn-checklist-open = Open checklist
