## Invites for workshops: several uses, a cohort, a QR code; open invites and revoking (admins)

invite-usage = To create an invite for a workshop, send: /invite ROLE [USES] [COHORT], for example /invite mentee 30 Batch 2. ROLE is mentee, mentor or admin; USES is 1 to { $max }. Or send /invite alone and choose a role.
invite-created-many = New invite for the role { $role }, cohort { $cohort }: *{ $code }*. It can be used { $uses } times and is valid for { $days } days. Each person sends: /start { $code }
invite-qr = QR code of the invite link, for a workshop: show it on screen or print it. Whoever scans it can join as { $role }, so share it only with the participants.
btn-invites-open = Open invites
btn-people = People
invites-none = No invite is open now.
invites-open = Open invites ({ $count }), the newest first. Choose one to see who joined through it or to revoke it:
invite-line = { $role } · cohort { $cohort } · used { $uses }/{ $max } · until { $expires }
invite-no-expiry = no expiry
invite-detail = *Invite #{ $number }*: { $line }
invite-created-at = Created: { $at }
invite-joined = Joined through it ({ $count }): { $names }
invite-joined-more = and { $count } more
btn-invite-revoke = Revoke
btn-invites-back = Open invites
invite-revoke-confirm = Revoke invite #{ $number }? Nobody can join with it afterwards; people who already joined stay.
btn-invite-revoke-yes = Yes, revoke it
invite-revoked = Invite #{ $number } is revoked. Its code and link no longer work.
