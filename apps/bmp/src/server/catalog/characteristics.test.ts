import { describe, expect, it } from "vitest";
import { findSpecification, getDomain, toServiceSpecification } from "@cop-pilot/service-library";
import type { ServiceSpecification } from "@cop-pilot/tmf-schemas";
import { characteristicFields, mergeProductCharacteristics, serviceCharacteristicValues, toCharacteristicSpecifications, toProductSpecCharacteristic } from "./characteristics";

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

describe("mergeProductCharacteristics", () => {
  const lulea = getDomain("lulea");
  const services = ["bemis-multi-sensing-seismic-processing", "bemis-auto-scaling-seismic-processing"].map((slug) => ({
    ...toServiceSpecification(findSpecification(slug)!, lulea),
    id: `eso-${slug}`,
  })) as ServiceSpecification[];

  it("shares characteristics both services have", () => {
    const { characteristics, conflicts } = mergeProductCharacteristics(services);
    const replicas = characteristics.find((characteristic) => characteristic.name === "replicas");

    expect(conflicts).toEqual([]);
    expect(replicas?.serviceCharacteristic?.map((target) => target.serviceSpecification.id)).toEqual(services.map((service) => service.id));
  });

  it("leaves out the deployment parameters", () => {
    const names = mergeProductCharacteristics(services).characteristics.map((characteristic) => characteristic.name);

    expect(names).not.toContain("artifactName");
    expect(names).not.toContain("targetCluster");
  });

  it("sends each service its own characteristics", () => {
    const { characteristics } = mergeProductCharacteristics(services);
    const values = [{ name: "replicas", value: 2 }, { name: "maxReplicas", value: 9 }];

    expect(serviceCharacteristicValues(characteristics, values, services[0]!.id).map((value) => value.name)).toEqual(["replicas"]);
    expect(serviceCharacteristicValues(characteristics, values, services[1]!.id).map((value) => value.name)).toEqual(["replicas", "maxReplicas"]);
  });
});
