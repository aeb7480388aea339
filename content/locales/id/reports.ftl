## Laporan untuk admin: /stats dan /export

stats-reach = *Jangkauan*

    - Aktif dalam 7 hari terakhir: { $active }
    - Bergabung, per zona waktu: WIB { $wib }, WITA { $wita }, WIT { $wit }, tanpa provinsi { $unknown }
    - Provinsi terbanyak: { $provinces }
stats-lessons = *Pelajaran*

    - Terkirim: { $delivered }
    - Uji pemahaman dijawab: { $completed }
    - Dijawab dengan benar: { $accuracy } %

    Pelajaran yang paling sering dijawab salah:
stats-lesson-line = - { $lesson }: { $accuracy } % benar dari { $answered }
stats-no-answers = - belum ada uji pemahaman yang dijawab
stats-answered = Pertanyaan yang sudah dijawab setidaknya sekali: { $answered }
stats-chart-completion = Pelajaran terkirim dan selesai per minggu
stats-chart-answer-times = Waktu sampai jawaban pertama mentor
export-people = Peserta: satu baris per orang (lihat README untuk arti kolom)
export-progress = Kemajuan: satu baris per pelajaran yang diterima seseorang
export-questions = Pertanyaan: hanya waktu dan status, tanpa isi pertanyaan
export-note = Berkas ini berisi data program tentang peserta: simpan hanya di perangkat program.
chart-completion-title = Pelajaran per minggu ({ $weeks } minggu terakhir, WIB)
chart-delivered = Terkirim
chart-completed = Uji dijawab
chart-lessons = Pelajaran
chart-answers-title = Jam sampai jawaban pertama (target { $hours } jam)
chart-questions = Pertanyaan
chart-waiting = menunggu
console-document = (dokumen disimpan di { $path })
