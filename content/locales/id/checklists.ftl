## Daftar periksa

checklists-title = *Daftar periksa berpusat pada korban*
checklists-intro = Pilih daftar periksa untuk perkara yang sedang Anda tangani. Setiap perkara mendapat salinan daftar periksanya sendiri, lengkap dengan centangnya.
checklists-open-runs = *Belum selesai:*
checklists-run-line = - { $short } · { $case } ({ $done }/{ $total })
checklists-more-runs = - dan { $count } lainnya yang lebih lama
# A run started without a case label, named by its date.
checklist-no-label = tanpa label, { $date }
btn-checklist-run = ↻ { $short } · { $case }
checklist-ask-label = *{ $title }*

    Ketik label singkat untuk perkara ini agar mudah Anda kenali nanti, misalnya nomor register perkara (paling banyak { $max } karakter), atau ketuk Lewati.

    ⚠️ Jangan pernah mengetik nama korban atau saksi, maupun nomor identitasnya. Data yang dapat mengenali seseorang akan kami samarkan.
btn-checklist-skip = Lewati
checklist-label-invalid = Label perkara berupa satu baris teks, paling banyak { $max } karakter. Silakan ketik lagi, atau ketuk Lewati.
checklist-label-masked = Label Anda memuat data yang dapat mengenali seseorang, jadi bagian itu kami samarkan sebelum disimpan: { $label }
checklist-case = Perkara: { $label }
checklist-progress = { $done } dari { $total } butir sudah dicentang.
checklist-hint = Ketuk nomor butir untuk mencentang atau membatalkan centangnya.
checklist-source = _Sumber: { $source }_
checklist-unreviewed = _Teks ini masih menunggu tinjauan hukum dari tim program._
btn-checklist-why = Alasan
btn-checklist-brief = Ringkas
btn-checklist-done = Selesai
checklist-saved = Tersimpan. Buka kembali kapan saja melalui /checklists.
checklist-not-yours = Tidak diizinkan: hanya orang yang memulai daftar periksa ini yang dapat mengubahnya.
checklist-offer = Daftar periksa baru untuk Anda: *{ $title }*. Gunakan saat menangani perkara berikutnya; setiap perkara mendapat salinannya sendiri.
btn-checklist-open = Buka daftar periksa
