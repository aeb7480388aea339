## Konsol: catatan untuk orang yang mencoba bot di terminal, dalam bahasa orang yang sedang aktif

console-welcome = Konsol bot mentoring. Ketik pesan atau perintah seperti /help. Untuk menekan tombol, ketik nomornya atau tulisannya. Jawaban yang sah untuk pertanyaan yang sedang terbuka (misalnya kapasitas 6 atau pukul 7) selalu dikirim sebagai jawaban, bukan sebagai nomor tombol. Orang contoh: { $people }.
console-words = Kata konsol:
console-word-as = :as NAMA — beralih ke orang lain: orang contoh, orang yang sudah bergabung di sini (cukup nama depannya), atau orang baru
console-word-who = :who — siapa Anda sekarang: nama, peran, bahasa, dan status
console-word-clock = :clock — jam bot; :clock +2h, +30m, +1d atau -1h menggesernya, :clock 07:00 memajukannya ke pukul 07.00 berikutnya di zona Anda, :clock reset mengembalikannya ke waktu sebenarnya
console-word-quit = :quit — keluar dari konsol (bisa juga :q)
console-as = Sekarang Anda adalah { $name }.
console-person = { $name } \[{ $handle }\]
console-new-person = { $name } adalah orang baru yang belum bergabung: coba /start dengan kode undangan.
console-several = Ada beberapa orang yang cocok dengan "{ $name }": { $people }. Ketik namanya lebih lengkap.
console-as-needs-name = Ketik nama setelah :as, misalnya ":as mentor" atau ":as Budi".
console-unknown-word = "{ $word }" bukan kata konsol.
console-who =
    Anda: { $person }
    Peran: { $role }
    Bahasa: { $language }
    Status: { $status }
console-status-joined = sudah bergabung
console-status-joining = sedang bergabung
console-status-not-joined = belum bergabung
console-status-paused = dijeda
console-status-unreachable = tidak dapat dihubungi

# :clock — jam yang dipakai bot di konsol ini; { $utc } ditulis sebagai 2025-01-06 00:00.
console-clock = Jam bot: { $date }, pukul { $time } { $zone } ({ $utc } UTC).
console-date = { $weekday ->
        [mon] Senin
        [tue] Selasa
        [wed] Rabu
        [thu] Kamis
        [fri] Jumat
        [sat] Sabtu
       *[sun] Minggu
    }, { $day } { $month ->
        [jan] Januari
        [feb] Februari
        [mar] Maret
        [apr] April
        [may] Mei
        [jun] Juni
        [jul] Juli
        [aug] Agustus
        [sep] September
        [oct] Oktober
        [nov] November
       *[dec] Desember
    } { $year }
console-time = { $hour }.{ $minute }
console-clock-reset = Jam bot kembali ke waktu sebenarnya.
console-clock-jobs-ran = Tugas terjadwal yang sudah tiba waktunya telah dijalankan.
console-clock-bad = "{ $input }" tidak dapat dipahami. Contoh: ":clock +2h" (maju 2 jam), ":clock -30m" (mundur 30 menit), ":clock +1d" (maju 1 hari), ":clock 07:00" (ke pukul 07.00 berikutnya) atau ":clock reset".
console-clock-too-far = Jam bot dapat digeser paling jauh { $days } hari sekaligus.

# Dikirim saat sebuah obrolan dibuka kembali (misalnya konsol yang dijalankan ulang) dan
# pertanyaannya bukan bagian dari proses bergabung.
question-closed = Pertanyaan yang belum Anda jawab sudah ditutup, jadi tidak ada yang diubah. Anda dapat memulainya lagi, misalnya dengan /settings.
console-push-for = → untuk { $name }:
console-withdrawn = (ditarik: { $count } pesan dihapus dari obrolan)
