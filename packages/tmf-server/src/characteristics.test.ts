import { describe, expect, it } from "vitest";
import type { CharacteristicSpecification } from "@cop-pilot/tmf-schemas";
import { resolveCharacteristicChanges, resolveCharacteristics } from "./characteristics";

const specification: CharacteristicSpecification[] = [
  { name: "replicas", valueType: "integer", minCardinality: 1, characteristicValueSpecification: [{ valueFrom: 1, valueTo: 10, value: 1, isDefault: true }] },
  {
    name: "samplingRateHz",
    valueType: "integer",
    minCardinality: 0,
    characteristicValueSpecification: [{ value: 250 }, { value: 500, isDefault: true }, { value: 1000 }],
  },
  { name: "artifactName", valueType: "string", minCardinality: 1, characteristicValueSpecification: [{ value: "bemis", isDefault: true }] },
  {
    name: "artifactVersion",
    valueType: "string",
    minCardinality: 1,
    characteristicValueSpecification: [{ value: "1.0.0", isDefault: true, regex: "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$" }],
  },
  { name: "notes", valueType: "string", minCardinality: 0 },
  { name: "licenceKey", valueType: "string", minCardinality: 1 },
];

describe("resolveCharacteristics", () => {
  it("fills defaults for characteristics left out", () => {
    const result = resolveCharacteristics(specification, [{ name: "licenceKey", value: "k-1" }]);
    expect(result.problems).toEqual([]);
    expect(result.values).toEqual([
      { name: "replicas", valueType: "integer", value: 1 },
      { name: "samplingRateHz", valueType: "integer", value: 500 },
      { name: "artifactName", valueType: "string", value: "bemis" },
      { name: "artifactVersion", valueType: "string", value: "1.0.0" },
      { name: "licenceKey", valueType: "string", value: "k-1" },
    ]);
  });

  it.each([
    [[{ name: "replicas", value: 11 }], "replicas", "must be at most 10"],
    [[{ name: "replicas", value: 0 }], "replicas", "must be at least 1"],
    [[{ name: "replicas", value: 2.5 }], "replicas", "must be an integer"],
    [[{ name: "replicas", value: "3" }], "replicas", "must be an integer"],
    [[{ name: "samplingRateHz", value: 300 }], "samplingRateHz", "must be one of 250, 500, 1000"],
    [[{ name: "colour", value: "red" }], "colour", "is not a characteristic of this specification"],
    [[{ name: "notes", value: "a" }, { name: "notes", value: "b" }], "notes", "is given more than once"],
    [[{ name: "replicas", value: null }], "replicas", "must not be empty; leave it out to use the default"],
    [[{ name: "artifactVersion", value: "" }], "artifactVersion", "must not be empty; leave it out to use the default"],
    [[{ name: "replicas", value: 2, valueType: "string" }], "replicas", "has valueType integer, not string"],
    [[{ name: "artifactVersion", value: "../../etc; rm -rf" }], "artifactVersion", "must match the pattern ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"],
  ])("reports %j", (given, name, message) => {
    const result = resolveCharacteristics(specification, [{ name: "licenceKey", value: "k" }, ...given]);
    expect(result.problems).toContainEqual({ name, message });
  });

  it("accepts a matching valueType and a valid pattern", () => {
    const result = resolveCharacteristics(specification, [
      { name: "licenceKey", value: "k" },
      { name: "replicas", value: 2, valueType: "Integer" },
      { name: "artifactVersion", value: "2.1.0-rc.1" },
    ]);
    expect(result.problems).toEqual([]);
  });

  it("reports a mandatory characteristic without value or default", () => {
    const result = resolveCharacteristics(specification, []);
    expect(result.problems).toEqual([{ name: "licenceKey", message: "is mandatory and has no default" }]);
  });
});

describe("resolveCharacteristicChanges", () => {
  const specifications = [
    { name: "replicas", valueType: "integer", configurable: true, characteristicValueSpecification: [{ value: 1, isDefault: true, valueFrom: 1, valueTo: 10 }] },
    { name: "artifactName", valueType: "string", configurable: false, characteristicValueSpecification: [{ value: "seismic", isDefault: true }] },
    { name: "sensorCount", valueType: "integer", characteristicValueSpecification: [{ value: 8, isDefault: true }] },
  ];

  it("returns only the changed characteristics", () => {
    const result = resolveCharacteristicChanges(specifications, [{ name: "replicas", value: 3 }]);
    expect(result.problems).toEqual([]);
    expect(result.values).toEqual([{ name: "replicas", valueType: "integer", value: 3 }]);
  });

  it.each([
    [[{ name: "artifactName", value: "other" }], "artifactName", "is not configurable, so it cannot change after ordering"],
    [[{ name: "colour", value: "red" }], "colour", "is not a characteristic of this specification"],
    [[{ name: "replicas", value: 11 }], "replicas", "must be at most 10"],
    [[{ name: "replicas", value: "two" }], "replicas", "must be an integer"],
    [[], "serviceCharacteristic", "is empty; a modify item needs at least one characteristic to change"],
  ])("rejects %j", (changes, name, message) => {
    const result = resolveCharacteristicChanges(specifications, changes);
    expect(result.problems).toContainEqual({ name, message });
    expect(result.values).toEqual([]);
  });

  it("treats a characteristic without the configurable flag as configurable", () => {
    expect(resolveCharacteristicChanges(specifications, [{ name: "sensorCount", value: 16 }]).problems).toEqual([]);
  });
});
