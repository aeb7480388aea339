## Pertanyaan kepada mentor: bertanya, meneruskan, menjawab, antrean, entri FAQ

ask-prompt =
    Ketik pertanyaan Anda untuk mentor dalam satu pesan.

    ⚠️ Jangan pernah mengetik nama korban atau saksi, atau nomor identitas mereka: apa pun yang dapat mengenali seseorang disamarkan sebelum disimpan atau dikirim.
question-text-needed = Silakan ketik teks Anda dalam satu pesan, atau ketuk Batal.
question-too-long = Teks itu lebih dari { $most } karakter. Silakan persingkat dan kirim lagi, atau ketuk Batal.
question-preview =
    Inilah yang akan dikirim:

    { $text }
question-masked =
    Teks Anda berisi { $count ->
        [one] sesuatu
       *[other] { $count } hal
    } yang dapat mengenali seseorang, jadi sudah disamarkan. Inilah yang akan dikirim:

    { $text }

    Kirim apa adanya, atau ubah.
btn-question-send = 📨 Kirim ke mentor
btn-answer-send = 📨 Kirim jawaban
btn-question-edit = ✏️ Ubah
question-edit-prompt = Ketik lagi dalam satu pesan.
question-cancelled = Dibatalkan: tidak ada yang dikirim.
question-sent = Pertanyaan #{ $number } sudah dikirim ke mentor Anda, { $mentor }. Mentor berusaha menjawab dalam { $hours } jam; jawabannya akan masuk di sini. /myquestions menampilkan pertanyaan Anda.
question-sent-team = Pertanyaan #{ $number } sudah dikirim ke tim program, yang akan menjawab atau mencarikan mentor, dalam { $hours } jam. Jawabannya akan masuk di sini. /myquestions menampilkan pertanyaan Anda.
relay-question =
    ❓ *Pertanyaan #{ $number }* dari { $name } ({ $office }), sisa waktu menjawab { $hours } jam:

    { $text }

    Jawab dengan membalas pesan ini, atau ketuk Jawab.
relay-followup =
    ↪️ *Pertanyaan lanjutan #{ $number }* dari { $name } ({ $office }), sisa { $hours } jam:

    { $text }

    Jawab dengan membalas pesan ini, atau ketuk Jawab.
relay-passed =
    ❓ *Pertanyaan #{ $number }* dari { $name } ({ $office }) dialihkan kepada Anda, sisa waktu menjawab { $hours } jam:

    { $text }

    Jawab dengan membalas pesan ini, atau ketuk Jawab.
btn-answer = ✍️ Jawab
btn-pass = Ke mentor lain
btn-not-my-area = Bukan bidang saya
answer-prompt = Ketik jawaban Anda untuk pertanyaan #{ $number } dalam satu pesan.
answer-received =
    💬 *Jawaban untuk pertanyaan #{ $number }* dari { $mentor }:

    { $text }
