## Bahasa dan peran

language-id = Bahasa Indonesia
language-en = English
role-mentee = Mentee
role-mentor = Mentor
role-admin = Admin

## Bergabung

invite-invalid = Mohon maaf, bot ini khusus untuk peserta program mentoring jaksa. Untuk bergabung, Anda memerlukan kode undangan yang sah dari tim program; kirimkan dengan format /start KODE atau buka tautan undangan yang Anda terima.
invite-expired = Mohon maaf, undangan ini baru saja habis terpakai atau sudah kedaluwarsa. Tidak ada data yang disimpan. Silakan minta undangan baru kepada tim program.
ask-language = Silakan pilih bahasa Anda.
consent = *Sebelum kita mulai: data Anda*

    Kami menyimpan ID akun aplikasi pesan Anda (misalnya Telegram), nama, peran, provinsi, kantor, waktu penerimaan materi yang Anda pilih, kemajuan belajar, serta pertanyaan yang Anda kirim; bagi mentor juga kapasitas dan bidang keahlian. Data tersebut hanya kami gunakan untuk menjalankan program mentoring: mengirimkan materi pada waktu yang tepat dan menghubungkan mentee dengan mentornya.

    Mentor dapat melihat nama, provinsi, kantor, dan pertanyaan mentee-nya; mentee dapat melihat nama mentornya. Administrator program mengelola undangan dan pasangan mentoring, membaca laporan program, dan membantu bila terjadi kendala. Selain mereka, tidak ada pihak lain yang dapat melihat data Anda.

    Jangan pernah mengirimkan nama atau nomor identitas korban maupun saksi: identitas mereka dilindungi undang-undang.

    Anda dapat menghapus data Anda kapan saja melalui /forget.

    Apakah Anda setuju?
btn-consent-yes = Saya setuju
btn-consent-no = Tidak, terima kasih
consent-declined = Baik. Tidak ada data yang disimpan. Jika Anda berubah pikiran, buka kembali tautan undangan Anda atau kirim lagi /start KODE.
consent-thanks = Terima kasih. Selanjutnya ada beberapa pertanyaan untuk menyiapkan profil Anda.
welcome-back = Selamat datang kembali, { $name }. Ketik /help untuk melihat apa saja yang dapat Anda lakukan.
onboarding-unfinished = Profil Anda belum lengkap. Kirim /start untuk melanjutkan dari langkah terakhir.
onboarding-done = Semua sudah siap, { $name }! Profil Anda telah lengkap. Anda dapat mengubahnya kapan saja melalui /settings.

## Langkah-langkah profil

ask-language-setting = Bahasa apa yang ingin Anda gunakan?
ask-name = Dengan nama apa kami sebaiknya menyapa Anda? Nama ini akan terlihat oleh rekan Anda dalam program.
btn-use-name = Pakai "{ $name }"
invalid-name = Mohon kirim nama yang terdiri atas { $min }–{ $max } karakter dan mengandung huruf.
ask-province = Di provinsi mana Anda bertugas? Pilih di bawah ini atau ketik namanya (misalnya "Jawa Timur" atau "jatim").
btn-previous = ◀ Sebelumnya
btn-next = Berikutnya ▶
province-which = Provinsi mana yang Anda maksud?
province-unknown = Maaf, kami tidak mengenali provinsi tersebut. Silakan pilih dari daftar atau ketik kembali namanya.
province-saved = Provinsi: { $province } ({ $zone }).
ask-office = Apa nama kantor Anda? Misalnya "Kejari Surabaya" atau "Kejati Jawa Timur".
invalid-office = Mohon kirim nama kantor Anda (maksimal { $max } karakter).
ask-time = Pukul berapa (waktu setempat) Anda ingin menerima materi? Pilih salah satu waktu atau ketik dengan format jam:menit, misalnya 07:30.
invalid-time = Maaf, format waktu tersebut tidak kami pahami. Mohon ketik dengan format jam:menit, misalnya 07:30 atau 19:00.
time-saved = Materi akan dikirim setiap pukul { $time } { $zone }.
ask-capacity = Berapa mentee yang dapat Anda bimbing sekaligus? Pilih atau ketik angkanya.
invalid-capacity = Mohon kirim angka dari { $min } sampai { $max }.
ask-expertise = Di bidang apa saja Anda berpengalaman? Ketuk untuk memilih atau membatalkan pilihan, lalu ketuk Selesai.
btn-done = Selesai
use-buttons = Silakan gunakan tombol di bawah ini.
expertise-migrant-workers = Pekerja migran
expertise-sexual-exploitation = Eksploitasi seksual
expertise-child-victims = Korban anak
expertise-online-recruitment = Perekrutan daring
expertise-restitution = Restitusi
expertise-corporate-liability = Tanggung jawab korporasi
expertise-money-laundering = Pencucian uang
expertise-cross-border = Perkara lintas negara
expertise-victim-protection = Perlindungan korban

