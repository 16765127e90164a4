"""The console's words in English and Bahasa Indonesia — a plain message catalogue.

Indonesian uses the accounting words a merchant knows from Accurate (cabang, gudang, akun).
A key missing from the catalogue shows as the key itself, so a gap is visible, never a crash.
"""

from __future__ import annotations

from .messages_connect import CONNECT
from .messages_daily import DAILY
from .messages_operations import OPERATIONS

CATALOGUE: dict[str, tuple[str, str]] = {
    # frame
    "app.name": ("Jembatan console", "Konsol Jembatan"),
    "app.skip": ("Skip to content", "Langsung ke isi"),
    "nav.label": ("Pages", "Halaman"),
    "nav.tenants": ("Tenants", "Tenant"),
    "nav.overview": ("Overview", "Ringkasan"),
    "nav.connect": ("Connect", "Hubungkan"),
    "nav.outlets": ("Outlets and channels", "Outlet dan kanal"),
    "nav.products": ("Products", "Produk"),
    "nav.synchronization": ("Synchronization", "Sinkronisasi"),
    "nav.activity": ("Activity", "Aktivitas"),
    "nav.parked": ("Parked", "Tertahan"),
    "nav.reconciliation": ("Reconciliation", "Rekonsiliasi"),
    "nav.find": ("Find", "Cari"),
    "lang.label": ("Language", "Bahasa"),
    "lang.switch": ("Change", "Ganti"),
    "signout": ("Sign out", "Keluar"),
    "tenant.current": ("Tenant", "Tenant"),
    "coming.title": ("Coming with the posting engine", "Hadir bersama mesin posting"),
    "coming.body": (
        "This page needs an admin API the services do not offer yet. It will show real figures "
        "as soon as that API exists; until then it shows nothing rather than made-up numbers.",
        "Halaman ini memerlukan API admin yang belum disediakan layanan. Angka nyata akan tampil "
        "begitu API itu ada; sampai saat itu halaman ini tidak menampilkan angka karangan.",
    ),
    "coming.needs": ("Waiting for", "Menunggu"),
    "error.title": ("Something went wrong", "Terjadi kesalahan"),
    "error.unexpected": (
        "The console could not finish this. Nothing was changed by this page; try again, and if it "
        "happens again, the console's log says why.",
        "Konsol tidak dapat menyelesaikan ini. Halaman ini tidak mengubah apa pun; coba lagi, dan bila "
        "terulang, log konsol menjelaskan sebabnya.",
    ),
    "error.unreachable": ("A service cannot be reached", "Layanan tidak dapat dihubungi"),
    "error.refused": ("The service refused", "Layanan menolak"),
    "error.csrf": (
        "This form has expired or did not come from this console. Reload the page and try again.",
        "Formulir ini kedaluwarsa atau tidak berasal dari konsol ini. Muat ulang halaman lalu coba lagi.",
    ),
    "error.not_found": ("There is no such page.", "Halaman itu tidak ada."),
    "saved": ("Saved.", "Tersimpan."),
    "none": ("None.", "Tidak ada."),
    # sign-in
    "signin.title": ("Sign in", "Masuk"),
    "signin.token": ("Operator token", "Token operator"),
    "signin.hint": (
        "The admin token of your Jembatan installation (JEMBATAN_ADMIN_TOKEN).",
        "Token admin instalasi Jembatan Anda (JEMBATAN_ADMIN_TOKEN).",
    ),
    "signin.submit": ("Sign in", "Masuk"),
    "signin.refused": (
        "That token was not accepted. Check it and try again.",
        "Token itu tidak diterima. Periksa lalu coba lagi.",
    ),
    "signin.empty": ("Enter your operator token.", "Masukkan token operator Anda."),
    # tenants
    "tenants.title": ("Tenants", "Tenant"),
    "tenants.intro": (
        "A tenant is one iSeller store bound to one Accurate database.",
        "Tenant adalah satu toko iSeller yang terhubung ke satu database Accurate.",
    ),
    "tenants.recent": ("Tenants you opened", "Tenant yang pernah Anda buka"),
    "tenants.none": ("You have not opened a tenant yet.", "Anda belum membuka tenant."),
    "tenants.missing": (
        "A list of every tenant needs a tenants API the services do not have yet; until then the "
        "console lists the tenants you created or opened in this session.",
        "Daftar semua tenant memerlukan API tenant yang belum ada; sampai saat itu konsol menampilkan "
        "tenant yang Anda buat atau buka dalam sesi ini.",
    ),
    "tenants.create": ("Create a tenant", "Buat tenant"),
    "tenants.open": ("Open a tenant", "Buka tenant"),
    "tenants.id": ("Tenant id", "ID tenant"),
    "tenants.id_hint": (
        "Lower-case letters, digits and dashes; it appears in the webhook URLs.",
        "Huruf kecil, angka dan tanda hubung; muncul di URL webhook.",
    ),
    "tenants.store_name": ("Store name", "Nama toko"),
    "tenants.webhook_key": ("iSeller webhook key", "Kunci webhook iSeller"),
    "tenants.webhook_key_hint": (
        "The API key iSeller signs its webhooks with.", "Kunci API yang dipakai iSeller menandatangani webhook."
    ),
    "tenants.submit_create": ("Create", "Buat"),
    "tenants.submit_open": ("Open", "Buka"),
    "tenants.bad_id": (
        "A tenant id is 2 to 40 lower-case letters, digits or dashes.",
        "ID tenant terdiri dari 2 sampai 40 huruf kecil, angka atau tanda hubung.",
    ),
    # connect
    "connect.title": ("Connect", "Hubungkan"),
    "connect.accurate": ("Accurate", "Accurate"),
    "connect.accurate_intro": (
        "Paste the API token and signature secret of the Accurate database (Accurate → Settings → "
        "API Token). They are sent to the poster and the mapper, then checked by reading Accurate's "
        "master data.",
        "Tempel API token dan signature secret database Accurate (Accurate → Pengaturan → API Token). "
        "Keduanya dikirim ke poster dan mapper, lalu diperiksa dengan membaca data master Accurate.",
    ),
    "connect.oauth_missing": (
        "Connecting through Accurate's consent page and choosing the database comes with the "
        "tenant-configuration work; today only an API token is possible.",
        "Menghubungkan lewat halaman persetujuan Accurate dan memilih database hadir bersama pekerjaan "
        "konfigurasi tenant; saat ini hanya API token yang bisa dipakai.",
    ),
    "connect.account_url": ("Accurate account URL", "URL akun Accurate"),
    "connect.api_token": ("API token", "API token"),
    "connect.signature_secret": ("Signature secret", "Signature secret"),
    "connect.submit_accurate": ("Save and check", "Simpan dan periksa"),
    "connect.accurate_ok": (
        "Connected: Accurate answered and its master data was read.",
        "Terhubung: Accurate menjawab dan data masternya terbaca.",
    ),
    "connect.unread": (
        "Accurate could not be read with this token: check the API token, the signature secret and the "
        "account URL, then save again. The poster was not given this token. (The mapper does not pass on "
        "Accurate's own words yet; its log has them.)",
        "Accurate tidak dapat dibaca dengan token ini: periksa API token, signature secret dan URL akun, "
        "lalu simpan lagi. Token ini tidak diberikan ke poster. (Mapper belum meneruskan pesan Accurate; "
        "lognya memuat pesan itu.)",
    ),
    "connect.copy": ("Copy", "Salin"),
    "connect.master_counts": ("Records read from Accurate", "Data yang terbaca dari Accurate"),
    "connect.secret_note": (
        "Saved secrets are never shown again.", "Rahasia yang tersimpan tidak pernah ditampilkan lagi."
    ),
    "connect.iseller": ("iSeller", "iSeller"),
    "connect.webhooks": ("Webhooks", "Webhook"),
    "connect.webhooks_intro": (
        "Give iSeller one URL per event kind, and the key it signs with.",
        "Berikan ke iSeller satu URL per jenis kejadian, dan kunci untuk tanda tangannya.",
    ),
    "connect.kind": ("Event kind", "Jenis kejadian"),
    "connect.url": ("Webhook URL", "URL webhook"),
    "connect.submit_webhooks": ("Save the webhook key", "Simpan kunci webhook"),
    "connect.pull": ("iSeller API (pulls)", "API iSeller (penarikan)"),
    "connect.pull_intro": (
        "The API client Jembatan uses to pull orders, products and outlets.",
        "Klien API yang dipakai Jembatan untuk menarik pesanan, produk dan outlet.",
    ),
    "connect.client_id": ("Client id", "Client id"),
    "connect.client_secret": ("Client secret", "Client secret"),
    "connect.refresh_token": ("Refresh token (optional)", "Refresh token (opsional)"),
    "connect.submit_pull": ("Save the API client", "Simpan klien API"),
    "connect.pull_state": ("Saved API client", "Klien API tersimpan"),
    "connect.pull_none": ("No API client saved yet.", "Belum ada klien API tersimpan."),
    "connect.has_refresh": ("refresh token set", "refresh token ada"),
    # outlets
    "outlets.title": ("Outlets and channels", "Outlet dan kanal"),
    "outlets.known": ("Outlets iSeller knows", "Outlet yang dikenal iSeller"),
    "outlets.none": (
        "No outlet has been pulled from iSeller yet. Connect the iSeller API and run a pull, or open an "
        "outlet by its id.",
        "Belum ada outlet yang ditarik dari iSeller. Hubungkan API iSeller dan jalankan penarikan, atau "
        "buka outlet dengan ID-nya.",
    ),
    "outlets.from_iseller": ("From iSeller", "Dari iSeller"),
    "outlets.pull_intro": (
        "Fetch the outlets and products iSeller knows (with today's orders), through the iSeller API "
        "client saved on Connect.",
        "Ambil outlet dan produk yang dikenal iSeller (beserta pesanan hari ini), melalui klien API "
        "iSeller yang tersimpan di Hubungkan.",
    ),
    "outlets.pull": ("Fetch outlets and products from iSeller", "Ambil outlet dan produk dari iSeller"),
    "outlets.last_pull": ("Last pull", "Penarikan terakhir"),
    "outlets.pulled_outlets": ("outlets", "outlet"),
    "outlets.pulled_products": ("products", "produk"),
    "pull.running": ("running…", "berjalan…"),
    "pull.done": ("done", "selesai"),
    "pull.failed": ("failed", "gagal"),
    "outlets.id": ("Outlet id", "ID outlet"),
    "outlets.code": ("Outlet code", "Kode outlet"),
    "outlets.name": ("Name", "Nama"),
    "outlets.state": ("Mapping", "Pemetaan"),
    "outlets.mapped": ("mapped", "terpetakan"),
    "outlets.mapped_off": ("mapped, switched off", "terpetakan, dimatikan"),
    "outlets.unmapped": ("not mapped", "belum dipetakan"),
    "outlets.edit": ("Map", "Petakan"),
    "outlets.open": ("Open an outlet", "Buka outlet"),
    "outlets.mapping_title": ("Mapping of outlet", "Pemetaan outlet"),
    "outlets.pickers_missing": (
        "Pickers of Accurate's branches, warehouses and accounts need a master-data list API in the "
        "mapper; until then type the names and account numbers. The mapper checks them against "
        "Accurate when you save and says what is wrong.",
        "Pilihan cabang, gudang dan akun Accurate memerlukan API daftar data master di mapper; sampai "
        "saat itu ketik nama dan nomor akunnya. Mapper memeriksanya ke Accurate saat disimpan dan "
        "menjelaskan yang salah.",
    ),
    "outlets.enabled": ("Post this outlet to Accurate", "Posting outlet ini ke Accurate"),
    "outlets.places": ("Branch and warehouse", "Cabang dan gudang"),
    "outlets.branch": ("Branch (cabang)", "Cabang"),
    "outlets.warehouse": ("Warehouse (gudang)", "Gudang"),
    "outlets.create_missing": (
        "Create the branch or warehouse in Accurate if it does not exist",
        "Buat cabang atau gudang di Accurate bila belum ada",
    ),
    "outlets.walk_in": ("Walk-in customer number", "Nomor pelanggan umum"),
    "outlets.payments": ("Payment accounts", "Akun pembayaran"),
    "outlets.payments_hint": (
        "An Accurate cash/bank account number per iSeller payment type.",
        "Nomor akun kas/bank Accurate untuk tiap jenis pembayaran iSeller.",
    ),
    "outlets.payment_type": ("Payment type", "Jenis pembayaran"),
    "outlets.account": ("Account number", "Nomor akun"),
    "outlets.accounts": ("Accounts", "Akun"),
    "outlets.tax": ("PPN", "PPN"),
    "outlets.charges_ppn": ("Accurate computes PPN on this outlet's sales", "Accurate menghitung PPN penjualan outlet ini"),
    "outlets.prices_include_tax": ("Prices include PPN", "Harga termasuk PPN"),
    "outlets.tax_code": ("Tax code", "Kode pajak"),
    "outlets.submit": ("Save the mapping", "Simpan pemetaan"),
    "outlets.saved_checked": (
        "Saved after checking it against Accurate.", "Tersimpan setelah diperiksa ke Accurate."
    ),
    "outlets.saved_unchecked": (
        "Saved, but not checked: the tenant is not connected to Accurate yet.",
        "Tersimpan, tetapi belum diperiksa: tenant belum terhubung ke Accurate.",
    ),
    "outlets.facts_made": ("Parked events now posted", "Kejadian tertahan yang kini diteruskan"),
    "account.iseller_pay_clearing_account": ("iSeller Pay clearing", "Kliring iSeller Pay"),
    "account.mdr_fee_account": ("MDR fee", "Biaya MDR"),
    "account.payout_account": ("Payout", "Pencairan"),
    "account.bank_adjustment_account": ("Bank adjustment", "Penyesuaian bank"),
    "account.service_charge_account": ("Service charge", "Biaya layanan"),
    "account.shipping_account": ("Shipping income", "Pendapatan ongkos kirim"),
    "account.rounding_account": ("Rounding", "Pembulatan"),
    "account.stock_adjustment_account": ("Stock adjustment", "Penyesuaian persediaan"),
    "account.stock_count_account": ("Stock count difference", "Selisih stok opname"),
    "account.damaged_goods_account": ("Damaged goods", "Barang rusak"),
    "account.output_tax_account": ("Output tax (PPN)", "PPN keluaran"),
    "account.receivable_account": ("Customer receivable (refunds)", "Piutang usaha (retur)"),
    "account.sales_account": ("Sales (PPN rounding inside prices)", "Penjualan (pembulatan PPN dalam harga)"),
    # products
    "products.title": ("Products", "Produk"),
    "products.validation": ("Product validation", "Validasi produk"),
    "products.verdict": ("Verdict", "Hasil"),
    "products.count": ("Products", "Produk"),
    "products.sku": ("SKU", "SKU"),
    "products.name": ("Name", "Nama"),
    "products.reason": ("Reason", "Alasan"),
    "products.duplicates": ("SKUs shared by several products", "SKU yang dipakai beberapa produk"),
    "products.problems": ("Products that need attention", "Produk yang perlu diperhatikan"),
    "products.empty": (
        "The mapper has no catalogue for this tenant yet: load it with `jembatan products load`.",
        "Mapper belum memiliki katalog tenant ini: muat dengan `jembatan products load`.",
    ),
    "products.import": ("Import to Accurate", "Impor ke Accurate"),
    "products.import_intro": (
        "Creates in Accurate the items it lacks. You may leave this page; the import goes on.",
        "Membuat item yang belum ada di Accurate. Anda boleh meninggalkan halaman ini; impor tetap berjalan.",
    ),
    "products.progress": ("Import progress", "Kemajuan impor"),
    "products.running": ("Importing…", "Mengimpor…"),
    "products.done": ("Import finished", "Impor selesai"),
    "products.failed": ("Import failed", "Impor gagal"),
    "products.created": ("created", "dibuat"),
    "products.skipped": ("skipped", "dilewati"),
    "products.refused": ("refused by Accurate", "ditolak Accurate"),
    "verdict.to_import": ("to import", "akan diimpor"),
    "verdict.in_accurate": ("already in Accurate", "sudah ada di Accurate"),
    "verdict.no_sku": ("without SKU", "tanpa SKU"),
    "verdict.duplicate_sku": ("shared SKU", "SKU ganda"),
    "verdict.invalid_sku": ("SKU Accurate refuses", "SKU ditolak Accurate"),
    "verdict.blocked": ("blocked by an ingredient", "terhalang bahan"),
    "verdict.as_components": ("posted as its components", "diposting sebagai komponennya"),
    "verdict.not_a_product": ("not a product", "bukan produk"),
    # synchronization
    "sync.title": ("Synchronization", "Sinkronisasi"),
    "sync.hours": ("Scheduled posting hours (WIB)", "Jam posting terjadwal (WIB)"),
    "sync.hours_hint": ("Hours 0–23, separated by spaces or commas.", "Jam 0–23, dipisah spasi atau koma."),
    "sync.outlet": ("Outlet id", "ID outlet"),
    "sync.submit": ("Save the hours", "Simpan jam"),
    "sync.none": ("No outlet has scheduled hours.", "Belum ada outlet dengan jam terjadwal."),
    "sync.bad_hours": ("Hours are whole numbers from 0 to 23.", "Jam berupa bilangan bulat 0 sampai 23."),
    "sync.more": (
        "Sync mode per outlet, the transfer switch and the preview of the next window come with the "
        "posting engine.",
        "Mode sinkronisasi per outlet, sakelar transfer dan pratinjau jendela berikutnya hadir bersama "
        "mesin posting.",
    ),
    # parked
    "parked.title": ("Parked", "Tertahan"),
    "parked.mapper": ("Events waiting for a setting", "Kejadian yang menunggu pengaturan"),
    "parked.ingest": ("Deliveries that could not be read", "Kiriman yang tidak dapat dibaca"),
    "parked.when": ("Parked at", "Ditahan pada"),
    "parked.what": ("Event", "Kejadian"),
    "parked.reason": ("Reason", "Alasan"),
    "parked.fix": ("Fix", "Perbaiki"),
    "parked.redrive": ("Try the parked events again", "Coba lagi kejadian tertahan"),
    "parked.redriven": ("Parked events now posted", "Kejadian tertahan yang kini diteruskan"),
    "parked.received": ("Received at", "Diterima pada"),
    "parked.kind": ("Kind", "Jenis"),
}

CATALOGUE.update(DAILY)
CATALOGUE.update(OPERATIONS)
CATALOGUE.update(CONNECT)  # after the others: its texts replace older ones

LANGUAGE_NAMES = {"en": "English", "id": "Bahasa Indonesia"}


def translate(lang: str, key: str) -> str:
    """The text of `key` in `lang` ('en' or 'id'); the key itself when the catalogue lacks it."""
    texts = CATALOGUE.get(key)
    if texts is None:
        return key
    return texts[1] if lang == "id" else texts[0]
