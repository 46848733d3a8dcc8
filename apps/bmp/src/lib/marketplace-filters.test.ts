import { describe, expect, it } from "vitest";
import { comparisonIds, filterProblems, filtersOf, matchesFilters, monthlyFee, type FilterableOffering } from "./marketplace-filters";

const seismic: FilterableOffering = {
  name: "Seismic processing",
  serviceName: "BEMIS Multi-sensing Seismic Processing",
  catalog: { id: "cl1" },
  categories: [{ id: "seismic" }],
  domains: [{ name: "Luleå Mining Domain", location: { name: "Luleå, SE" } }],
  bundled: [],
  prices: [
    { name: "Set-up fee", priceType: "oneTime", amount: 500, currency: "EUR" },
    { name: "Monthly fee", priceType: "recurring", amount: 120, currency: "EUR", period: "month" },
  ],
};

describe("matchesFilters", () => {
  it.each([
    { filters: {}, expected: true },
    { filters: { catalog: "cl1" }, expected: true },
    { filters: { catalog: "cl2" }, expected: false },
    { filters: { category: "seismic" }, expected: true },
    { filters: { category: "traffic" }, expected: false },
    { filters: { location: "Luleå, SE" }, expected: true },
    { filters: { location: "Valencia, ES" }, expected: false },
    { filters: { maxMonthly: "120" }, expected: true },
    { filters: { maxMonthly: "119.99" }, expected: false },
    { filters: { maxMonthly: "not a number" }, expected: true },
    { filters: { q: "bemis" }, expected: true },
    { filters: { q: "luleå mining" }, expected: true },
    { filters: { q: "vineyard" }, expected: false },
  ])("matches $filters: $expected", ({ filters, expected }) => {
    expect(matchesFilters(seismic, filters)).toBe(expected);
  });
});

describe("filterProblems", () => {
  const known = { catalogs: new Set(["cl1"]), categories: new Set(["seismic"]), locations: new Set(["Luleå, SE"]) };

  it.each([
    { filters: { maxMonthly: "-5" }, field: "maxMonthly", message: 'must be a number of 0 or more, got "-5"' },
    { filters: { maxMonthly: "cheap" }, field: "maxMonthly", message: 'got "cheap"' },
    { filters: { catalog: "cl9" }, field: "catalog", message: 'pilot cluster "cl9"' },
    { filters: { category: "traffic" }, field: "category", message: 'category "traffic"' },
    { filters: { location: "Mars" }, field: "location", message: 'location "Mars"' },
  ])("reports $filters", ({ filters, field, message }) => {
    const problems = filterProblems(filters, known);

    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe(field);
    expect(problems[0]!.message).toContain(message);
  });

  it("accepts valid and empty values", () => {
    expect(filterProblems({ maxMonthly: "0", catalog: "cl1", category: "seismic", location: "Luleå, SE", q: "anything" }, known)).toEqual([]);
    expect(filterProblems({ maxMonthly: "", catalog: "" }, known)).toEqual([]);
  });
});

describe("filtersOf", () => {
  it("takes the first of repeated values", () => {
    expect(filtersOf({ maxMonthly: ["10", "-5"], q: "seismic", other: "x" })).toEqual({ q: "seismic", catalog: undefined, category: undefined, location: undefined, maxMonthly: "10" });
  });
});

describe("monthlyFee", () => {
  it("sums monthly prices only", () => {
    expect(monthlyFee([...seismic.prices, { name: "Per GB", priceType: "usage", amount: 1, currency: "EUR" }])).toBe(120);
  });
});

describe("comparisonIds", () => {
  it("accepts two or three ids", () => {
    expect(comparisonIds(["a", "b"])).toEqual({ ids: ["a", "b"] });
    expect(comparisonIds("a,b,c")).toEqual({ ids: ["a", "b", "c"] });
  });

  it("rejects one or four ids", () => {
    expect(comparisonIds("a")).toHaveProperty("error");
    expect(comparisonIds(["a", "b", "c", "d"])).toHaveProperty("error");
  });

  it("counts a repeated id once", () => {
    expect(comparisonIds(["a", "a"])).toHaveProperty("error");
  });
});
