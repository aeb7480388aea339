## Konsol: catatan untuk orang yang mencoba bot di terminal, dalam bahasa orang yang sedang aktif

console-welcome = Konsol bot mentoring. Ketik pesan atau perintah seperti /help. Untuk menekan tombol, ketik nomornya atau tulisannya. Jawaban yang sah untuk pertanyaan yang sedang terbuka (misalnya kapasitas 6 atau pukul 7) selalu dikirim sebagai jawaban, bukan sebagai nomor tombol. Orang contoh: { $people }.
console-words = Kata konsol:
console-word-as = :as NAMA — beralih ke orang lain: orang contoh, orang yang sudah bergabung di sini (cukup nama depannya), atau orang baru
console-word-who = :who — siapa Anda sekarang: nama, peran, bahasa, dan status
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

# Dikirim saat sebuah obrolan dibuka kembali (misalnya konsol yang dijalankan ulang) dan
# pertanyaannya bukan bagian dari proses bergabung.
question-closed = Pertanyaan yang belum Anda jawab sudah ditutup, jadi tidak ada yang diubah. Anda dapat memulainya lagi, misalnya dengan /settings.
