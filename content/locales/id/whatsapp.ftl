## WhatsApp

whatsapp-text-only = Di sini saya hanya dapat membaca teks. Silakan ketik pesan Anda, atau kirim *menu* untuk melihat apa yang dapat Anda lakukan.
whatsapp-list-button = Pilih
whatsapp-confidential = 🔒 _Materi perkara rahasia: mohon jangan diteruskan._
whatsapp-menu = *Apa yang ingin Anda lakukan?* Pilih di bawah, atau ketik kata seperti *pelajaran* atau *bantuan*.
whatsapp-menu-more = Lainnya ▶
