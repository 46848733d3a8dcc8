// Reading the text fields that the offering and bundle forms share.

/** Reads a price field: empty means no such price, and a comma is read as the decimal separator. */
export function amountOf(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text.trim().replace(",", "."));
}

/** Splits a textarea or a comma-separated list into its non-empty entries; undefined when there are none. */
export function listOf(text: string, separator: RegExp): string[] | undefined {
  const entries = text
    .split(separator)
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.length > 0 ? entries : undefined;
}

/** Names of the fields for prices, SLA terms and validity period. */
export const commercialFieldNames = ["oneTimePrice", "monthlyPrice", "usagePrice", "usageUnit", "slaTerms", "validFrom", "validTo"] as const;

/** Reads the prices, SLA terms (one per line) and validity period. */
export function commercialTermsOf(values: Partial<Record<string, string>>) {
  return {
    oneTimePrice: amountOf(values.oneTimePrice ?? ""),
    monthlyPrice: amountOf(values.monthlyPrice ?? ""),
    usagePrice: amountOf(values.usagePrice ?? ""),
    usageUnit: values.usageUnit?.trim() || undefined,
    slaTerms: listOf(values.slaTerms ?? "", /\r?\n/),
    validFrom: values.validFrom?.trim() || undefined,
    validTo: values.validTo?.trim() || undefined,
  };
}