btn-solved = ✅ Sudah terjawab
btn-follow-up = ↪️ Tanya lanjutan
answer-sent = Jawaban Anda untuk pertanyaan #{ $number } sudah dikirim ke { $name }. Jika bermanfaat bagi yang lain, terbitkan sebagai entri FAQ tanpa identitas yang dapat ditemukan lewat /search.
btn-publish-faq = 📚 Terbitkan di FAQ
question-already-closed = Pertanyaan #{ $number } sudah ditutup: mentee menandainya terjawab.
question-not-open = Pertanyaan #{ $number } tidak lagi menunggu jawaban.
pass-done = Pertanyaan #{ $number } sudah dialihkan. Terima kasih.
question-passed = Pertanyaan Anda #{ $number } dialihkan ke mentor lain yang lebih menguasai bidangnya. Jawabannya akan masuk di sini.
question-escalated = Pertanyaan Anda #{ $number } belum terjawab dalam waktu yang seharusnya, jadi dialihkan ke mentor lain atau tim program. Jawabannya akan masuk di sini.
question-reminder = ⏰ Pertanyaan #{ $number } menunggu jawaban Anda: sisa { $hours } jam. Balas pertanyaannya atau ketuk Jawab.
question-solved = Senang bisa membantu. Pertanyaan #{ $number } ditutup.
followup-prompt = Ketik pertanyaan lanjutan untuk pertanyaan #{ $number } dalam satu pesan.
followup-sent = Pertanyaan lanjutan untuk pertanyaan #{ $number } sudah dikirim.
myquestions-title = *Pertanyaan Anda*
myquestions-none = Anda belum bertanya apa pun. Gunakan /ask untuk bertanya kepada mentor Anda.
myquestions-line = #{ $number } · { $status } · { $text }
question-status-open = menunggu jawaban
question-status-answered = sudah dijawab
question-status-closed = terjawab
btn-show-question = Pertanyaan #{ $number }
thread-title = *Pertanyaan #{ $number }* ({ $status })
thread-question = ❓ { $text }
thread-answer = 💬 { $text }
thread-followup = ↪️ { $text }
btn-retract = 🗑 Tarik pertanyaan
retract-too-late = Pertanyaan hanya dapat ditarik dalam { $hours } jam setelah diajukan. Jika isinya memuat sesuatu yang tidak semestinya, minta tim program untuk menghapusnya.
retract-confirm = Tarik pertanyaan #{ $number }? Pertanyaan dihapus di sini, dari obrolan mentor, dan dari catatan program.
btn-retract-yes = Ya, tarik
btn-retract-no = Biarkan
retract-done = Pertanyaan #{ $number } sudah ditarik dan dihapus.
queue-title = *Pertanyaan yang menunggu Anda* ({ $count }), yang paling lama menunggu lebih dulu:
queue-line = #{ $number } · { $name } · menunggu { $waited } jam · { $overdue ->
        [yes] lewat batas waktu
       *[no] sisa { $left } jam
    }
queue-more = Masih ada yang menunggu: jawab yang ini lebih dulu.
queue-empty = Tidak ada pertanyaan yang menunggu Anda.
faq-question-prompt =
    Terbitkan sebagai entri FAQ yang dapat ditemukan semua orang. Pertama pertanyaannya, sebagaimana akan dibaca semua orang: tanpa nama, tempat, atau rincian perkara.

    Saat ini tertulis:
    { $text }

    Ketik pertanyaan sebagaimana seharusnya.
faq-answer-prompt =
    Lalu jawabannya, sebagaimana akan dibaca semua orang. Saat ini tertulis:
    { $text }

    Ketik jawaban sebagaimana seharusnya, atau ketuk Pakai seperti ini.
btn-keep-as-shown = Pakai seperti ini
faq-published = Sudah diterbitkan. /search semua orang kini dapat menemukannya.
question-not-yours = Tidak diizinkan: pertanyaan ini bukan milik Anda untuk ditangani.
stats-questions = *Pertanyaan*

    - Diajukan: { $asked }
    - Menunggu jawaban: { $open }, di antaranya lewat batas waktu: { $overdue }
    - Median waktu sampai jawaban pertama: { $median } jam
    - Dijawab dalam { $hours } jam: { $in_time } %
question-suggestions = 📖 Pelajaran atau jawaban yang sudah diterbitkan ini mungkin sudah menjawabnya: buka untuk membacanya. Jika ada yang menjawab, ketuk "Sudah menjawab"; jika tidak, kirim pertanyaan Anda ke mentor.
question-did-it-answer = Apakah ini menjawab pertanyaan Anda?
btn-answered-by-this = ✅ Sudah menjawab
question-deflected = Baik: tidak ada yang dikirim. Bertanya lagi kapan saja dengan /ask.
faq-not-in-demo = Jawaban orang contoh di konsol tidak diterbitkan: pencarian semua orang akan menemukannya.
