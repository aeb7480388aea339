## Langkah profil

# Halaman daftar provinsi, di bawah pertanyaan provinsi.
province-page = Halaman { $page }/{ $pages }
