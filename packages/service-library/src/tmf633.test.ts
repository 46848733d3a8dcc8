import { describe, expect, it } from "vitest";
import {
  defaultCharacteristicValues,
  findSpecification,
  getDomain,
  specifications,
  toServiceSpecification,
  type Domain,
  type ServiceSpecificationDefinition,
} from "./index";

// Property names of the TMF633 v4.0.0 definitions the mapping fills in.
const serviceSpecificationCreateProperties = [
  "description", "isBundle", "lastUpdate", "lifecycleStatus", "name", "version", "attachment", "constraint",
  "entitySpecRelationship", "featureSpecification", "relatedParty", "resourceSpecification",
  "serviceLevelSpecification", "serviceSpecRelationship", "specCharacteristic", "targetEntitySchema", "validFor",
  "@baseType", "@schemaLocation", "@type",
];
const characteristicSpecificationProperties = [
  "id", "configurable", "description", "extensible", "isUnique", "maxCardinality", "minCardinality", "name", "regex",
  "valueType", "charSpecRelationship", "characteristicValueSpecification", "validFor", "@baseType",
  "@schemaLocation", "@type", "@valueSchemaLocation",
];
const characteristicValueSpecificationProperties = [
  "isDefault", "rangeInterval", "regex", "unitOfMeasure", "valueFrom", "valueTo", "valueType", "validFor", "value",
  "@baseType", "@schemaLocation", "@type",
];

function specificationOf(slug: string): ServiceSpecificationDefinition {
  const specification = findSpecification(slug);
  if (specification === undefined) {
    throw new Error(`test fixture "${slug}" is missing from the library`);
  }
  return specification;
}

const seismic = specificationOf("bemis-multi-sensing-seismic-processing");
const lulea = getDomain("lulea");

function characteristicOf(body: ReturnType<typeof toServiceSpecification>, name: string) {
  const characteristic = body.specCharacteristic.find((candidate) => candidate.name === name);
  if (characteristic === undefined) {
    throw new Error(`characteristic "${name}" is missing from the mapped specification`);
  }
  return characteristic;
}

