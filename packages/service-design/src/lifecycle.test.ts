import { describe, expect, it } from "vitest";
import { allowedTransitions, isOrderable, transitionProblem } from "./lifecycle";

describe("transitionProblem", () => {
  const allowed: [string, string][] = [
    ["In design", "Active"],
    ["In design", "In test"],
    ["In test", "Active"],
    ["Active", "Retired"],
    ["Launched", "Retired"],
    ["Retired", "Active"],
    ["Retired", "Obsolete"],
    ["Rejected", "In design"],
  ];
  it.each(allowed)("allows %s → %s", (from, to) => {
    expect(transitionProblem(from, to)).toBeUndefined();
  });

  const rejected: [string, string, string][] = [
    ["Active", "In design", "cannot become In design; it can become Launched, Retired"],
    ["Retired", "In design", "cannot become In design"],
    ["Obsolete", "Active", "it can become no other status"],
    ["In design", "Retired", "cannot become Retired"],
    ["Active", "Active", "already Active"],
    ["Active", "Gone", 'lifecycleStatus "Gone" is not one of'],
  ];
  it.each(rejected)("rejects %s → %s", (from, to, message) => {
    expect(transitionProblem(from, to)).toContain(message);
  });

  it("lets a specification without a status take any status", () => {
    expect(allowedTransitions(undefined)).toContain("Active");
    expect(transitionProblem(undefined, "Retired")).toBeUndefined();
  });
});

describe("isOrderable", () => {
  it.each([
    ["Active", true],
    ["Launched", true],
    ["In design", false],
    ["In test", false],
    ["Retired", false],
    [undefined, false],
  ])("%s → %s", (status, expected) => {
    expect(isOrderable(status)).toBe(expected);
  });
});
