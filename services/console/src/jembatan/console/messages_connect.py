"""The words of the Connect page's one place: OAuth consent, the database choice, what is held.

Merged into the catalogue after the others, so a key here replaces an older text of the same key."""

from __future__ import annotations

CONNECT: dict[str, tuple[str, str]] = {
    "connect.accurate_intro": (
        "Connect with Accurate: Accurate asks you to sign in and allow Jembatan, then you choose the "
        "database. An API token with its signature secret (Accurate → Settings → API Token) is the "
        "alternative. Either is checked with Accurate before it is saved.",
        "Hubungkan dengan Accurate: Accurate meminta Anda masuk dan mengizinkan Jembatan, lalu Anda memilih "
        "database. API token beserta signature secret (Accurate → Pengaturan → API Token) adalah "
        "alternatifnya. Keduanya diperiksa ke Accurate sebelum disimpan.",
    ),
    "connect.unread": (
        "The connection was saved, but the mapper could not read Accurate's master data with it yet; its "
        "log says why. Try again in a moment.",
        "Koneksi tersimpan, tetapi mapper belum dapat membaca data master Accurate dengannya; lognya "
        "menyebutkan alasannya. Coba lagi sebentar lagi.",
    ),
    "connect.with_accurate": ("Connect with Accurate", "Hubungkan dengan Accurate"),
    "connect.oauth_hint": (
        "You are taken to Accurate's own page and brought back here to choose the database.",
        "Anda dibawa ke halaman Accurate sendiri lalu kembali ke sini untuk memilih database.",
    ),
    "connect.or_api_token": ("Or with an API token", "Atau dengan API token"),
    "connect.choose_database": ("Choose the Accurate database", "Pilih database Accurate"),
    "connect.no_databases": (
        "The Accurate user who allowed access has no database.",
        "Pengguna Accurate yang memberi izin tidak memiliki database.",
    ),
    "connect.use_database": ("Use this database", "Gunakan database ini"),
    "connect.database": ("Connected database", "Database terhubung"),
    "connect.method": ("Connected with", "Terhubung dengan"),
    "connect.method_oauth": ("Accurate sign-in (OAuth)", "Masuk Accurate (OAuth)"),
    "connect.method_api_token": ("API token", "API token"),
    "connect.access_until": ("Access renewed before", "Akses diperbarui sebelum"),
    "connect.accurate_saved": (
        "Saved and checked with Accurate; the other services receive it in a moment.",
        "Tersimpan dan sudah diperiksa ke Accurate; layanan lain menerimanya sebentar lagi.",
    ),
    "connect.oauth_back": ("Back to the console", "Kembali ke konsol"),
    "connect.oauth_state": (
        "This answer from Accurate does not belong to a connection started in this session; start again "
        "from the Connect page.",
        "Jawaban Accurate ini bukan milik koneksi yang dimulai di sesi ini; mulai lagi dari halaman Hubungkan.",
    ),
}
