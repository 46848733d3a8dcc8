import { describe, expect, it } from "vitest";
import { formatPrice, pricesOf } from "./prices";

describe("pricesOf", () => {
  it("reads inline prices and skips references", () => {
    const prices = pricesOf([
      { name: "Set-up fee", priceType: "oneTime", price: { unit: "EUR", value: 250 } },
      { id: "price-1", href: "http://127.0.0.1/price-1" },
      { name: "Monthly fee", priceType: "recurring", recurringChargePeriodType: "month", price: { unit: "EUR", value: 120 } },
    ]);
    expect(prices).toEqual([
      { name: "Set-up fee", priceType: "oneTime", amount: 250, currency: "EUR", period: undefined },
      { name: "Monthly fee", priceType: "recurring", amount: 120, currency: "EUR", period: "month" },
    ]);
  });

  it("returns nothing for a missing list", () => {
    expect(pricesOf(undefined)).toEqual([]);
  });
});

describe("formatPrice", () => {
  it("writes a one-off price", () => {
    expect(formatPrice({ name: "Set-up fee", priceType: "oneTime", amount: 1250, currency: "EUR" })).toBe("€1,250.00 one-off");
  });

  it("writes a recurring price with its period", () => {
    expect(formatPrice({ name: "Monthly fee", priceType: "recurring", amount: 120, currency: "EUR", period: "month" })).toBe("€120.00 per month");
  });

  it("writes an unknown currency code after the amount", () => {
    expect(formatPrice({ name: "Fee", priceType: "oneTime", amount: 5, currency: "not-a-code" })).toBe("5.00 not-a-code one-off");
  });
});

describe("usage prices", () => {
  it("formats the unit charged per", () => {
    const [price] = pricesOf([{ name: "Data", priceType: "usage", unitOfMeasure: { amount: 1, units: "GB" }, price: { unit: "EUR", value: 0.05 } }]);

    expect(price?.usageUnit).toBe("GB");
    expect(formatPrice(price!)).toBe("€0.05 per GB used");
  });
});
