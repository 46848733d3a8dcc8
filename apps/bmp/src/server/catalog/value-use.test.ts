import { describe, expect, it } from "vitest";
import { defaultCharacteristicValues, findSpecification, getDomain, toServiceSpecification } from "@cop-pilot/service-library";
import type { ServiceSpecification } from "@cop-pilot/tmf-schemas";
import type { TmfDocument } from "@cop-pilot/tmf-server";
import { productCharacteristicsOf, type ProductSpecCharacteristic } from "./characteristics";
import {
  checkValueUses,
  defaultCustomerCharacteristics,
  includedConfigurationFields,
  offeringCharacteristicFields,
  orderFormFields,
  resolveOfferingCharacteristics,
  valueUsesFor,
  type CharacteristicValueUse,
} from "./value-use";

const library = findSpecification("bemis-multi-sensing-seismic-processing")!;
const service = { id: "eso-seismic", ...toServiceSpecification(library, getDomain("lulea")) } as ServiceSpecification;
const characteristics = productCharacteristicsOf(service);
const specification: TmfDocument = {
  id: "spec-1",
  href: "http://127.0.0.1:39899/tmf-api/productCatalogManagement/v4/productSpecification/spec-1",
  name: "Seismic processing",
  version: "1.0.0",
  productSpecCharacteristic: characteristics,
};
const defaults = defaultCharacteristicValues(library, getDomain("lulea"));

function uses(...entries: CharacteristicValueUse[]): CharacteristicValueUse[] {
  return checkValueUses(entries, specification);
}

describe("defaultCustomerCharacteristics", () => {
  it("leaves out registry, artifact name and cluster", () => {
    const names = defaultCustomerCharacteristics(characteristics);
    expect(names).not.toContain("artifactRegistry");
    expect(names).not.toContain("artifactName");
    expect(names).not.toContain("targetCluster");
    expect(names).toEqual(expect.arrayContaining(["artifactVersion", "orderDuration", "sensorCount", "samplingRateHz", "replicas"]));
  });
});

describe("checkValueUses", () => {
  it("fills valueType and the specification reference", () => {
    const [replicas] = uses({ name: "replicas" });
    expect(replicas).toMatchObject({
      name: "replicas",
      valueType: "integer",
      productSpecification: { id: "spec-1", href: specification.href, name: "Seismic processing", version: "1.0.0" },
      "@type": "ProductSpecificationCharacteristicValueUse",
    });
  });

  it("accepts every default choice", () => {
    expect(() => uses(...valueUsesFor(specification, defaultCustomerCharacteristics(characteristics)))).not.toThrow();
  });

  const rejected: { name: string; input: unknown; status: number; message: string }[] = [
    { name: "a list that is not an array", input: { name: "replicas" }, status: 400, message: "prodSpecCharValueUse" },
    { name: "a use without name", input: [{ valueType: "integer" }], status: 400, message: "prodSpecCharValueUse.0.name" },
    { name: "a name given twice", input: [{ name: "replicas" }, { name: "replicas" }], status: 400, message: '"replicas" given more than once' },
    { name: "an unknown characteristic", input: [{ name: "colour" }], status: 422, message: 'prodSpecCharValueUse "colour": is not a characteristic of ProductSpecification spec-1' },
    { name: "another valueType", input: [{ name: "replicas", valueType: "string" }], status: 422, message: 'valueType "string" differs from "integer"' },
    { name: "another specification", input: [{ name: "replicas", productSpecification: { id: "spec-2" } }], status: 422, message: "productSpecification spec-2" },
    { name: "a value outside the specification", input: [{ name: "samplingRateHz", productSpecCharacteristicValue: [{ value: 250 }, { value: 333 }] }], status: 422, message: "333 is outside" },
    { name: "a range outside the specification", input: [{ name: "replicas", productSpecCharacteristicValue: [{ valueFrom: 1, valueTo: 50 }] }], status: 422, message: "50 is outside" },
    { name: "a range without valueTo", input: [{ name: "replicas", productSpecCharacteristicValue: [{ valueFrom: 2 }] }], status: 422, message: "valueFrom and valueTo" },
    { name: "an inverted range", input: [{ name: "replicas", productSpecCharacteristicValue: [{ valueFrom: 4, valueTo: 2 }] }], status: 422, message: "greater than valueTo" },
    { name: "an entry without value", input: [{ name: "samplingRateHz", productSpecCharacteristicValue: [{ unitOfMeasure: "Hz" }] }], status: 422, message: "give a value" },
    { name: "two defaults", input: [{ name: "samplingRateHz", productSpecCharacteristicValue: [{ value: 250, isDefault: true }, { value: 1000, isDefault: true }] }], status: 422, message: "at most one value isDefault" },
    { name: "a restriction without the default", input: [{ name: "samplingRateHz", productSpecCharacteristicValue: [{ value: 250 }, { value: 1000 }] }], status: 422, message: "default 500 is not among the values listed" },
  ];

  it.each(rejected)("rejects $name", ({ input, status, message }) => {
    expect(() => checkValueUses(input, specification)).toThrow(expect.objectContaining({ status, message: expect.stringContaining(message) }));
  });

  it("rejects fixing a mandatory characteristic without default", () => {
    const withoutDefault: ProductSpecCharacteristic[] = [
      { name: "sensorCount", valueType: "integer", minCardinality: 1, productSpecCharacteristicValue: [{ valueFrom: 1, valueTo: 512 }] },
      { name: "replicas", valueType: "integer", minCardinality: 1, productSpecCharacteristicValue: [{ valueFrom: 1, valueTo: 10, value: 1, isDefault: true }] },
    ];
    const bare = { ...specification, productSpecCharacteristic: withoutDefault };

    expect(() => checkValueUses([{ name: "replicas" }], bare)).toThrow(
      expect.objectContaining({ status: 422, message: expect.stringContaining('"sensorCount" is mandatory without a default') }),
    );
    expect(() => checkValueUses([{ name: "sensorCount" }], bare)).not.toThrow();
  });
});

