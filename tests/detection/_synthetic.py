"""Synthetic analyst feedback (fictional, generated) for training tests that must run without the datasets."""

from __future__ import annotations

import random

GIFTS = ["amplop 50rb", "uang 100 ribu", "sembako", "token listrik", "saldo dana 50k", "beras 5 kg", "sarung"]
TIES = ["asal coblos nomor 2", "syaratnya pilih paslon 1", "biar dukung cabup", "pesannya coblos nomor 3"]
PLACES = ["di Desa Talang Pelita", "di RT 03", "di Tebo", "di Kuala Tungkal", "di Sengeti", ""]
NEUTRAL = ["harga sawit turun lagi", "panen padi melimpah", "jalan rusak belum diperbaiki", "banjir di kampung",
           "debat kandidat nanti malam", "pasar ramai menjelang lebaran", "sekolah libur besok", "hujan deras sore ini"]
INSULTS = ["dasar cina babi", "kafir laknat", "usir pendatang jawa", "orang batak pulang sana"]


def feedback_rows(n: int = 80, seed: int = 3) -> list[dict]:
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        if i % 2 == 0:
            text = f"tim sukses bagi {rnd.choice(GIFTS)} {rnd.choice(PLACES)} {rnd.choice(TIES)} #{i}"
            rows.append({"text": text, "labels": {"politik_uang": 1, "sara": 0}, "source": "test"})
        elif i % 4 == 1:
            text = f"{rnd.choice(NEUTRAL)} {rnd.choice(PLACES)} kata warga #{i}"
            rows.append({"text": text, "labels": {"politik_uang": 0, "sara": 0}, "source": "test"})
        else:
            text = f"{rnd.choice(INSULTS)} {rnd.choice(PLACES)} #{i}"
            rows.append({"text": text, "labels": {"politik_uang": 0, "sara": 1}, "source": "test"})
    return rows
