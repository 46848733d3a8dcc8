import { describe, expect, it } from "vitest";
import { bundleItemState, delegatedItems } from "./items";
import type { OrderItemDocument } from "./types";

function item(id: string, state: string | undefined, parts?: OrderItemDocument[]): OrderItemDocument {
  return { id, action: "add", state, service: {}, ...(parts ? { serviceOrderItem: parts } : {}) };
}

describe("bundleItemState", () => {
  it.each([
    [["completed", "completed", "completed"], "completed"],
    [["completed", "failed", "completed"], "failed"],
    [["failed", "failed"], "failed"],
    [["cancelled", "cancelled"], "cancelled"],
    [["completed", "cancelled"], "failed"],
    [["completed", "inProgress"], "inProgress"],
    [["acknowledged", "acknowledged"], "acknowledged"],
  ] as const)("derives %j as %s", (states, expected) => {
    expect(bundleItemState(states.map((state, index) => item(`1.${index + 1}`, state)))).toBe(expected);
  });
});

describe("delegatedItems", () => {
  it("replaces each bundle item by its parts", () => {
    const order = { serviceOrderItem: [item("1", "inProgress", [item("1.1", "completed"), item("1.2", "inProgress")]), item("2", "acknowledged")] };
    expect(delegatedItems(order).map((entry) => entry.id)).toEqual(["1.1", "1.2", "2"]);
  });

  it("keeps an item with an empty part list", () => {
    const order = { serviceOrderItem: [item("1", "acknowledged", [])] };
    expect(delegatedItems(order).map((entry) => entry.id)).toEqual(["1"]);
  });
});