## Pengaturan

settings-title = *Profil Anda*
summary-language = Bahasa: { $language }
summary-name = Nama: { $name }
summary-province = Provinsi: { $province } ({ $zone })
summary-office = Kantor: { $office }
summary-time = Waktu materi: { $time }
summary-capacity = Kapasitas mentee: { $capacity }
summary-expertise = Bidang keahlian: { $expertise }
summary-mentor = Mentor Anda: { $mentor }
summary-no-mentor = belum ditentukan
btn-set-language = Bahasa
btn-set-name = Nama
btn-set-province = Provinsi
btn-set-office = Kantor
btn-set-time = Waktu materi
btn-set-capacity = Kapasitas
btn-set-expertise = Bidang keahlian
btn-cancel = Batal
settings-saved = Tersimpan.
settings-cancelled = Tidak ada yang diubah.

## Bantuan

help-guest =
    Ini adalah bot program mentoring jaksa dalam penanganan perkara tindak pidana perdagangan orang (TPPO).

    Untuk bergabung, Anda memerlukan kode undangan dari tim program: kirim /start KODE atau buka tautan undangan Anda.
help-mentee = *Yang dapat Anda lakukan*
help-mentor = *Yang dapat Anda lakukan sebagai mentor*
help-admin = *Yang dapat Anda lakukan sebagai admin*

## Balasan sehari-hari

paused = Pesan terjadwal sedang dijeda. Kirim /resume untuk menerimanya kembali.
resumed = Pesan terjadwal aktif kembali.
unknown-command = Maaf, kami tidak mengenali perintah tersebut. Ketik /help untuk melihat apa saja yang dapat Anda lakukan.
unknown-text = Maaf, kami tidak memahami pesan tersebut. Ketik /help untuk melihat apa saja yang dapat Anda lakukan.
not-joined = Anda belum bergabung dengan program. Kirim /start diikuti kode undangan Anda.
not-allowed = Mohon maaf, fitur ini tidak tersedia untuk peran Anda.
button-expired = Tombol ini sudah tidak berlaku. Silakan gunakan pesan terbaru.
error-generic = Mohon maaf, terjadi kendala pada sistem kami. Silakan coba kembali beberapa saat lagi.

## Penghapusan data

forget-confirm = Hapus semua data Anda dari program? Tindakan ini tidak dapat dibatalkan.
btn-forget-yes = Ya, hapus
btn-forget-no = Tidak, jangan hapus
forget-kept = Tidak ada data yang dihapus.
forget-nothing = Tidak ada data tentang Anda yang perlu dihapus.
forgotten = Data Anda telah dihapus. Sampai jumpa, dan terima kasih atas partisipasi Anda.

## Admin

invite-which-role = Undangan ini untuk peran apa?
invite-created = Undangan baru untuk peran { $role }: *{ $code }*. Kode ini dapat dipakai satu kali dan berlaku selama { $days } hari. Orang yang diundang cukup mengirim: /start { $code }
invite-link = Atau bagikan tautan ini kepadanya: { $link }
stats = *Statistik program*

    - Mentee: { $mentees }
    - Mentor: { $mentors }
    - Admin: { $admins }
    - Profil lengkap: { $onboarded }
    - Tidak dapat dihubungi (memblokir bot): { $unreachable }
    - Pasangan mentoring aktif: { $mentorships }
    - Undangan yang masih berlaku: { $invites }

## Menu perintah

cmd-start = Mulai atau bergabung dengan kode undangan
cmd-help = Yang dapat Anda lakukan di sini
cmd-settings = Profil dan preferensi Anda
cmd-pause = Jeda pesan terjadwal
cmd-resume = Lanjutkan pesan terjadwal
cmd-forget = Hapus data Anda
cmd-invite = Buat kode undangan
cmd-stats = Statistik program
cmd-queue = Pertanyaan dari mentee Anda
cmd-lesson = Materi berikutnya sekarang
cmd-lessons = Semua materi
cmd-progress = Kemajuan belajar Anda
cmd-checklists = Daftar periksa berpusat pada korban
cmd-ask = Ajukan pertanyaan kepada mentor
cmd-myquestions = Pertanyaan dan jawaban Anda
cmd-search = Cari materi dan jawaban
cmd-broadcast = Kirim pesan kepada peserta
cmd-assign = Pasangkan mentee dengan mentor
cmd-export = Ekspor laporan program (CSV)
