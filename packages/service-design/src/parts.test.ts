import { describe, expect, it } from "vitest";
import { partCharacteristicValues, partSpecificationIds, specificationKind } from "./parts";

const cfs = {
  "@type": "CustomerFacingServiceSpecification",
  serviceSpecRelationship: [
    { id: "engine", relationshipType: "hasPart" },
    { id: "other", relationshipType: "dependency" },
    { id: "store" },
  ],
  specCharacteristic: [
    { name: "replicas" },
    { name: "retentionDays", charSpecRelationship: [{ relationshipType: "mapsTo", parentSpecificationId: "store", name: "retention" }] },
  ],
};

describe("parts of a customer-facing specification", () => {
  it("names the hasPart relationships in order", () => {
    expect(specificationKind(cfs)).toBe("customerFacing");
    expect(partSpecificationIds(cfs)).toEqual(["engine", "store"]);
  });

  it("passes values by name and by mapping", () => {
    const values = [
      { name: "replicas", value: 3, valueType: "integer" },
      { name: "retentionDays", value: 7 },
    ];
    const engine = { id: "engine", specCharacteristic: [{ name: "replicas" }, { name: "retentionDays" }] };
    const store = { id: "store", specCharacteristic: [{ name: "retention" }] };
    expect(partCharacteristicValues(cfs, values, engine)).toEqual([{ name: "replicas", value: 3, valueType: "integer" }]);
    expect(partCharacteristicValues(cfs, values, store)).toEqual([{ name: "retention", value: 7 }]);
  });

  it("treats specifications without a design type as plain services", () => {
    expect(specificationKind({ "@type": "ServiceSpecification" })).toBe("service");
  });
});