describe("toServiceSpecification", () => {
  it("fills the specification fields", () => {
    const body = toServiceSpecification(seismic, lulea);
    expect(body.name).toBe("BEMIS Multi-sensing Seismic Processing");
    expect(body.description).toBe(seismic.description);
    expect(body.version).toBe("1.0.0");
    expect(body.lifecycleStatus).toBe("Active");
    expect(body.isBundle).toBe(false);
    expect(body["@type"]).toBe("ServiceSpecification");
    expect(body.specCharacteristic).toHaveLength(seismic.specCharacteristic.length);
  });

  it("leaves out id, href and categories", () => {
    const body = toServiceSpecification(seismic, lulea) as unknown as Record<string, unknown>;
    expect(body).not.toHaveProperty("id");
    expect(body).not.toHaveProperty("href");
    expect(body).not.toHaveProperty("category");
  });

  it("maps an enumerated characteristic", () => {
    const samplingRate = characteristicOf(toServiceSpecification(seismic, lulea), "samplingRateHz");
    expect(samplingRate).toEqual({
      name: "samplingRateHz",
      description: "Sampling rate of the seismic waveforms.",
      valueType: "integer",
      configurable: true,
      minCardinality: 1,
      maxCardinality: 1,
      "@type": "CharacteristicSpecification",
      characteristicValueSpecification: [
        { valueType: "integer", value: 250, isDefault: false, unitOfMeasure: "Hz" },
        { valueType: "integer", value: 500, isDefault: true, unitOfMeasure: "Hz" },
        { valueType: "integer", value: 1000, isDefault: false, unitOfMeasure: "Hz" },
      ],
    });
  });

  it("maps a ranged characteristic", () => {
    const sensorCount = characteristicOf(toServiceSpecification(seismic, lulea), "sensorCount");
    expect(sensorCount.valueType).toBe("integer");
    expect(sensorCount.minCardinality).toBe(1);
    expect(sensorCount.characteristicValueSpecification).toEqual([
      { valueType: "integer", valueFrom: 1, valueTo: 512, rangeInterval: "closed", value: 16, isDefault: true },
    ]);
  });

  it("maps a ranged characteristic with a unit", () => {
    const orderDuration = characteristicOf(toServiceSpecification(seismic, lulea), "orderDuration");
    expect(orderDuration.characteristicValueSpecification).toEqual([
      {
        valueType: "integer",
        valueFrom: 1,
        valueTo: 365,
        rangeInterval: "closed",
        value: 30,
        isDefault: true,
        unitOfMeasure: "days",
      },
    ]);
  });

  it("maps a free characteristic to its default", () => {
    const body = toServiceSpecification(seismic, lulea);
    expect(characteristicOf(body, "auxiliarySensorsEnabled").characteristicValueSpecification).toEqual([
      { valueType: "boolean", value: true, isDefault: true },
    ]);
    expect(characteristicOf(body, "artifactRegistry").characteristicValueSpecification).toEqual([
      { valueType: "string", value: "oci://registry.lulea.cop-pilot.test/charts", isDefault: true },
    ]);
  });

  it("sets minCardinality from mandatory", () => {
    const body = toServiceSpecification(seismic, lulea);
    expect(characteristicOf(body, "auxiliarySensorsEnabled").minCardinality).toBe(0);
    expect(characteristicOf(body, "artifactName").minCardinality).toBe(1);
  });

  it("takes registry and cluster defaults from the domain", () => {
    const relocated: Domain = {
      ...lulea,
      artifactRegistry: "oci://registry.local.test/charts",
      computeCluster: "lulea-lab-cluster",
    };
    const body = toServiceSpecification(seismic, relocated);
    expect(characteristicOf(body, "artifactRegistry").characteristicValueSpecification[0]?.value).toBe(
      "oci://registry.local.test/charts",
    );
    expect(characteristicOf(body, "targetCluster").characteristicValueSpecification[0]?.value).toBe(
      "lulea-lab-cluster",
    );
  });

  it("rejects a specification of another domain", () => {
    expect(() => toServiceSpecification(seismic, getDomain("valencia"))).toThrow(
      'Service specification "bemis-multi-sensing-seismic-processing" belongs to domain "lulea", not to "valencia"',
    );
  });

  it.each(specifications.map((specification) => [specification.slug, specification] as const))(
    "%s maps to TMF633 properties with one default per characteristic",
    (_slug, specification) => {
      const body = toServiceSpecification(specification, getDomain(specification.domainId));
      expect(Object.keys(body).filter((key) => !serviceSpecificationCreateProperties.includes(key))).toEqual([]);
      for (const characteristic of body.specCharacteristic) {
        expect(Object.keys(characteristic).filter((key) => !characteristicSpecificationProperties.includes(key))).toEqual(
          [],
        );
        const values = characteristic.characteristicValueSpecification;
        for (const value of values) {
          expect(Object.keys(value).filter((key) => !characteristicValueSpecificationProperties.includes(key))).toEqual(
            [],
          );
        }
        expect(values.filter((value) => value.isDefault), characteristic.name).toHaveLength(1);
      }
      expect(JSON.parse(JSON.stringify(body))).toEqual(body);
    },
  );
});

describe("defaultCharacteristicValues", () => {
  it("returns every default by name", () => {
    expect(defaultCharacteristicValues(seismic)).toEqual({
      artifactRegistry: "oci://registry.lulea.cop-pilot.test/charts",
      artifactName: "bemis-multi-sensing-seismic",
      artifactVersion: "1.0.0",
      orderDuration: 30,
      targetCluster: "lulea-edge-cluster",
      sensorCount: 16,
      samplingRateHz: 500,
      staLtaTriggerRatio: 4,
      auxiliarySensorsEnabled: true,
      replicas: 1,
    });
  });

  it("uses the domain's registry and cluster when given", () => {
    const relocated: Domain = { ...lulea, artifactRegistry: "oci://registry.local.test/charts" };
    expect(defaultCharacteristicValues(seismic, relocated).artifactRegistry).toBe("oci://registry.local.test/charts");
  });

  it("covers every characteristic of every specification", () => {
    for (const specification of specifications) {
      const defaults = defaultCharacteristicValues(specification);
      expect(Object.keys(defaults), specification.slug).toEqual(
        specification.specCharacteristic.map((characteristic) => characteristic.name),
      );
    }
  });
});
