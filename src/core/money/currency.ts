/**
 * Currencies as Stripe handles them: which codes exist and how many decimals their minor
 * unit has. Pure data; no IO.
 */

/** Zero-decimal currencies: amounts are whole units (Stripe's list). */
const ZERO_DECIMAL = new Set([
  "bif",
  "clp",
  "djf",
  "gnf",
  "jpy",
  "kmf",
  "krw",
  "mga",
  "pyg",
  "rwf",
  "ugx",
  "vnd",
  "vuv",
  "xaf",
  "xof",
  "xpf",
]);

/** Three-decimal currencies (Stripe's list). */
const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);

/** ISO 4217 codes Stripe can charge in. */
const SUPPORTED = new Set([
  ...ZERO_DECIMAL,
  ...THREE_DECIMAL,
  "aed",
  "afn",
  "all",
  "amd",
  "ang",
  "aoa",
  "ars",
  "aud",
  "awg",
  "azn",
  "bam",
  "bbd",
  "bdt",
  "bgn",
  "bmd",
  "bnd",
  "bob",
  "brl",
  "bsd",
  "bwp",
  "byn",
  "bzd",
  "cad",
  "cdf",
  "chf",
  "cny",
  "cop",
  "crc",
  "cve",
  "czk",
  "dkk",
  "dop",
  "dzd",
  "egp",
  "etb",
  "eur",
  "fjd",
  "fkp",
  "gbp",
  "gel",
  "gip",
  "gmd",
  "gtq",
  "gyd",
  "hkd",
  "hnl",
  "htg",
  "huf",
  "idr",
  "ils",
  "inr",
  "isk",
  "jmd",
  "kes",
  "kgs",
  "khr",
  "kyd",
  "kzt",
  "lak",
  "lbp",
  "lkr",
  "lrd",
  "lsl",
  "mad",
  "mdl",
  "mkd",
  "mmk",
  "mnt",
  "mop",
  "mur",
  "mvr",
  "mwk",
  "mxn",
  "myr",
  "mzn",
  "nad",
  "ngn",
  "nio",
  "nok",
  "npr",
  "nzd",
  "pab",
  "pen",
  "pgk",
  "php",
  "pkr",
  "pln",
  "qar",
  "ron",
  "rsd",
  "rub",
  "sar",
  "sbd",
  "scr",
  "sek",
  "sgd",
  "shp",
  "sle",
  "sos",
  "srd",
  "std",
  "szl",
  "thb",
  "tjs",
  "top",
  "try",
  "ttd",
  "twd",
  "tzs",
  "uah",
  "usd",
  "uyu",
  "uzs",
  "wst",
  "xcd",
  "yer",
  "zar",
  "zmw",
]);

/** A lowercase three-letter currency code. */
export type Currency = string & { readonly __brand: "Currency" };

/** Normalises a code to lowercase and checks Stripe supports it. */
export function parseCurrency(text: string): Currency | undefined {
  const code = text.toLowerCase();
  return SUPPORTED.has(code) ? (code as Currency) : undefined;
}

/** Decimal places of the currency's minor unit: 0, 2 or 3. */
export function minorUnitExponent(currency: Currency): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/** Stripe's largest amount in minor units (eight digits). */
export const MAX_MINOR_AMOUNT = 99_999_999n;

/** Stripe's most decimal places in `unit_amount_decimal` (of the minor unit). */
export const MAX_UNIT_AMOUNT_DECIMALS = 12;
