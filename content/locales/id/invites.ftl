## Undangan untuk lokakarya: beberapa kali pakai, angkatan, kode QR; undangan terbuka dan pencabutan (admin)

invite-usage = Untuk membuat undangan lokakarya, kirim: /invite PERAN [JUMLAH] [ANGKATAN], misalnya /invite mentee 30 Angkatan 2. PERAN adalah mentee, mentor atau admin; JUMLAH 1 sampai { $max }. Atau kirim /invite saja lalu pilih peran.
invite-created-many = Undangan baru untuk peran { $role }, angkatan { $cohort }: *{ $code }*. Dapat dipakai { $uses } kali dan berlaku { $days } hari. Setiap orang mengirim: /start { $code }
invite-qr = Kode QR tautan undangan, untuk lokakarya: tampilkan di layar atau cetak. Siapa pun yang memindainya dapat bergabung sebagai { $role }, jadi bagikan hanya kepada peserta.
btn-invites-open = Undangan terbuka
btn-people = Peserta
invites-none = Tidak ada undangan yang terbuka saat ini.
invites-open = Undangan terbuka ({ $count }), yang terbaru lebih dulu. Pilih satu untuk melihat siapa yang bergabung atau untuk mencabutnya:
invite-line = { $role } · angkatan { $cohort } · dipakai { $uses }/{ $max } · hingga { $expires }
invite-no-expiry = tanpa batas waktu
invite-detail = *Undangan #{ $number }*: { $line }
invite-created-at = Dibuat: { $at }
invite-joined = Bergabung melaluinya ({ $count }): { $names }
invite-joined-more = dan { $count } lainnya
btn-invite-revoke = Cabut
btn-invites-back = Undangan terbuka
invite-revoke-confirm = Cabut undangan #{ $number }? Setelah itu tidak ada yang dapat bergabung dengannya; yang sudah bergabung tetap.
btn-invite-revoke-yes = Ya, cabut
invite-revoked = Undangan #{ $number } dicabut. Kode dan tautannya tidak berlaku lagi.
