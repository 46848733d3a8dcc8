import { describe, expect, it } from "vitest";
import { completionDateLabel } from "./order-states";

describe("completionDateLabel", () => {
  const cases: [string, string][] = [
    ["completed", "Completed"],
    ["failed", "Failed"],
    ["rejected", "Rejected"],
    ["partial", "Ended, partly completed"],
  ];

  it.each(cases)("labels a %s order %s", (state, label) => {
    expect(completionDateLabel(state)).toBe(label);
  });

  it("never calls a failed order completed", () => {
    expect(completionDateLabel("failed")).not.toContain("Completed");
  });
});
