import { describe, expect, it } from "vitest";
import { characteristicDraftSchema, customerFacingType, describeDraftProblems, draftFieldErrors, resourceFacingType, specificationDraftSchema, toServiceSpecification } from "./draft";

describe("characteristicDraftSchema", () => {
  const invalid: [string, Record<string, unknown>, string][] = [
    ["name with a space", { name: "frame rate", valueType: "integer" }, "must start with a letter"],
    ["one allowed value", { name: "mode", valueType: "string", allowedValues: ["a"] }, "at least two allowed values"],
    ["allowed value of the wrong type", { name: "mode", valueType: "integer", allowedValues: [1, "two"] }, '"two" is not of valueType integer'],
    ["allowed values and a range", { name: "fps", valueType: "integer", allowedValues: [1, 2], range: { valueFrom: 1 } }, "not both"],
    ["range on a string", { name: "mode", valueType: "string", range: { valueFrom: 1 } }, "needs valueType integer or number"],
    ["inverted range", { name: "fps", valueType: "integer", range: { valueFrom: 10, valueTo: 1 } }, "valueFrom 10 is greater than valueTo 1"],
    ["default below the range", { name: "fps", valueType: "integer", range: { valueFrom: 5, valueTo: 30 }, defaultValue: 1 }, "must be at least 5"],
    ["default outside the allowed values", { name: "mode", valueType: "string", allowedValues: ["a", "b"], defaultValue: "c" }, "must be one of the allowed values"],
    ["default of the wrong type", { name: "fps", valueType: "integer", defaultValue: 2.5 }, "is not of valueType integer"],
  ];
  it.each(invalid)("rejects %s", (_case, draft, message) => {
    const result = characteristicDraftSchema.safeParse(draft);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join("; ")).toContain(message);
  });

  it("accepts a range with a default and a unit", () => {
    const result = characteristicDraftSchema.safeParse({ name: "fps", valueType: "integer", range: { valueFrom: 1, valueTo: 60 }, defaultValue: 25, unitOfMeasure: "Hz", configurable: true });
    expect(result.success).toBe(true);
  });
});

const resourceFacing = {
  kind: "resourceFacing",
  name: "Video analytics engine",
  resourceSpecification: [{ id: "deployment-spec", name: "Kubernetes Deployment" }],
  artifact: { registry: "registry.lulea.example", name: "video-analytics", version: "2.1.0" },
  characteristics: [{ name: "replicas", valueType: "integer", range: { valueFrom: 1, valueTo: 5 }, defaultValue: 1, configurable: true }],
};

describe("toServiceSpecification", () => {
  it("builds a resource-facing specification with artifact characteristics", () => {
    const body = toServiceSpecification(specificationDraftSchema.parse(resourceFacing));
    expect(body["@type"]).toBe(resourceFacingType);
    expect(body.lifecycleStatus).toBe("In design");
    expect(body.version).toBe("1.0");
    expect(body.resourceSpecification).toEqual([{ id: "deployment-spec", name: "Kubernetes Deployment", "@referredType": "ResourceSpecification" }]);
    expect(body.specCharacteristic.map((characteristic) => characteristic.name)).toEqual(["artifactRegistry", "artifactName", "artifactVersion", "replicas"]);
    const replicas = body.specCharacteristic[3]!;
    expect(replicas.configurable).toBe(true);
    expect(replicas.minCardinality).toBe(0);
    expect(replicas.characteristicValueSpecification).toEqual([{ valueType: "integer", valueFrom: 1, valueTo: 5, rangeInterval: "closed", value: 1, isDefault: true }]);
    const version = body.specCharacteristic[2]!;
    expect(version.configurable).toBe(true);
    expect(version.characteristicValueSpecification[0]?.value).toBe("2.1.0");
  });

  it("builds a customer-facing specification with hasPart relationships", () => {
    const body = toServiceSpecification(
      specificationDraftSchema.parse({
        kind: "customerFacing",
        name: "Smart city video",
        version: "2.0",
        serviceSpecRelationship: [{ id: "rfs-1", name: "Video analytics engine" }],
        characteristics: [{ name: "quality", valueType: "string", allowedValues: ["sd", "hd"], defaultValue: "hd", mandatory: true }],
      }),
    );
    expect(body["@type"]).toBe(customerFacingType);
    expect(body.version).toBe("2.0");
    expect(body.serviceSpecRelationship).toEqual([{ id: "rfs-1", name: "Video analytics engine", relationshipType: "hasPart", "@type": "ServiceSpecRelationship" }]);
    expect(body.specCharacteristic[0]?.minCardinality).toBe(1);
    expect(body.specCharacteristic[0]?.characteristicValueSpecification.map((value) => [value.value, value.isDefault])).toEqual([
      ["sd", false],
      ["hd", true],
    ]);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ["an RFS without resource specifications", { ...resourceFacing, resourceSpecification: [] }, "choose at least one resource specification"],
    ["a CFS without parts", { kind: "customerFacing", name: "x", serviceSpecRelationship: [] }, "choose at least one resource-facing specification"],
    ["a characteristic defined twice", { ...resourceFacing, characteristics: [{ name: "a", valueType: "string" }, { name: "a", valueType: "string" }] }, '"a" is defined more than once'],
    ["an artifact characteristic", { ...resourceFacing, characteristics: [{ name: "artifactName", valueType: "string" }] }, "set by the artifact fields"],
    ["a version that is not numbers", { ...resourceFacing, version: "v1" }, "must be dotted numbers"],
    ["a bad artifact tag", { ...resourceFacing, artifact: { ...resourceFacing.artifact, version: "2.0 beta" } }, "must be an OCI tag"],
    ["an artifact name that is no OCI component", { ...resourceFacing, artifact: { ...resourceFacing.artifact, name: "UPPER CASE/..//x" } }, "lowercase OCI repository component"],
    ["an artifact name too long for a label", { ...resourceFacing, artifact: { ...resourceFacing.artifact, name: "a".repeat(64) } }, "at most 63 characters"],
    ["a registry that is no OCI registry", { ...resourceFacing, artifact: { ...resourceFacing.artifact, registry: "ftp://registry" } }, "OCI registry endpoint"],
  ];
  it.each(invalid)("rejects %s", (_case, draft, message) => {
    const result = specificationDraftSchema.safeParse(draft);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join("; ")).toContain(message);
  });
});

describe("draftFieldErrors", () => {
  it("puts an unusable artifact name on its field", () => {
    const result = specificationDraftSchema.safeParse({ ...resourceFacing, artifact: { ...resourceFacing.artifact, name: "UPPER CASE/..//x" } });

    expect(result.success).toBe(false);
    expect(draftFieldErrors(result.error!)).toEqual({ "artifact.name": expect.stringMatching(/^Artifact name must be one lowercase OCI repository component/) });
  });
});

describe("describeDraftProblems", () => {
  it("names characteristics by their place in the form", () => {
    const result = specificationDraftSchema.safeParse({ ...resourceFacing, characteristics: [{ name: "1st", valueType: "string" }] });

    expect(describeDraftProblems(result.error!)).toBe(
      "Characteristic 1: the name must start with a letter and contain only letters, digits and underscores (at most 63)",
    );
  });

  it("names a missing draft field by its label", () => {
    const result = specificationDraftSchema.safeParse({ ...resourceFacing, name: "" });

    expect(describeDraftProblems(result.error!)).toBe("Name is required");
  });
});
