"""Indonesian question words in English, for one extra retrieval query only.

The bundled embedder is English and weak across languages, and keyword search cannot match
"harga" to "price": an Indonesian question finds only the Indonesian articles, while the
reasons and criteria it asks about often sit in English ones. Rendering the question's
domain words into English lets the composed answers draw on both. The rendering is never
shown; unknown words (names, numbers, loanwords such as "SaaS") pass through unchanged.
"""

from __future__ import annotations

import re

from advisor.text import STOPWORDS

# The vocabulary of questions about pricing and selling AI products, not of any one article.
_PAIRS = """
mengapa:why kenapa:why bagaimana:how alasan:reason penyebab:cause sebab:cause
harga:price biaya:cost tarif:rate mahal:expensive murah:cheap termurah:cheapest
inferensi:inference bahasa:language besar:large kecil:small model:model
turun:fall menurun:fall penurunan:decline naik:rise kenaikan:increase cepat:fast
lambat:slow tinggi:high rendah:low perusahaan:company perusahaan-perusahaan:companies
penjual:vendor menjual:sell jual:sell membeli:buy pembeli:buyer beli:buy
makin:increasingly semakin:increasingly tertekan:pressure tekanan:pressure
aplikasi:application pelanggan:customer pengguna:user kursi:seat pemakaian:usage
penggunaan:usage hasil:outcome resolusi:resolution tiket:ticket kredit:credit
langganan:subscription gratis:free paket:plan tingkatan:tier margin:margin kotor:gross
keuntungan:profit laba:profit untung:profit pendapatan:revenue uang:money
menghasilkan:make rugi:loss risiko:risk berisiko:risky agen:agent asisten:assistant
pengembang:developer persaingan:competition pesaing:competitor bersaing:compete
terbuka:open tertutup:closed token:token permintaan:request tagihan:bill menagih:charge
ditagih:charged anggaran:budget hibrida:hybrid pasti:predictable terduga:predictable
menyimpan:cache mengurangi:reduce menurunkan:lower meningkatkan:raise pindah:move
beralih:switch mengubah:change perubahan:change diskon:discount kontrak:contract
komitmen:commitment berat:heavy rata-rata:average nilai:value bisnis:business
perangkat:hardware keras:hardware lunak:software pasar:market investasi:investment
infrastruktur:infrastructure pengeluaran:spending belanja:spending dukungan:support
layanan:service produk:product fitur:feature gambar:image video:video suara:audio
catatan:notes rapat:meeting tim:team karyawan:employee bulan:month tahun:year
bulanan:monthly tahunan:yearly kemampuan:capability kualitas:quality
menguntungkan:profitable sulit:struggle kesulitan:struggle gagal:fail berhasil:succeed
membayar:pay bayar:pay dibayar:paid berbayar:paid konsumen:consumer mahasiswa:student
begitu:so daripada:than sangat:very cuma:only mana:where sebenarnya:actually
terlihat:visible muncul:emerge
pemain:player nyata:real skenario:scenario
penerapan:application bernilai:valuable
"""
GLOSSARY: dict[str, str] = dict(pair.split(":") for pair in _PAIRS.split())
_SUFFIX = re.compile(r"(nya|lah|kah)$")


def in_english(question: str) -> str:
    """The question's words in English where the glossary knows them, others unchanged."""
    words = []
    for word in re.findall(r"[\w-]+", question.lower()):  # before plurals fold: "bisnis"
        base = word if word in GLOSSARY else _SUFFIX.sub("", word)
        if base in GLOSSARY:
            words.append(GLOSSARY[base])
        elif word not in STOPWORDS:
            words.append(word)
    return " ".join(dict.fromkeys(words))
