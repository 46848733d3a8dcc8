import { describe, expect, it } from "vitest";
import { deriveOrderState, itemStateFromOrderState, normaliseState } from "./states";

describe("normaliseState", () => {
  it.each([
    ["INPROGRESS", "inProgress"],
    ["COMPLETED", "completed"],
    ["in_progress", "inProgress"],
    ["assessingCancellation", "assessingCancellation"],
    ["somethingElse", "somethingElse"],
  ])("maps %s to %s", (input, expected) => {
    expect(normaliseState(input)).toBe(expected);
  });

  it("returns undefined for a missing state", () => {
    expect(normaliseState(undefined)).toBeUndefined();
    expect(normaliseState("")).toBeUndefined();
  });
});

describe("deriveOrderState", () => {
  it.each([
    [["completed", "completed"], true, "completed"],
    [["completed", "failed"], true, "partial"],
    [["completed", "cancelled"], true, "partial"],
    [["failed", "failed"], true, "failed"],
    [["failed", "cancelled"], true, "failed"],
    [["cancelled", "cancelled"], true, "cancelled"],
    [["completed", "inProgress"], true, "inProgress"],
    [["acknowledged", "acknowledged"], false, "acknowledged"],
    [["acknowledged", "acknowledged"], true, "inProgress"],
  ] as const)("derives %j (delegated %s) as %s", (items, delegated, expected) => {
    expect(deriveOrderState([...items], delegated)).toBe(expected);
  });
});

describe("itemStateFromOrderState", () => {
  it("fails the items of a rejected DO order", () => {
    expect(itemStateFromOrderState("rejected")).toBe("failed");
  });

  it("leaves items of an open DO order alone", () => {
    expect(itemStateFromOrderState("inProgress")).toBeUndefined();
  });
});
