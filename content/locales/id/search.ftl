## Pencarian

search-ask = Apa yang Anda cari? Kirim beberapa kata, misalnya “restitusi” atau “saksi anak”.
search-results = *Ditemukan dalam materi dan jawaban mentor:*
search-hit-lesson = { $number }. 📖 Materi { $module }.{ $order }: { $title }
search-hit-answer = { $number }. 💬 { $question }
search-open = Ketuk salah satu hasil untuk membacanya.
search-nothing = Tidak ada yang ditemukan. Coba kata lain, atau ajukan pertanyaan kepada mentor Anda dengan /ask.
search-answer = *💬 { $question }*

    { $answer }

    _Jawaban yang diterbitkan oleh mentor program._
