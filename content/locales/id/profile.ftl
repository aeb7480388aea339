## Langkah profil

# Halaman daftar provinsi, di bawah pertanyaan provinsi.
province-page = Halaman { $page }/{ $pages }
ask-days = Pada hari apa saja Anda ingin menerima materi? Tekan nama hari untuk memilih atau membatalkannya, lalu tekan Selesai. (Pada hari libur nasional tidak ada materi.)
days-none = Pilih sedikitnya satu hari. Untuk menghentikan materi sementara, kirim /pause.
summary-days = Hari materi: { $days }
btn-set-days = Hari materi
weekday-1 = Sen
weekday-2 = Sel
weekday-3 = Rab
weekday-4 = Kam
weekday-5 = Jum
weekday-6 = Sab
weekday-7 = Min
