import { describe, expect, it } from "vitest";
import type { OrderProblem } from "../ordering/validation";
import { toConfigurationProblem } from "./validation";

describe("toConfigurationProblem", () => {
  const cases: { problem: OrderProblem; expected: ReturnType<typeof toConfigurationProblem> }[] = [
    {
      problem: { field: "productOrderItem.1.product.productCharacteristic.sensorCount", rule: "allowedValues", itemId: "1", characteristic: "sensorCount", message: "must be at most 512" },
      expected: { name: "sensorCount", kind: "characteristic", message: "must be at most 512" },
    },
    {
      problem: {
        field: "productOrderItem.1.product.productCharacteristic.replicas",
        rule: "feasibility",
        itemId: "1",
        characteristic: "replicas",
        message: "Edge domain has room for 2 more replicas (8 of 10 in use), and this order asks for 5; choose fewer replicas or order later",
      },
      expected: {
        name: "replicas",
        kind: "characteristic",
        message: "is more than the domain can take now: Edge domain has room for 2 more replicas (8 of 10 in use), and this order asks for 5; choose fewer replicas or order later",
      },
    },
    {
      problem: { field: "productOrderItem.1.productOffering", rule: "eligibility", itemId: "1", message: 'ProductOffering "Seismic" is offered only to Other Mine AB' },
      expected: { name: "productOffering", kind: "order", message: '"Seismic Processing" is offered only to Other Mine AB' },
    },
    {
      problem: { field: "productOrderItem.1.productOffering", rule: "offering", itemId: "1", message: "ProductOffering 4f2c is no longer valid" },
      expected: { name: "productOffering", kind: "order", message: '"Seismic Processing" is no longer valid' },
    },
    {
      problem: { field: "productOrder", rule: "policy", message: "you have 3 open orders, and a customer may have at most 3 at once" },
      expected: { name: "productOrder", kind: "order", message: "You have 3 open orders, and a customer may have at most 3 at once" },
    },
  ];

  it.each(cases)("maps a $problem.rule problem", ({ problem, expected }) => {
    expect(toConfigurationProblem(problem, "Seismic Processing")).toEqual(expected);
  });
});
