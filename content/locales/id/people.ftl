## Alat peserta untuk admin (dari /invite → Peserta), penonaktifan dan masa tidak aktif mentor

access-paused = Akses Anda sedang dihentikan sementara. Silakan hubungi tim program.

people-ask = Ketik nama, kantor atau provinsi (misalnya Budi, Kejari Surabaya atau jatim) untuk mencari seseorang.
btn-people-away = Mentor tidak aktif
people-closed = Ditutup. Buka lagi alat peserta dari /invite.
people-none = Tidak ditemukan. Ketik nama, kantor atau provinsi lain.
people-found = Ditemukan { $count }. Pilih seseorang, atau ketik pencarian lain:
people-card-title = *{ $name }* (#{ $number })
people-card-role = Peran: { $role }
people-card-cohort = Angkatan: { $cohort }
people-card-office = Kantor: { $office }
people-card-province = Provinsi: { $province } ({ $zone })
people-card-mentor = Mentor: { $mentor }
people-card-mentees = Mentee: { $load }/{ $capacity }
people-card-away = Tidak aktif sampai { $day }
people-card-joined = Bergabung: { $at }
people-card-joining = masih mendaftar
people-card-deactivated = ⏸ Dinonaktifkan sejak { $at }: tanpa pesan, tanpa akses, data tetap disimpan.
btn-people-role = Peran
btn-people-cohort = Angkatan
btn-people-mentor = Mentor
btn-people-deactivate = Nonaktifkan
btn-people-reactivate = Aktifkan lagi
btn-people-back = Kembali
btn-people-no-cohort = Tanpa angkatan
people-which-role = Peran apa untuk *{ $name }*? Mentee dari seorang mentor mendapat mentor lain; pasangan seorang mentee berakhir.
people-role-changed = *{ $name }* sekarang { $role }.
people-role-changed-you = Tim program mengubah peran Anda: sekarang Anda { $role }. Kirim /help untuk melihat apa yang dapat Anda lakukan.
people-which-cohort = *{ $name }* masuk angkatan mana? Pilih satu atau ketik nama angkatan baru.
people-invalid-cohort = Nama angkatan terdiri dari 1 sampai { $max } karakter. Ketik lagi, atau pilih satu.
people-cohort-changed = *{ $name }* sekarang di angkatan { $cohort }.
people-deactivate-confirm = Nonaktifkan *{ $name }*? Ia tidak menerima pesan dan tidak dapat memakai bot sampai diaktifkan lagi; datanya tetap disimpan. Pertanyaan terbuka seorang mentor dialihkan ke mentor lain.
people-reactivate-confirm = Aktifkan lagi *{ $name }*? Pesan dan aksesnya dimulai lagi.
people-deactivated = *{ $name }* dinonaktifkan.
people-reactivated = *{ $name }* aktif lagi.
people-away-none = Tidak ada mentor yang sedang tidak aktif.
people-away = Mentor tidak aktif ({ $count }):
people-away-line = - { $name }: sampai { $day }

## Masa tidak aktif seorang mentor (/settings)

btn-set-away = Tidak aktif
summary-away = Tidak aktif sampai: { $day } (tanpa pertanyaan baru)
summary-not-away = Tidak aktif: tidak
ask-away = Berapa lama Anda tidak aktif? Selama itu pertanyaan baru diteruskan ke mentor lain, dan pertanyaan terbuka Anda dialihkan sekarang; mentee Anda tetap milik Anda. Pilih, atau ketik hari terakhir Anda tidak aktif (misalnya 2026-12-20).
btn-away-7 = 1 minggu
btn-away-14 = 2 minggu
btn-away-30 = 1 bulan
btn-away-back = Saya sudah kembali
away-back = Selamat datang kembali: pertanyaan baru datang lagi kepada Anda.
away-saved = Anda tidak aktif sampai { $day }. { $moved } pertanyaan terbuka dialihkan ke mentor lain.
invalid-away = Ketik tanggal dari hari ini sampai { $max } hari ke depan, misalnya 2026-12-20.
