## Ringkasan mingguan, Senin pukul 08.00 waktu setempat

digest-mentor-title = *Minggu Anda sebagai mentor*
digest-mentor-no-mentees = Belum ada mentee yang dipasangkan dengan Anda.
digest-mentee-line = - { $name }: { $lessons } pelajaran minggu ini ({ $total } seluruhnya), { $right } dari { $answered } soal benar
digest-mentor-questions = Pertanyaan yang menunggu Anda: { $open }, di antaranya lewat batas waktu: { $overdue }. /queue menampilkannya.
digest-admin = *Program minggu ini*

    - Bergabung: { $joined }
    - Pelajaran terkirim: { $lessons }; soal dijawab: { $answered } ({ $accuracy } % benar)
    - Pertanyaan diajukan: { $asked }; dijawab pertama kali: { $first_answers }
    - Menunggu jawaban: { $open }, di antaranya lewat batas waktu: { $overdue }
    - Mentee tanpa mentor: { $unmatched } (/assign)
    - Pesan yang gagal dikirim: { $dead }

    /stats berisi rincian dan grafiknya.
