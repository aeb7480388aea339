## Batasan yang melindungi program

invite-too-many = Terlalu banyak kode undangan yang dicoba dari obrolan ini. Mohon tunggu satu jam, lalu kirim kode Anda kembali, atau hubungi tim program untuk bantuan.
