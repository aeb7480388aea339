## Satu orang di beberapa aplikasi (/settings, lalu /start KODE di aplikasi lain)

btn-link = Hubungkan aplikasi lain
link-code = *Hubungkan aplikasi lain*

    Kode Anda: *{ $code }* (hanya sekali pakai, berlaku { $minutes } menit).

    Di aplikasi lain (Telegram atau WhatsApp), kirim /start { $code } ke bot ini; di WhatsApp Anda juga dapat menulis: mulai { $code }

    Jangan bagikan kode ini: siapa pun yang mengirimnya dapat memakai akun Anda.
link-code-telegram = Di Telegram Anda juga dapat membuka tautan ini: { $link }
link-done = Berhasil dihubungkan, { $name }. Anda sekarang mengikuti program melalui: { $channels }. Profil, pelajaran, dan pertanyaan Anda sama di setiap aplikasi. Pesan dari bot dikirim ke aplikasi yang terakhir Anda pakai; Anda dapat memilih salah satunya di /settings.
link-done-other = Akun Anda baru saja dihubungkan dengan { $channel }. Jika itu bukan Anda, mohon beri tahu tim program.
link-own = Aplikasi ini sudah terhubung dengan akun Anda.
link-joined-refused = Aplikasi ini sudah dipakai oleh peserta program, jadi tidak dapat dihubungkan dengan akun lain; akun tidak pernah digabungkan. Kirim kode dari aplikasi yang belum bergabung dengan program.
link-same-channel = Akun ini sudah memakai bot di aplikasi ini dengan pengguna lain, jadi tidak dapat dihubungkan di sini. Mohon hubungi tim program untuk bantuan.

## Ke mana pesan dikirim

channel-telegram = Telegram
channel-whatsapp = WhatsApp
channel-console = Konsol
summary-channels = Aplikasi: { $channels }
summary-push-channel = Pesan dikirim ke: { $channel }
push-last-used = aplikasi yang terakhir dipakai
btn-push-channel = Saluran pesan
btn-push-last = Terakhir dipakai
ask-push-channel = Ke mana pesan dari bot (pelajaran, jawaban, pengingat) dikirim? Jika aplikasi itu tidak dapat dihubungi, pesan dikirim ke aplikasi yang terakhir Anda pakai.