describe("resolveOfferingCharacteristics", () => {
  it("lets any characteristic be set without value uses", () => {
    const resolved = resolveOfferingCharacteristics(characteristics, undefined, [{ name: "targetCluster", value: "elsewhere" }]);
    expect(resolved.problems).toEqual([]);
    expect(resolved.values.find((value) => value.name === "targetCluster")?.value).toBe("elsewhere");
  });

  it("rejects a characteristic the offering fixes", () => {
    const resolved = resolveOfferingCharacteristics(characteristics, uses({ name: "replicas" }), [
      { name: "targetCluster", value: "elsewhere" },
      { name: "artifactName", value: "other-chart" },
      { name: "replicas", value: 3 },
    ]);
    expect(resolved.problems).toEqual([
      { name: "targetCluster", message: "is fixed by this offering" },
      { name: "artifactName", message: "is fixed by this offering" },
    ]);
  });

  it("keeps fixed characteristics at their defaults", () => {
    const resolved = resolveOfferingCharacteristics(characteristics, uses({ name: "replicas" }), [{ name: "replicas", value: 3 }]);
    expect(resolved.problems).toEqual([]);
    expect(Object.fromEntries(resolved.values.map((value) => [value.name, value.value]))).toEqual({ ...defaults, replicas: 3 });
  });

  it("still reports unknown characteristics as unknown", () => {
    const resolved = resolveOfferingCharacteristics(characteristics, uses({ name: "replicas" }), [{ name: "colour", value: "red" }]);
    expect(resolved.problems).toEqual([{ name: "colour", message: "is not a characteristic of this specification" }]);
  });

  it("holds a value to the offering's values", () => {
    const restricted = uses({ name: "samplingRateHz", productSpecCharacteristicValue: [{ value: 250 }, { value: 500, isDefault: true }] });
    const resolved = resolveOfferingCharacteristics(characteristics, restricted, [{ name: "samplingRateHz", value: 1000 }]);
    expect(resolved.problems).toEqual([{ name: "samplingRateHz", message: "must be one of 250, 500 for this offering" }]);
  });

  it("holds a value to the offering's range", () => {
    const restricted = uses({ name: "replicas", productSpecCharacteristicValue: [{ valueFrom: 1, valueTo: 3 }] });
    const resolved = resolveOfferingCharacteristics(characteristics, restricted, [{ name: "replicas", value: 4 }]);
    expect(resolved.problems).toEqual([{ name: "replicas", message: "must be from 1 to 3 for this offering" }]);
  });

  it("takes the offering's default", () => {
    const restricted = uses({ name: "samplingRateHz", productSpecCharacteristicValue: [{ value: 250, isDefault: true }, { value: 1000 }] });
    const resolved = resolveOfferingCharacteristics(characteristics, restricted, []);
    expect(resolved.problems).toEqual([]);
    expect(resolved.values.find((value) => value.name === "samplingRateHz")?.value).toBe(250);
  });
});

describe("offeringCharacteristicFields", () => {
  it("shows customers only what they may set", () => {
    const fields = offeringCharacteristicFields(characteristics, uses({ name: "replicas" }, { name: "sensorCount" }));
    expect(orderFormFields(fields).map((field) => field.name)).toEqual(["sensorCount", "replicas"]);
    const included = includedConfigurationFields(fields).map((field) => field.name);
    expect(included).toContain("orderDuration");
    expect(included).not.toContain("targetCluster");
    expect(included).not.toContain("artifactRegistry");
    expect(included).not.toContain("artifactName");
  });

  it("hides technical characteristics without value uses", () => {
    const fields = offeringCharacteristicFields(characteristics, undefined);
    expect(orderFormFields(fields).map((field) => field.name)).toEqual(defaultCustomerCharacteristics(characteristics));
    expect(includedConfigurationFields(fields)).toEqual([]);
  });

  it("applies the offering's values and default", () => {
    const restricted = uses(
      { name: "samplingRateHz", productSpecCharacteristicValue: [{ value: 250, isDefault: true }, { value: 1000 }] },
      { name: "replicas", productSpecCharacteristicValue: [{ valueFrom: 1, valueTo: 3 }] },
    );
    const fields = orderFormFields(offeringCharacteristicFields(characteristics, restricted));
    expect(fields.find((field) => field.name === "samplingRateHz")).toMatchObject({ allowedValues: [250, 1000], defaultValue: 250 });
    expect(fields.find((field) => field.name === "replicas")).toMatchObject({ min: 1, max: 3, defaultValue: 1 });
  });
});
