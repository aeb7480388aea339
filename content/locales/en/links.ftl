## One person on several apps (/settings, then /start CODE on the other app)

btn-link = Link another app
link-code = *Link another app*

    Your code: *{ $code }* (works once, for { $minutes } minutes).

    On the other app (Telegram or WhatsApp), send /start { $code } to this bot; on WhatsApp you can also write: start { $code }

    Do not share this code: whoever sends it can use your account.
link-code-telegram = On Telegram you can also open this link: { $link }
link-done = Linked, { $name }. You now use the programme on: { $channels }. Your profile, lessons and questions are the same on each. Messages from the bot go to the app you used last; you can choose one in /settings.
link-done-other = Your account was just linked to { $channel }. If that was not you, please tell the programme team.
link-own = This app is already linked to your account.
link-joined-refused = This app already belongs to a participant of the programme, so it cannot be linked to another account; accounts are never merged. Send the code from an app that has not joined the programme yet.
link-same-channel = This account already uses the bot on this app with another user, so it cannot be linked here. Please ask the programme team for help.

## Where messages go

channel-telegram = Telegram
channel-whatsapp = WhatsApp
channel-console = Console
summary-channels = Apps: { $channels }
summary-push-channel = Messages go to: { $channel }
push-last-used = the app you used last
btn-push-channel = Channel for messages
btn-push-last = The one I used last
ask-push-channel = Where should the bot's messages (lessons, answers, reminders) go? If that app cannot be reached, they go to the app you used last.
