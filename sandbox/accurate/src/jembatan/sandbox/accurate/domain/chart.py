"""Account types and a realistic Indonesian retail chart of accounts seeded into every database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ACCOUNT_TYPE_NAMES = {
    "CASH_BANK": "Kas & Bank",
    "ACCOUNT_RECEIVABLE": "Akun Piutang",
    "INVENTORY": "Persediaan",
    "OTHER_CURRENT_ASSET": "Aktiva Lancar Lainnya",
    "FIXED_ASSET": "Aktiva Tetap",
    "ACCUMULATED_DEPRECIATION": "Akumulasi Penyusutan",
    "OTHER_ASSET": "Aktiva Lainnya",
    "ACCOUNT_PAYABLE": "Akun Hutang",
    "OTHER_CURRENT_LIABILITY": "Kewajiban Lancar Lainnya",
    "LONG_TERM_LIABILITY": "Kewajiban Jangka Panjang",
    "EQUITY": "Ekuitas",
    "REVENUE": "Pendapatan",
    "COGS": "Beban Pokok Penjualan",
    "EXPENSE": "Beban",
    "OTHER_EXPENSE": "Beban Lain-lain",
    "OTHER_INCOME": "Pendapatan Lain-lain",
}
# Types whose natural balance is a credit; all others are debit-natured.
CREDIT_NATURED = {
    "ACCUMULATED_DEPRECIATION", "ACCOUNT_PAYABLE", "OTHER_CURRENT_LIABILITY", "LONG_TERM_LIABILITY",
    "EQUITY", "REVENUE", "OTHER_INCOME",
}
PROFIT_AND_LOSS = {"REVENUE", "COGS", "EXPENSE", "OTHER_EXPENSE", "OTHER_INCOME"}


@dataclass(frozen=True)
class SeedAccount:
    no: str
    name: str
    account_type: str
    parent_no: str | None = None


RETAIL_CHART: tuple[SeedAccount, ...] = (
    SeedAccount("1-1000", "Kas dan Bank", "CASH_BANK"),
    SeedAccount("1-1001", "Kas Outlet", "CASH_BANK", "1-1000"),
    SeedAccount("1-1002", "Kas Besar", "CASH_BANK", "1-1000"),
    SeedAccount("1-1003", "Bank BCA", "CASH_BANK", "1-1000"),
    SeedAccount("1-1004", "Bank Mandiri", "CASH_BANK", "1-1000"),
    SeedAccount("1-1010", "Kliring iSeller Pay", "CASH_BANK", "1-1000"),
    SeedAccount("1-1011", "Kliring QRIS", "CASH_BANK", "1-1000"),
    SeedAccount("1-1012", "Kliring Kartu Debit", "CASH_BANK", "1-1000"),
    SeedAccount("1-1013", "Kliring Kartu Kredit", "CASH_BANK", "1-1000"),
    SeedAccount("1-1014", "Kliring E-Wallet", "CASH_BANK", "1-1000"),
    SeedAccount("1-1100", "Piutang Usaha", "ACCOUNT_RECEIVABLE"),
    SeedAccount("1-1200", "Persediaan Barang Dagang", "INVENTORY"),
    SeedAccount("1-1210", "Barang Dalam Perjalanan", "OTHER_CURRENT_ASSET"),
    SeedAccount("1-1300", "PPN Masukan", "OTHER_CURRENT_ASSET"),
    SeedAccount("1-1400", "Biaya Dibayar di Muka", "OTHER_CURRENT_ASSET"),
    SeedAccount("1-2000", "Peralatan Toko", "FIXED_ASSET"),
    SeedAccount("1-2100", "Akumulasi Penyusutan Peralatan", "ACCUMULATED_DEPRECIATION"),
    SeedAccount("2-1000", "Utang Usaha", "ACCOUNT_PAYABLE"),
    SeedAccount("2-1050", "Hutang Belum Ditagih", "OTHER_CURRENT_LIABILITY"),
    SeedAccount("2-1100", "PPN Keluaran", "OTHER_CURRENT_LIABILITY"),
    SeedAccount("2-1200", "Uang Muka Penjualan", "OTHER_CURRENT_LIABILITY"),
    SeedAccount("2-1300", "Utang Gaji", "OTHER_CURRENT_LIABILITY"),
    SeedAccount("2-2000", "Utang Bank Jangka Panjang", "LONG_TERM_LIABILITY"),
    SeedAccount("3-1000", "Modal Pemilik", "EQUITY"),
    SeedAccount("3-2000", "Laba Ditahan", "EQUITY"),
    SeedAccount("3-3000", "Ekuitas Saldo Awal", "EQUITY"),
    SeedAccount("4-1000", "Penjualan", "REVENUE"),
    SeedAccount("4-1100", "Retur Penjualan", "REVENUE"),
    SeedAccount("4-1200", "Diskon Penjualan", "REVENUE"),
    SeedAccount("4-2000", "Pendapatan Service Charge", "REVENUE"),
    SeedAccount("4-2100", "Pendapatan Ongkos Kirim", "REVENUE"),
    SeedAccount("5-1000", "Beban Pokok Penjualan", "COGS"),
    SeedAccount("5-2000", "Penyesuaian Persediaan", "COGS"),
    SeedAccount("5-2100", "Selisih Stok Opname", "COGS"),
    SeedAccount("5-2200", "Barang Rusak", "COGS"),
    SeedAccount("6-1000", "Beban Gaji", "EXPENSE"),
    SeedAccount("6-1100", "Beban Sewa", "EXPENSE"),
    SeedAccount("6-1200", "Beban Listrik dan Air", "EXPENSE"),
    SeedAccount("6-2000", "Beban MDR Pembayaran", "EXPENSE"),
    SeedAccount("6-2100", "Beban Administrasi Bank", "EXPENSE"),
    SeedAccount("7-1000", "Pendapatan Lain-lain", "OTHER_INCOME"),
    SeedAccount("7-1100", "Pendapatan Pembulatan", "OTHER_INCOME"),
    SeedAccount("8-1000", "Beban Lain-lain", "OTHER_EXPENSE"),
    SeedAccount("8-1100", "Beban Pembulatan", "OTHER_EXPENSE"),
)


@dataclass(frozen=True)
class DefaultAccounts:
    """Accounts Accurate's preferences point at when a document or item does not name one."""

    receivable: str = "1-1100"
    inventory: str = "1-1200"
    goods_in_transit: str = "1-1210"
    sales: str = "4-1000"
    sales_return: str = "4-1100"
    sales_discount: str = "4-1200"
    cogs: str = "5-1000"
    output_tax: str = "2-1100"
    input_tax: str = "1-1300"
    opening_equity: str = "3-3000"
    transfer_difference: str = "5-2000"


def natural_balance(account_type: str, debit_minus_credit: Decimal) -> Decimal:
    """Balance in the account's natural sign (credit-natured accounts flip)."""
    return -debit_minus_credit if account_type in CREDIT_NATURED else debit_minus_credit
