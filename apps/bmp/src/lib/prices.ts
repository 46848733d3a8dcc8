// Prices of offerings as the portal shows them. Used on the server and in
// the browser, so it reads plain documents and imports nothing from the server.

export interface PriceView {
  name: string;
  /** TMF620 priceType, e.g. "oneTime" or "recurring". */
  priceType: string;
  amount: number;
  currency: string;
  /** Charge period of a recurring price, e.g. "month". */
  period?: string;
  /** Unit a usage price is charged per, e.g. "GB". */
  usageUnit?: string;
}

/** Reads the inline prices of a TMF620 offering; price references without an amount are skipped. */
export function pricesOf(prices: unknown): PriceView[] {
  if (!Array.isArray(prices)) return [];
  const views: PriceView[] = [];
  for (const entry of prices as Record<string, unknown>[]) {
    const money = entry?.price as { unit?: unknown; value?: unknown } | undefined;
    if (typeof money?.value !== "number" || typeof money.unit !== "string") continue;
    views.push({
      name: typeof entry.name === "string" ? entry.name : "Price",
      priceType: typeof entry.priceType === "string" ? entry.priceType : "oneTime",
      amount: money.value,
      currency: money.unit,
      period: typeof entry.recurringChargePeriodType === "string" ? entry.recurringChargePeriodType : undefined,
      usageUnit: typeof (entry.unitOfMeasure as { units?: unknown } | undefined)?.units === "string" ? (entry.unitOfMeasure as { units: string }).units : undefined,
    });
  }
  return views;
}

/** Formats an amount as money, e.g. "€1,250.00"; an unknown currency code is written after the number. */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-IE", { style: "currency", currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** Formats one price with its kind: "€500.00 one-off" or "€120.00 per month". */
export function formatPrice(price: PriceView): string {
  const money = formatMoney(price.amount, price.currency);
  if (price.priceType === "recurring") return `${money} per ${price.period ?? "period"}`;
  if (price.priceType === "oneTime") return `${money} one-off`;
  if (price.priceType === "usage") return `${money} per ${price.usageUnit ?? "unit"} used`;
  return `${money} (${price.priceType})`;
}
