import type { PriceView } from "./prices";

// Marketplace filters: what the query string of /marketplace may set, and
// whether an offering matches. Used by the page and its tests.

export interface MarketplaceFilters {
  q?: string;
  /** Product catalogue id, one per pilot cluster. */
  catalog?: string;
  category?: string;
  /** Location name of a domain, e.g. "Luleå, SE". */
  location?: string;
  /** Maximum monthly fee in EUR; offerings without one match. */
  maxMonthly?: string;
}

/** The fields of an offering that the filters look at. */
export interface FilterableOffering {
  name: string;
  description?: string;
  serviceName?: string;
  catalog?: { id: string };
  categories: { id: string }[];
  domains: { name: string; location?: { name?: string } }[];
  bundled: { name: string }[];
  prices: PriceView[];
}

/** Sums the monthly fees of an offering in EUR: recurring prices charged per month. */
export function monthlyFee(prices: readonly PriceView[]): number {
  return prices.filter((price) => price.priceType === "recurring" && price.period === "month" && price.currency === "EUR").reduce((total, price) => total + price.amount, 0);
}

/** Returns the maximum monthly fee of the filters, or undefined when it is empty or not a number. */
export function maxMonthlyOf(filters: MarketplaceFilters): number | undefined {
  if (!filters.maxMonthly || filters.maxMonthly.trim() === "") return undefined;
  const value = Number(filters.maxMonthly.replace(",", "."));
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** A filter value the marketplace cannot apply, with the message shown on its field. */
export interface FilterProblem {
  field: "catalog" | "category" | "location" | "maxMonthly";
  message: string;
}

/** Values the select filters may take: those of the launched offerings. */
export interface KnownFilterValues {
  catalogs: ReadonlySet<string>;
  categories: ReadonlySet<string>;
  locations: ReadonlySet<string>;
}

/**
 * Lists the filter values the page ignores: a maximum monthly fee that is
 * not a number of 0 or more, and a cluster, category or location that no
 * launched offering has. Each problem names its field.
 */
export function filterProblems(filters: MarketplaceFilters, known: KnownFilterValues): FilterProblem[] {
  const problems: FilterProblem[] = [];
  if (filters.maxMonthly && filters.maxMonthly.trim() !== "" && maxMonthlyOf(filters) === undefined) {
    problems.push({ field: "maxMonthly", message: `must be a number of 0 or more, got "${filters.maxMonthly}"` });
  }
  const selects = [
    ["catalog", "pilot cluster", known.catalogs],
    ["category", "category", known.categories],
    ["location", "location", known.locations],
  ] as const;
  for (const [field, label, values] of selects) {
    const value = filters[field];
    if (value && !values.has(value)) problems.push({ field, message: `no product is offered in the ${label} "${value}"; choose one from the list` });
  }
  return problems;
}

/** Reads the filters from the query string; a parameter given more than once counts by its first value. */
export function filtersOf(query: Record<string, string | string[] | undefined>): MarketplaceFilters {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return { q: first(query.q), catalog: first(query.catalog), category: first(query.category), location: first(query.location), maxMonthly: first(query.maxMonthly) };
}

/** Returns true when the offering passes every filter that is set. */
export function matchesFilters(offering: FilterableOffering, filters: MarketplaceFilters): boolean {
  if (filters.catalog && offering.catalog?.id !== filters.catalog) return false;
  if (filters.category && !offering.categories.some((category) => category.id === filters.category)) return false;
  if (filters.location && !offering.domains.some((domain) => domain.location?.name === filters.location)) return false;
  const maxMonthly = maxMonthlyOf(filters);
  if (maxMonthly !== undefined && monthlyFee(offering.prices) > maxMonthly) return false;
  if (filters.q) {
    const words = [offering.name, offering.description ?? "", offering.serviceName ?? "", ...offering.domains.map((domain) => domain.name), ...offering.bundled.map((component) => component.name)];
    if (!words.join(" ").toLowerCase().includes(filters.q.toLowerCase())) return false;
  }
  return true;
}

/** Reads the ids chosen for comparison: two or three distinct ids, or an error message. */
export function comparisonIds(raw: string | string[] | undefined): { ids: string[] } | { error: string } {
  const values = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const listed = values.flatMap((value) => value.split(",")).map((id) => id.trim());
  const ids = [...new Set(listed.filter(Boolean))];
  if (ids.length < 2) return { error: "Choose two or three products to compare." };
  if (ids.length > 3) return { error: `Choose at most three products to compare; ${ids.length} were chosen.` };
  return { ids };
}
