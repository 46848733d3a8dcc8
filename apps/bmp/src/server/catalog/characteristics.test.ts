import { describe, expect, it } from "vitest";
import { characteristicFields, toCharacteristicSpecifications, toProductSpecCharacteristic } from "./characteristics";

const samplingRate = {
  name: "samplingRateHz",
  valueType: "integer",
  minCardinality: 1,
  characteristicValueSpecification: [
    { value: 250, unitOfMeasure: "Hz" },
    { value: 500, isDefault: true, unitOfMeasure: "Hz" },
  ],
};
const sensorCount = {
  name: "sensorCount",
  valueType: "integer",
  minCardinality: 0,
  productSpecCharacteristicValue: [{ valueFrom: 1, valueTo: 512, value: 16, isDefault: true }],
};

describe("toProductSpecCharacteristic", () => {
  it("renames the TMF633 value list", () => {
    const converted = toProductSpecCharacteristic(samplingRate);
    expect(converted.productSpecCharacteristicValue).toEqual(samplingRate.characteristicValueSpecification);
    expect(converted.characteristicValueSpecification).toBeUndefined();
  });

  it("round-trips to the TMF633 form", () => {
    const [specification] = toCharacteristicSpecifications([toProductSpecCharacteristic(samplingRate)]);
    expect(specification!.characteristicValueSpecification).toEqual(samplingRate.characteristicValueSpecification);
  });
});

describe("characteristicFields", () => {
  it("describes an enumeration as a select", () => {
    const [field] = characteristicFields([samplingRate]);
    expect(field).toMatchObject({ name: "samplingRateHz", valueType: "integer", mandatory: true, defaultValue: 500, allowedValues: [250, 500], unit: "Hz" });
  });

  it("describes a range with its bounds", () => {
    const [field] = characteristicFields([sensorCount]);
    expect(field).toMatchObject({ mandatory: false, defaultValue: 16, min: 1, max: 512, allowedValues: undefined });
  });

  it("treats a single value as the default", () => {
    const [field] = characteristicFields([{ name: "channelName", valueType: "string", productSpecCharacteristicValue: [{ value: "traceability", isDefault: true }] }]);
    expect(field).toMatchObject({ valueType: "string", defaultValue: "traceability", allowedValues: undefined });
  });
});
