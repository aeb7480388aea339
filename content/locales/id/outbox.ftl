## Pengiriman

stats-outbox = *Pengiriman*

    - Pesan yang menunggu dikirim: { $waiting }
    - Pesan yang gagal dikirim (lihat python -m bot outbox): { $dead }
alert-outbox-dead = *Masalah pengiriman:* beberapa pesan tidak dapat dikirim setelah beberapa kali percobaan dan dihentikan. python -m bot outbox menampilkan jumlahnya; log menjelaskan penyebabnya.
alert-channel-down = *Masalah pengiriman:* { $channel } tidak dapat dihubungi selama beberapa menit. Pesan menunggu di antrean keluar dan akan dikirim begitu layanan tersebut pulih.
