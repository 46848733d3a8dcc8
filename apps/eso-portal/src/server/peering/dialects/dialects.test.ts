import { describe, expect, it } from "vitest";
import { classifyOrders, classifySpecifications } from "./detect";
import { openSliceOrder, openSliceSpecification, openSliceStates, toOpenSliceOrder } from "./openslice";
import { tmfOrder, tmfSpecification } from "./tmf";

const openSliceSpec = {
  id: "spec-1",
  name: "Private 5G",
  description: null,
  version: "1.2",
  lastUpdate: "2026-11-30T08:00:00Z",
  isBundle: false,
  serviceSpecCharacteristic: [
    {
      name: "replicas",
      valueType: "INTEGER",
      configurable: true,
      description: null,
      serviceSpecCharacteristicValue: [{ value: { value: "2", alias: null }, isDefault: true, unitOfMeasure: null, valueType: "INTEGER" }],
    },
    { name: "tls", valueType: "BOOLEAN", serviceSpecCharacteristicValue: [{ value: { value: "true", alias: "" }, isDefault: true }] },
    { name: "band", valueType: "ENUM", serviceSpecCharacteristicValue: [{ value: { value: "n78", alias: "3.5 GHz" } }, { value: { value: "n258", alias: "26 GHz" } }] },
  ],
};

describe("OpenSlice specification", () => {
  it("maps characteristics to TMF v4", () => {
    const specification = openSliceSpecification.parse(openSliceSpec);

    expect(specification).not.toHaveProperty("serviceSpecCharacteristic");
    expect(specification).not.toHaveProperty("description");
    expect(specification.specCharacteristic).toEqual([
      { name: "replicas", valueType: "integer", configurable: true, characteristicValueSpecification: [{ value: 2, isDefault: true, valueType: "integer" }] },
      { name: "tls", valueType: "boolean", characteristicValueSpecification: [{ value: true, isDefault: true, valueType: "boolean" }] },
      { name: "band", valueType: "string", characteristicValueSpecification: [{ value: "n78", valueType: "string" }, { value: "n258", valueType: "string" }] },
    ]);
  });

  it("rejects a TMF v4 specification", () => {
    const result = openSliceSpecification.safeParse({ id: "spec-1", name: "Private 5G", specCharacteristic: [] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("peer with this DO in the tmf dialect");
  });

  it("rejects an entry without a name", () => {
    expect(openSliceSpecification.safeParse({ id: "spec-1", serviceSpecCharacteristic: [] }).success).toBe(false);
  });
});

describe("OpenSlice order", () => {
  it.each(Object.entries(openSliceStates))("maps state %s to %s", (openSlice, canonical) => {
    const order = openSliceOrder.parse({ id: "o-1", state: openSlice, orderItem: [{ id: "1", state: openSlice, service: { id: null } }] });
    expect(order.state).toBe(canonical);
    expect(order.serviceOrderItem[0]?.state).toBe(canonical);
  });

  it("rejects an unknown state", () => {
    const result = openSliceOrder.safeParse({ id: "o-1", state: "DONE", orderItem: [] });
    expect(result.success).toBe(false);
  });

  it("rejects a TMF v4 order", () => {
    const result = openSliceOrder.safeParse({ id: "o-1", serviceOrderItem: [{ id: "1" }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("peer with this DO in the tmf dialect");
  });

  it("keeps the service the item created", () => {
    const order = openSliceOrder.parse({ id: "o-1", state: "COMPLETED", orderItem: [{ id: "1", state: "COMPLETED", service: { id: "s-9", href: "not a url" } }] });
    expect(order.serviceOrderItem[0]?.service).toEqual({ id: "s-9" });
  });

  it("sends orderItem with wrapped values", () => {
    const body = toOpenSliceOrder({
      externalId: "eso-1",
      serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: "spec-1" }, serviceCharacteristic: [{ name: "replicas", value: 2 }] } }],
    });
    expect(body).not.toHaveProperty("serviceOrderItem");
    expect(body).toEqual({
      externalId: "eso-1",
      orderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: "spec-1" }, serviceCharacteristic: [{ name: "replicas", value: { value: "2", alias: "" } }] } }],
    });
  });
});

describe("TMF dialect", () => {
  it("rejects an OpenSlice specification", () => {
    const result = tmfSpecification.safeParse(openSliceSpec);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join(" ")).toContain("openslice dialect");
  });

  it("rejects an OpenSlice order", () => {
    const result = tmfOrder.safeParse({ id: "o-1", state: "INPROGRESS", orderItem: [{ id: "1" }] });
    expect(result.success).toBe(false);
  });
});

describe("dialect detection", () => {
  it.each([
    ["OpenSlice characteristics", [openSliceSpec], false, "openslice"],
    ["TMF characteristics", [{ id: "a", name: "A", specCharacteristic: [] }], true, "tmf"],
    ["a list longer than the limit", Array.from({ length: 8 }, (_, index) => ({ id: String(index), name: "A" })), false, "openslice"],
    ["a paged list without characteristics", [{ id: "a", name: "A" }], true, "tmf"],
    ["an empty unpaged list", [], false, undefined],
  ] as const)("classifies %s", (_case, items, paged, dialect) => {
    expect(classifySpecifications([...items], paged).dialect).toBe(dialect);
  });

  it.each([
    ["orderItem", [{ id: "o", orderItem: [] }], "openslice"],
    ["upper-case states", [{ id: "o", state: "INPROGRESS" }], "openslice"],
    ["serviceOrderItem", [{ id: "o", state: "inProgress", serviceOrderItem: [] }], "tmf"],
    ["no orders", [], undefined],
  ] as const)("classifies orders with %s", (_case, items, dialect) => {
    expect(classifyOrders([...items]).dialect).toBe(dialect);
  });
});
