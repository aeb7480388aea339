## Materi

lesson-title = *Materi { $module }.{ $order }: { $title }*
lesson-source = _Sumber: { $source } · sekitar { $minutes } menit_
lesson-unreviewed = _Teks ini masih menunggu tinjauan hukum dari tim program._
check-title = *Uji pemahaman*
review-title = *Ulasan:* pertanyaan yang beberapa hari lalu belum Anda jawab dengan tepat.
check-right = ✅ Tepat.
check-wrong = ❌ Belum tepat: jawaban yang benar adalah { $letter }.
check-already = Anda sudah menjawab pertanyaan ini.
module-done = 🎉 Modul { $module } telah selesai.
course-done = 🎓 Anda telah menyelesaikan seluruh materi program. Ulasan, daftar periksa, dan pertanyaan kepada mentor tetap berjalan; ketik /lessons untuk membaca ulang materi mana pun.
lessons-all-given = Semua materi sudah Anda terima. Ketik /lessons untuk membaca ulang materi mana pun.
lessons-title = *Materi*: pilih modul untuk melihat materinya dan membacanya kembali.
module-title = *Modul { $module }: { $title }*
module-reread = ✅ sudah dijawab · 📖 sudah diterima · ⬜ belum diterima. Tekan nomor materi untuk membacanya kembali.
progress-title = *Kemajuan belajar Anda*
progress-module = { $bar } { $module }. { $short }: { $answered }/{ $total } · { $right }% tepat
progress-summary = Uji pemahaman dijawab: { $answered } · tepat: { $accuracy }% · rangkaian: { $streak } hari materi berturut-turut
paused-until = Pesan terjadwal dijeda sampai { $date }. Kirim /resume jika ingin menerimanya lagi lebih awal.
pause-bad-days = Kirim /pause untuk menjeda sampai Anda mengirim /resume, atau /pause diikuti jumlah hari dari 1 sampai { $max }.
time-in-quiet-hours = Pukul { $time } termasuk jam tenang ({ $quiet }), saat bot tidak mengirim materi. Silakan pilih waktu lain.
