## /broadcast: pesan dari program untuk sekelompok penerima

bc-ask-kind = *Siaran baru.* Apa yang ingin Anda kirim?
btn-bc-text = ✍️ Pesan
btn-bc-lesson = 📘 Pelajaran
btn-bc-checklist = ☑️ Daftar periksa
bc-stopped = Siaran dibatalkan: tidak ada yang dikirim.
bc-ask-text-id = Ketik pesannya dalam Bahasa Indonesia, sebagaimana akan dibaca penerima (paling banyak 3.500 karakter).
bc-text-invalid = Pesan adalah satu teks paling banyak { $most } karakter. Silakan ketik lagi, atau ketuk Batal.
bc-ask-text-en = Sekarang pesan yang sama dalam bahasa Inggris untuk penerima berbahasa Inggris, atau ketuk Lewati untuk mengirim teks Indonesia kepada semua.
btn-bc-skip = Lewati
bc-ask-module = Pelajaran itu ada di modul mana?
btn-bc-module = { $number }. { $title }
bc-ask-lesson = Pelajaran yang mana?
bc-ask-checklist = Daftar periksa yang mana?
bc-ask-audience = Siapa yang menerimanya?
btn-bc-everyone = Semua orang
btn-bc-mentees = Mentee
btn-bc-mentors = Mentor
btn-bc-cohort = Satu angkatan
btn-bc-province = Satu provinsi
btn-bc-zone = Satu zona waktu
btn-bc-module-left = Modul belum selesai
bc-ask-zone = Zona waktu yang mana?
btn-bc-zone-value = { $zone }
bc-ask-module-left = Mentee yang belum menyelesaikan modul mana?
btn-bc-module-number = Modul { $number }
bc-ask-cohort = Ketik nama angkatannya.
bc-ask-province = Ketik provinsinya (misalnya "Jawa Timur" atau "NTT").
bc-cohort-unknown = Tidak ada angkatan bernama "{ $name }". Ketik namanya dengan tepat, atau ketuk Batal.
bc-province-unknown = "{ $name }" bukan provinsi yang saya kenal. Silakan ketik lagi, atau ketuk Batal.
bc-ask-when = Kapan? Ketuk Sekarang, atau ketik tanggal dan jam, yaitu waktu setempat masing-masing penerima: "2026-12-08 07:30", "besok 07:30" atau "07:30".
btn-bc-now = Sekarang
bc-when-invalid = Itu bukan tanggal dan jam yang akan datang. Ketik, misalnya, "besok 07:30" atau "2026-12-08 07:30", atau ketuk Sekarang.
bc-preview-in = Pratinjau, sebagaimana dilihat penerima yang membaca { $language }:
bc-confirm = *Siap dikirim* kepada { $audience }: { $count } orang, { $unreachable } di antaranya saat ini tanpa saluran yang dapat dijangkau.
    Waktu: { $when }.
bc-when-now = sekarang
bc-when-at = { $at }, waktu setempat masing-masing penerima
btn-bc-send = 📨 Kirim
btn-bc-cancel = Batalkan siaran
bc-already-finished = Siaran #{ $number } sudah selesai.
bc-cancelled = Siaran #{ $number } dibatalkan: { $sent } salinan sudah terkirim, { $stopped } dihentikan.
bc-audience-everyone = semua orang
bc-audience-mentees = semua mentee
bc-audience-mentors = semua mentor
bc-audience-admins = semua admin
bc-audience-cohort = angkatan { $value }
bc-audience-province = orang di { $name }
bc-audience-zone = orang di zona { $value }
bc-audience-module = mentee yang belum menyelesaikan modul { $value }
bc-progress-starting = Siaran #{ $number } dimulai…
bc-progress-scheduled = Siaran #{ $number } dijadwalkan pada { $at }, waktu setempat masing-masing penerima.
bc-progress = *Siaran #{ $number }* sedang dikirim:
    - terkirim: { $sent }
    - menunggu: { $pending }
    - gagal: { $failed }
    - memblokir bot: { $blocked }
    - tanpa saluran yang dapat dijangkau: { $unreachable }
bc-report = *Siaran #{ $number } selesai.*
    - terkirim: { $sent }
    - gagal: { $failed }
    - memblokir bot: { $blocked }
    - tanpa saluran yang dapat dijangkau: { $unreachable }
