import { z } from "zod";
import { TmfError } from "@cop-pilot/tmf-server";

// The commercial terms of an offering that the BMP checks when it is
// written: inline prices, validity period, SLA terms and the parties
// eligible to order it.

export const priceTypes = ["oneTime", "recurring", "usage"] as const;
export const chargePeriods = ["day", "week", "month", "year"] as const;

const inlinePrice = z.looseObject({
  name: z.string().trim().min(1, "must have a name"),
  priceType: z.enum(priceTypes, { error: `must be one of ${priceTypes.join(", ")}` }),
  recurringChargePeriodType: z.enum(chargePeriods, { error: `must be one of ${chargePeriods.join(", ")}` }).optional(),
  recurringChargePeriodLength: z.number().int().positive().optional(),
  unitOfMeasure: z.looseObject({ amount: z.number().positive().optional(), units: z.string().trim().min(1) }).optional(),
  price: z.looseObject({
    unit: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 currency code such as EUR"),
    value: z.number().nonnegative(),
  }),
});

/**
 * Checks an inline price: a recurring price needs its charge period and a
 * usage price the unit it is charged per (`unitOfMeasure.units`, e.g. "GB").
 * Returns the price with `recurringChargePeriodLength` defaulted to 1.
 */
export function checkInlinePrice(price: Record<string, unknown>, index: number): Record<string, unknown> {
  const label = `productOfferingPrice.${index}`;
  const parsed = inlinePrice.safeParse(price);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${[label, ...issue.path.map(String)].join(".")}: ${issue.message}`);
    throw new TmfError("invalidBody", issues.join("; "));
  }
  const checked = parsed.data;
  if (checked.priceType === "recurring" && checked.recurringChargePeriodType === undefined) {
    throw new TmfError("invalidBody", `${label}.recurringChargePeriodType: a recurring price needs its charge period (${chargePeriods.join(", ")})`);
  }
  if (checked.priceType === "usage" && checked.unitOfMeasure === undefined) {
    throw new TmfError("invalidBody", `${label}.unitOfMeasure: a usage price needs the unit it is charged per, e.g. {"amount": 1, "units": "GB"}`);
  }
  if (checked.priceType === "recurring") return { ...checked, recurringChargePeriodLength: checked.recurringChargePeriodLength ?? 1 };
  return checked;
}

/** Throws a 400 when a validity period ends before it starts. */
export function checkValidFor(validFor: unknown): void {
  if (validFor === undefined) return;
  const period = validFor as { startDateTime?: string; endDateTime?: string };
  if (period.startDateTime && period.endDateTime && Date.parse(period.endDateTime) <= Date.parse(period.startDateTime)) {
    throw new TmfError("invalidBody", `validFor: endDateTime ${period.endDateTime} must be after startDateTime ${period.startDateTime}`);
  }
}

/** Describes why an offering cannot be ordered at `now` because of its validity period; undefined while it is valid. */
export function validityProblem(validFor: unknown, now: Date): string | undefined {
  const period = validFor as { startDateTime?: string; endDateTime?: string } | undefined;
  if (period?.startDateTime && Date.parse(period.startDateTime) > now.getTime()) return `can be ordered from ${period.startDateTime}`;
  if (period?.endDateTime && Date.parse(period.endDateTime) <= now.getTime()) return `could be ordered until ${period.endDateTime}`;
  return undefined;
}

/** An SLA term of an offering, e.g. "Availability" with "99.5 % per month" and a minimum duration. */
export const offeringTermSchema = z.looseObject({
  name: z.string().trim().min(1),
  description: z.string().optional(),
  duration: z.looseObject({ amount: z.number().positive(), units: z.string().trim().min(1) }).optional(),
  validFor: z.looseObject({ startDateTime: z.string().optional(), endDateTime: z.string().optional() }).optional(),
});

export function checkOfferingTerms(terms: unknown): void {
  if (terms === undefined) return;
  const parsed = z.array(offeringTermSchema).safeParse(terms);
  if (!parsed.success) {
    throw new TmfError("invalidBody", parsed.error.issues.map((issue) => `${["productOfferingTerm", ...issue.path.map(String)].join(".")}: ${issue.message}`).join("; "));
  }
}

/**
 * Extension attribute of an offering: the parties that may order it, each an
 * Organization (the customer's organization) or an Individual (one user).
 * Absent or empty, every customer may order it.
 */
export const eligiblePartySchema = z.array(
  z.looseObject({
    id: z.string().min(1),
    name: z.string().optional(),
    "@referredType": z.enum(["Organization", "Individual"]).optional(),
  }),
);

export type EligibleParty = z.infer<typeof eligiblePartySchema>[number];

export function checkEligibleParty(parties: unknown): EligibleParty[] | undefined {
  if (parties === undefined) return undefined;
  const parsed = eligiblePartySchema.safeParse(parties);
  if (!parsed.success) {
    throw new TmfError("invalidBody", parsed.error.issues.map((issue) => `${["eligibleParty", ...issue.path.map(String)].join(".")}: ${issue.message}`).join("; "));
  }
  return parsed.data;
}
