import { describe, expect, it } from "vitest";
import { combinedItemState, isFinalOrderState, productOrderItemStateFor, productOrderStateFor } from "./states";

describe("productOrderStateFor", () => {
  it.each([
    ["acknowledged", "inProgress"],
    ["inProgress", "inProgress"],
    ["completed", "completed"],
    ["partial", "partial"],
    ["rejected", "failed"],
    ["cancelled", "cancelled"],
    ["INPROGRESS", "inProgress"],
    ["COMPLETED", "completed"],
  ])("maps ESO %s to %s", (serviceOrderState, expected) => {
    expect(productOrderStateFor(serviceOrderState)).toBe(expected);
  });

  it("returns undefined for an unknown state", () => {
    expect(productOrderStateFor("exploded")).toBeUndefined();
  });
});

describe("productOrderItemStateFor", () => {
  it("maps a rejected item to failed", () => {
    expect(productOrderItemStateFor("rejected")).toBe("failed");
  });

  it("keeps a missing state missing", () => {
    expect(productOrderItemStateFor(undefined)).toBeUndefined();
  });
});

describe("isFinalOrderState", () => {
  it.each(["completed", "failed", "partial", "cancelled", "rejected"])("treats %s as final", (state) => {
    expect(isFinalOrderState(state)).toBe(true);
  });

  it.each(["acknowledged", "inProgress", "pendingCancellation"])("treats %s as open", (state) => {
    expect(isFinalOrderState(state)).toBe(false);
  });
});

describe("combinedItemState", () => {
  it.each([
    { states: ["completed", "completed"], expected: "completed" },
    { states: ["completed", "failed"], expected: "failed" },
    { states: ["cancelled", "cancelled"], expected: "cancelled" },
    { states: ["completed", "cancelled"], expected: "failed" },
    { states: ["completed", "inProgress"], expected: "inProgress" },
    { states: ["completed", undefined], expected: "inProgress" },
    { states: ["acknowledged", "pending"], expected: "acknowledged" },
    { states: [undefined, undefined], expected: undefined },
  ])("combines $states into $expected", ({ states, expected }) => {
    expect(combinedItemState(states)).toBe(expected);
  });
});
