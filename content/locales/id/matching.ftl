## Pemasangan mentee dengan mentor

# Bidang perkara mentee (tag yang sama dengan bidang keahlian mentor), diubah di /settings.
ask-areas = Perkara jenis apa saja yang Anda tangani? Kami menggunakannya untuk memasangkan Anda dengan mentor yang memahaminya. Ketuk untuk memilih atau membatalkan pilihan, lalu ketuk Selesai.
summary-areas = Bidang perkara: { $areas }
btn-set-areas = Bidang perkara
# Di bawah pesan sambutan di akhir pendaftaran mentee.
btn-choose-areas = Pilih bidang perkara saya

## Perkenalan (dikirim kepada keduanya ketika pasangan dibuat)

intro-mentee = Mentor Anda adalah *{ $mentor }* ({ $office }). Gunakan /ask untuk mengajukan pertanyaan kepadanya.
intro-mentee-mentor-left = Mentor Anda telah meninggalkan program. Mentor baru Anda adalah *{ $mentor }* ({ $office }). Gunakan /ask untuk mengajukan pertanyaan kepadanya.
intro-mentor = Anda mendapat mentee baru: *{ $mentee }* ({ $office }). Pertanyaannya akan masuk ke sini; jawablah dengan membalas pesan tersebut atau dengan tombol Jawab.
mentor-left-unmatched = Mentor Anda telah meninggalkan program. Admin akan segera memasangkan Anda dengan mentor baru.

## /assign (admin)

assign-none = Semua mentee sudah memiliki mentor.
assign-mentees = Mentee yang belum memiliki mentor ({ $count }). Pilih salah satu:
assign-page = Halaman { $page }/{ $pages }
assign-mentors = Mentor terbaik yang masih memiliki tempat untuk *{ $mentee }* ({ $office }), dengan skor dan jumlah menteenya:
assign-mentor-line = { $name } ({ $office }) { $score } · { $load }/{ $capacity }
assign-no-mentor = Saat ini tidak ada mentor yang masih memiliki tempat untuk *{ $mentee }*. Naikkan kapasitas seorang mentor atau coba lagi nanti.
assign-confirm = Pasangkan *{ $mentee }* dengan *{ $mentor }*?
btn-assign-yes = Pasangkan
btn-assign-back = Mentor lain
assign-done = *{ $mentee }* dan *{ $mentor }* kini berpasangan; keduanya sudah diberi tahu.
assign-full = *{ $mentor }* sudah tidak memiliki tempat. Pilih mentor lain.
assign-already = *{ $mentee }* sudah dibimbing oleh *{ $mentor }*.
assign-cancelled = Tidak ada yang diubah.
