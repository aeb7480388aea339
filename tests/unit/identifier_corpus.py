"""Texts as prosecutors write them to a mentor, each with the exact masked text expected.

All names, numbers and addresses are invented. A case with a `limit` states what masking
should produce but currently does not; it still counts in the precision and recall figures.
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    lang: str  # "id" or "en"
    text: str
    expected: str
    limit: str = ""


INDONESIAN = [
    Case(
        "id",
        "Korban Siti Aminah (17) direkrut lewat WhatsApp 0812-3456-7890, NIK 3273012345670001. "
        "Apakah Pasal 2 ayat (1) UU 21/2007 cukup?",
        "Korban [NAME] (17) direkrut lewat WhatsApp [PHONE], NIK [NIK]. "
        "Apakah Pasal 2 ayat (1) UU 21/2007 cukup?",
    ),
    Case(
        "id",
        "Mohon arahan: berkas perkara Nomor 123/Pid.Sus/2023/PN Jkt.Pst dikembalikan dengan "
        "P-19. Apa yang harus dilengkapi penyidik?",
        "Mohon arahan: berkas perkara Nomor 123/Pid.Sus/2023/PN Jkt.Pst dikembalikan dengan "
        "P-19. Apa yang harus dilengkapi penyidik?",
    ),
    Case(
        "id",
        "Saksi korban berinisial SA menyebut dijanjikan gaji Rp 15.000.000 per bulan di Malaysia.",
        "Saksi korban berinisial [NAME] menyebut dijanjikan gaji Rp 15.000.000 per bulan di "
        "Malaysia.",
    ),
    Case(
        "id",
        "KK korban 3273.0123.4567.0001 dipalsukan oleh perekrut agar umurnya tampak 19 tahun.",
        "KK korban [NIK] dipalsukan oleh perekrut agar umurnya tampak 19 tahun.",
    ),
    Case(
        "id",
        "Anak korban Ni Putu Ayu Lestari baru berusia 15 tahun saat diberangkatkan pada "
        "12 Maret 2024.",
        "Anak korban [NAME] baru berusia 15 tahun saat diberangkatkan pada 12 Maret 2024.",
    ),
    Case(
        "id",
        "Terdakwa Budi Santoso menyita paspor korban B1234567 sejak tiba di Kuching.",
        "Terdakwa Budi Santoso menyita paspor korban [PASSPORT] sejak tiba di Kuching.",
    ),
    Case(
        "id",
        "Apakah keterangan Saksi Ahli dari LPSK dapat dipakai untuk menghitung restitusi?",
        "Apakah keterangan Saksi Ahli dari LPSK dapat dipakai untuk menghitung restitusi?",
    ),
    Case(
        "id",
        "UU No. 21 Tahun 2007 tentang Pemberantasan Tindak Pidana Perdagangan Orang dan "
        "Perpres 49/2023, mana yang lebih relevan?",
        "UU No. 21 Tahun 2007 tentang Pemberantasan Tindak Pidana Perdagangan Orang dan "
        "Perpres 49/2023, mana yang lebih relevan?",
    ),
    Case(
        "id",
        "Pelapor bernama Dewi Lestari bisa dihubungi di +62 813-9876-5432 atau "
        "dewi.lestari@yahoo.co.id.",
        "Pelapor bernama [NAME] bisa dihubungi di [PHONE] atau [EMAIL].",
    ),
    Case(
        "id",
        "Sdri. Rina Marlina, saksi, tidak mau hadir karena takut. Bisakah keterangannya "
        "dibacakan sesuai KUHAP Pasal 184?",
        "Sdri. [NAME], saksi, tidak mau hadir karena takut. Bisakah keterangannya "
        "dibacakan sesuai KUHAP Pasal 184?",
    ),
    Case(
        "id",
        "Budi bertanya apakah Pasal 4 UU 21/2007 berlaku untuk pengiriman ke Taiwan.",
        "Budi bertanya apakah Pasal 4 UU 21/2007 berlaku untuk pengiriman ke Taiwan.",
    ),
    Case(
        "id",
        "Korban Perdagangan Orang berhak atas restitusi menurut Pasal 48 UU 21/2007.",
        "Korban Perdagangan Orang berhak atas restitusi menurut Pasal 48 UU 21/2007.",
    ),
    Case(
        "id",
        "Nomor paspor korban: X 1234567, dikeluarkan Kantor Imigrasi Entikong.",
        "Nomor paspor korban: [PASSPORT], dikeluarkan Kantor Imigrasi Entikong.",
    ),
    Case(
        "id",
        "Perekrut menghubungi korban melalui nomor 0812 3456 7890 dan 021-5551234.",
        "Perekrut menghubungi korban melalui nomor [PHONE] dan [PHONE].",
    ),
    Case(
        "id",
        "Tuntutan kami 8 tahun penjara dan denda Rp 200.000.000; restitusi Rp15 juta. "
        "Apakah wajar?",
        "Tuntutan kami 8 tahun penjara dan denda Rp 200.000.000; restitusi Rp15 juta. "
        "Apakah wajar?",
    ),
    Case(
        "id",
        "Korban bernama Siti direkrut oleh terdakwa bernama Joko melalui Facebook.",
        "Korban bernama [NAME] direkrut oleh terdakwa bernama Joko melalui Facebook.",
    ),
    Case(
        "id",
        "Dua saksi, yaitu Andi Pratama dan Rudi Hartono, melihat korban dibawa ke penampungan.",
        "Dua saksi, yaitu [NAME] dan [NAME], melihat korban dibawa ke penampungan.",
    ),
    Case(
        "id",
        "Anak berinisial R.A. (14) dieksploitasi di tempat hiburan malam di Batam.",
        "Anak berinisial [NAME] (14) dieksploitasi di tempat hiburan malam di Batam.",
    ),
    Case(
        "id",
        "Apakah berita acara pemeriksaan saksi pelapor perlu dilampirkan pada P-21?",
        "Apakah berita acara pemeriksaan saksi pelapor perlu dilampirkan pada P-21?",
    ),
    Case(
        "id",
        "Korban mengirim pesan dari nomor Malaysia +60 12-345 6789 pada 2024-03-12 pukul "
        "21.15 WIB.",
        "Korban mengirim pesan dari nomor Malaysia [PHONE] pada 2024-03-12 pukul 21.15 WIB.",
    ),
    Case(
        "id",
        "Perkara PDM-45/Jkt/03/2024 atas nama terdakwa Hendra sudah masuk tahap II.",
        "Perkara PDM-45/Jkt/03/2024 atas nama terdakwa Hendra sudah masuk tahap II.",
    ),
    Case(
        "id",
        "Saksi Ibu Wati (ibu kandung korban) bersedia bersaksi bila identitasnya dirahasiakan.",
        "Saksi Ibu [NAME] (ibu kandung korban) bersedia bersaksi bila identitasnya dirahasiakan.",
    ),
    Case(
        "id",
        "Korban Maria, Yuliana dan Kristina berasal dari Kupang, NTT.",
        "Korban [NAME], [NAME] dan [NAME] berasal dari Kupang, NTT.",
    ),
    Case(
        "id",
        "Bagaimana menerapkan Pasal 2 ayat (2) UU 21/2007 bila eksploitasi belum terjadi?",
        "Bagaimana menerapkan Pasal 2 ayat (2) UU 21/2007 bila eksploitasi belum terjadi?",
    ),
    Case(
        "id",
        "NIK korban di KTP palsu 5171-0101-0199-0003, padahal NIK aslinya 5171010101050003.",
        "NIK korban di KTP palsu [NIK], padahal NIK aslinya [NIK].",
    ),
    Case(
        "id",
        "Keterangan anak korban AS dan saksi Sdr. Yohanes bertentangan soal tanggal "
        "keberangkatan.",
        "Keterangan anak korban [NAME] dan saksi Sdr. [NAME] bertentangan soal tanggal "
        "keberangkatan.",
    ),
    Case(
        "id",
        "Mohon contoh dakwaan kumulatif Pasal 2 dan Pasal 10 UU 21/2007 dengan Pasal 81 "
        "UU Perlindungan Anak.",
        "Mohon contoh dakwaan kumulatif Pasal 2 dan Pasal 10 UU 21/2007 dengan Pasal 81 "
        "UU Perlindungan Anak.",
    ),
    Case(
        "id",
        "Paspor korban dengan nomor E 1234567 masih ditahan agen di Taipei.",
        "Paspor korban dengan nomor [PASSPORT] masih ditahan agen di Taipei.",
    ),
    Case(
        "id",
        "Pelapor (kakak korban) bisa ditelepon di (0361) 223344.",
        "Pelapor (kakak korban) bisa ditelepon di [PHONE].",
    ),
    Case(
        "id",
        "Korban TPPO asal Sumba dipulangkan 5 April 2024 melalui BP2MI.",
        "Korban TPPO asal Sumba dipulangkan 5 April 2024 melalui BP2MI.",
    ),
    Case(
        "id",
        "Tersangka berinisial HS masih DPO; korban berinisial NW sudah di rumah aman.",
        "Tersangka berinisial HS masih DPO; korban berinisial [NAME] sudah di rumah aman.",
    ),
    Case(
        "id",
        "Restitusi untuk korban Dewi sebesar Rp 45.500.000 sudah dihitung LPSK.",
        "Restitusi untuk korban [NAME] sebesar Rp 45.500.000 sudah dihitung LPSK.",
    ),
    Case(
        "id",
        "Email agen yang dipakai menghubungi korban: rekrut.kerja2024@gmail.com",
        "Email agen yang dipakai menghubungi korban: [EMAIL]",
    ),
    Case(
        "id",
        "No. Reg. Perkara 77/2024: apakah saksi verbalisan perlu dihadirkan?",
        "No. Reg. Perkara 77/2024: apakah saksi verbalisan perlu dihadirkan?",
    ),
    Case(
        "id",
        "Korban (16) dijual ke Sabah; adiknya bernama Putri, kakaknya bernama Rahmawati.",
        "Korban (16) dijual ke Sabah; adiknya bernama [NAME], kakaknya bernama [NAME].",
    ),
    Case(
        "id",
        "Ibu dari korban, Maryam, meminta identitas anaknya dirahasiakan.",
        "Ibu dari korban, [NAME], meminta identitas anaknya dirahasiakan.",
    ),
    Case(
        "id",
        "Korban Melati dan pelaku Budi sama-sama berasal dari Indramayu.",
        "Korban [NAME] dan pelaku Budi sama-sama berasal dari Indramayu.",
    ),
    Case(
        "id",
        "Saksi ahli Dr. Hadi Prasetyo dari Universitas Indonesia menerangkan unsur eksploitasi.",
        "Saksi ahli Dr. Hadi Prasetyo dari Universitas Indonesia menerangkan unsur eksploitasi.",
    ),
    Case(
        "id",
        "Korban I Wayan Sudarta (23) dipekerjakan di kapal ikan berbendera Taiwan tanpa gaji.",
        "Korban [NAME] (23) dipekerjakan di kapal ikan berbendera Taiwan tanpa gaji.",
    ),
    Case(
        "id",
        "Nomor korban 0812 34 56 78 90 tidak aktif sejak Januari.",
        "Nomor korban [PHONE] tidak aktif sejak Januari.",
    ),
    Case(
        "id",
        "Korban Siti binti Ahmad dan korban Nur binti Hasan dipulangkan dari Arab Saudi.",
        "Korban [NAME] dan korban [NAME] dipulangkan dari Arab Saudi.",
    ),
    Case(
        "id",
        "Pelaku menyimpan NIK para korban: 3578 0101 0190 0001, 3578 0101 0190 0002.",
        "Pelaku menyimpan NIK para korban: [NIK], [NIK].",
    ),
    Case(
        "id",
        "Sidang ditunda ke 2 Mei 2024 karena saksi korban sakit.",
        "Sidang ditunda ke 2 Mei 2024 karena saksi korban sakit.",
    ),
    Case(
        "id",
        "Terdakwa Rudi Hartono didakwa Pasal 2 ayat (1) jo. Pasal 17 UU 21/2007.",
        "Terdakwa Rudi Hartono didakwa Pasal 2 ayat (1) jo. Pasal 17 UU 21/2007.",
    ),
    Case(
        "id",
        "Mohon pendapat: korban WNI dengan paspor nomor C 1234567 ditahan imigrasi Malaysia.",
        "Mohon pendapat: korban WNI dengan paspor nomor [PASSPORT] ditahan imigrasi Malaysia.",
    ),
    Case(
        "id",
        "Apakah UU 31/2014 tentang Perlindungan Saksi dan Korban mengatur pendampingan psikolog?",
        "Apakah UU 31/2014 tentang Perlindungan Saksi dan Korban mengatur pendampingan psikolog?",
    ),
    Case(
        "id",
        "Korban dihubungi lewat akun Facebook dan nomor +62 (0)812 1111 2222.",
        "Korban dihubungi lewat akun Facebook dan nomor [PHONE].",
    ),
    Case(
        "id",
        "Saksi Pak RT setempat melihat korban Ny. Sumiati dijemput mobil travel.",
        "Saksi Pak RT setempat melihat korban Ny. [NAME] dijemput mobil travel.",
    ),
    Case(
        "id",
        "Nama korban adalah Siti Nurhaliza dan ia baru 16 tahun.",
        "Nama korban adalah [NAME] dan ia baru 16 tahun.",
    ),
    Case(
        "id",
        "Korban adalah Warga Negara Indonesia yang dipekerjakan paksa di Kamboja.",
        "Korban adalah Warga Negara Indonesia yang dipekerjakan paksa di Kamboja.",
    ),
    Case(
        "id",
        "Siti Aminah, 17 tahun, adalah korban eksploitasi seksual di Batam.",
        "[NAME], 17 tahun, adalah korban eksploitasi seksual di Batam.",
        limit="a name before the role word is not found",
    ),
    Case(
        "id",
        "Anak Agung Ayu, saksi, tinggal di Gianyar.",
        "[NAME], saksi, tinggal di Gianyar.",
        limit="the Balinese 'Anak Agung' is read as the trigger 'anak' and is kept",
    ),
]

ENGLISH = [
    Case(
        "en",
        "The victim, Maria Lopez, was recruited in Manila and her passport P1234567A was kept "
        "by the agency.",
        "The victim, [NAME], was recruited in Manila and her passport [PASSPORT] was kept "
        "by the agency.",
    ),
    Case(
        "en",
        "Can Article 2(1) of Law 21/2007 apply when the victim consented to the job offer?",
        "Can Article 2(1) of Law 21/2007 apply when the victim consented to the job offer?",
    ),
    Case(
        "en",
        "Witness Ahmad Fauzi says the recruiter called him from +886 912 345 678.",
        "Witness [NAME] says the recruiter called him from [PHONE].",
    ),
    Case(
        "en",
        "The child, named Ayu, was 14 when she was sent to Batam on 12/03/2024.",
        "The child, named [NAME], was 14 when she was sent to Batam on 12/03/2024.",
    ),
    Case(
        "en",
        "Our indictment cites Law No. 21 of 2007 and Perpres 49/2023; is that enough for the "
        "fishing vessel case?",
        "Our indictment cites Law No. 21 of 2007 and Perpres 49/2023; is that enough for the "
        "fishing vessel case?",
    ),
    Case(
        "en",
        "The victim's NIK is 3273 0123 4567 0001 but the passport shows another birth date.",
        "The victim's NIK is [NIK] but the passport shows another birth date.",
    ),
    Case(
        "en",
        "Reporter Dewi Anggraini (the victim's aunt) can be reached at dewi.anggraini@gmail.com.",
        "Reporter [NAME] (the victim's aunt) can be reached at [EMAIL].",
    ),
    Case(
        "en",
        "The defendant, named Joko Susilo, argued the victims came voluntarily.",
        "The defendant, named Joko Susilo, argued the victims came voluntarily.",
    ),
    Case(
        "en",
        "Victim Support Unit staff asked whether LPSK covers transport costs.",
        "Victim Support Unit staff asked whether LPSK covers transport costs.",
    ),
    Case(
        "en",
        "How do we calculate restitution of USD 2,500 in unpaid wages plus Rp 15.000.000 in "
        "recruitment fees?",
        "How do we calculate restitution of USD 2,500 in unpaid wages plus Rp 15.000.000 in "
        "recruitment fees?",
    ),
    Case(
        "en",
        "Two witnesses, Rudi and Agus, saw the victims boarding a boat at 02.00 on 2024-03-12.",
        "Two witnesses, [NAME] and [NAME], saw the victims boarding a boat at 02.00 on "
        "2024-03-12.",
    ),
    Case(
        "en",
        "Maria asked me whether a WhatsApp screenshot is valid evidence under KUHAP Pasal 184.",
        "Maria asked me whether a WhatsApp screenshot is valid evidence under KUHAP Pasal 184.",
    ),
    Case(
        "en",
        "The victim S.N. (16) was recruited through TikTok; the recruiter's number was "
        "0857 1234 5678.",
        "The victim [NAME] (16) was recruited through TikTok; the recruiter's number was [PHONE].",
    ),
    Case(
        "en",
        "The victim's mother gave us her Malaysian number +60 11-2345 6789 and her e-mail "
        "rosa.m@outlook.com.",
        "The victim's mother gave us her Malaysian number [PHONE] and her e-mail [EMAIL].",
    ),
    Case(
        "en",
        "Case number 123/Pid.Sus/2023/PN Jkt.Pst was decided on 12 March 2024; the appeal is "
        "pending.",
        "Case number 123/Pid.Sus/2023/PN Jkt.Pst was decided on 12 March 2024; the appeal is "
        "pending.",
    ),
    Case(
        "en",
        "Witness protection: can LPSK place the child victim Putri in a safe house before the "
        "trial?",
        "Witness protection: can LPSK place the child victim [NAME] in a safe house before the "
        "trial?",
    ),
    Case(
        "en",
        "Passport No. A12345678 belongs to a Malaysian victim, Nurul Huda.",
        "Passport No. [PASSPORT] belongs to a Malaysian victim, [NAME].",
    ),
    Case(
        "en",
        "The complainant, Mrs. Ratna Sari, wants to withdraw her report.",
        "The complainant, Mrs. [NAME], wants to withdraw her report.",
    ),
    Case(
        "en",
        "Under Article 48 of Law 21/2007 every victim of trafficking is entitled to restitution.",
        "Under Article 48 of Law 21/2007 every victim of trafficking is entitled to restitution.",
    ),
    Case(
        "en",
        "Victims Rosa, Lina, and Yuni were held in a karaoke bar in Kuching for three months.",
        "Victims [NAME], [NAME], and [NAME] were held in a karaoke bar in Kuching for three "
        "months.",
    ),
    Case(
        "en",
        "The accused Hendra Wijaya and the victim Lestari both come from Indramayu.",
        "The accused Hendra Wijaya and the victim [NAME] both come from Indramayu.",
    ),
    Case(
        "en",
        "Is a prior statement of witness Y. Tanoto admissible if he has gone back to Taiwan?",
        "Is a prior statement of witness [NAME] admissible if he has gone back to Taiwan?",
    ),
    Case(
        "en",
        "Please check the phone extraction: calls to 62 812 3456 7890 continued after the arrest.",
        "Please check the phone extraction: calls to [PHONE] continued after the arrest.",
    ),
    Case(
        "en",
        "We received 3 reports in 2023 and 7 in 2024 from the same district; article 10 "
        "covers attempts.",
        "We received 3 reports in 2023 and 7 in 2024 from the same district; article 10 "
        "covers attempts.",
    ),
    Case(
        "en",
        "The victim's employer in Singapore, +65 9123 4567, still owes SGD 3,000.",
        "The victim's employer in Singapore, [PHONE], still owes SGD 3,000.",
    ),
    Case(
        "en",
        "The reporter named Yosef Bria says two children, Maria and Theresia, are still missing.",
        "The reporter named [NAME] says two children, [NAME] and [NAME], are still missing.",
    ),
    Case(
        "en",
        "A victim from Kupang, NTT, was promised a job in Malaysia; the recruiter took her KTP.",
        "A victim from Kupang, NTT, was promised a job in Malaysia; the recruiter took her KTP.",
    ),
    Case(
        "en",
        "The shelter's landline is (021) 555-1234, ext. 12; do not share it with the defendant.",
        "The shelter's landline is [PHONE], ext. 12; do not share it with the defendant.",
    ),
    Case(
        "en",
        "My question concerns the witness Sdr. Yohanes Kefi, who is also a victim.",
        "My question concerns the witness Sdr. [NAME], who is also a victim.",
    ),
    Case(
        "en",
        "The victim I Made Sudarsana worked 18 hours a day on a fishing vessel.",
        "The victim [NAME] worked 18 hours a day on a fishing vessel.",
    ),
    Case(
        "en",
        "Initials of the child: A.R., born 2009; birth certificate 3201-LT-12032009-0042.",
        "Initials of the child: [NAME], born 2009; birth certificate 3201-LT-12032009-0042.",
    ),
    Case(
        "en",
        "The witness José Martínez from the Philippine embassy asked for the indictment.",
        "The witness [NAME] from the Philippine embassy asked for the indictment.",
    ),
    Case(
        "en",
        "If the victim was 17 at recruitment, does Article 17 raise the sentence by a third?",
        "If the victim was 17 at recruitment, does Article 17 raise the sentence by a third?",
    ),
    Case(
        "en",
        "An e-mail from the victim (siti.a@mail.com) was sent on 12/03/2024 at 10.30.",
        "An e-mail from the victim ([EMAIL]) was sent on 12/03/2024 at 10.30.",
    ),
    Case(
        "en",
        "Section 184 KUHAP lists five kinds of evidence; the Witness and Victim Protection "
        "Agency (LPSK) assesses restitution.",
        "Section 184 KUHAP lists five kinds of evidence; the Witness and Victim Protection "
        "Agency (LPSK) assesses restitution.",
    ),
    Case(
        "en",
        "The victims were 12 women aged 16 to 24; one, aged 15, was a child.",
        "The victims were 12 women aged 16 to 24; one, aged 15, was a child.",
    ),
    Case(
        "en",
        "Her Taiwanese agent's mobile is 0912 345 678 and the office line 02-2345-6789.",
        "Her Taiwanese agent's mobile is [PHONE] and the office line [PHONE].",
    ),
    Case(
        "en",
        "Recruiter Joko, the defendant, kept the victims' passports (B1234567 and B7654321).",
        "Recruiter Joko, the defendant, kept the victims' passports ([PASSPORT] and [PASSPORT]).",
    ),
    Case(
        "en",
        "Is Article 2 of Law 21/2007 enough if the victim was moved from Kupang to Surabaya on "
        "5 January 2024?",
        "Is Article 2 of Law 21/2007 enough if the victim was moved from Kupang to Surabaya on "
        "5 January 2024?",
    ),
    Case(
        "en",
        "The victims, Indonesian nationals, were moved to Cambodia and held in a scam compound.",
        "The victims, Indonesian nationals, were moved to Cambodia and held in a scam compound.",
    ),
    Case(
        "en",
        "The defendant's name is Joko Susilo; the victim's name is Ana.",
        "The defendant's name is Joko Susilo; the victim's name is [NAME].",
    ),
    Case(
        "en",
        "Siti Rahayu, the main victim, has now returned to Cianjur.",
        "[NAME], the main victim, has now returned to Cianjur.",
        limit="a name before the role word is not found",
    ),
    Case(
        "en",
        "The victim's name is Grace Tan and her passport K 12345678 expired in 2023.",
        "The victim's name is [NAME] and her passport [PASSPORT] expired in 2023.",
    ),
]

CASES = INDONESIAN + ENGLISH
