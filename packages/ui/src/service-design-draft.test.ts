import { describe, expect, it } from "vitest";
import { emptyCharacteristicRow, toCharacteristicDraft } from "./service-design-draft";

describe("toCharacteristicDraft", () => {
  it("reads a range and a default as numbers", () => {
    const draft = toCharacteristicDraft({ ...emptyCharacteristicRow(), name: " replicas ", valueType: "integer", valueFrom: "1", valueTo: "5", defaultValue: "2", configurable: true });
    expect(draft).toEqual({ name: "replicas", valueType: "integer", range: { valueFrom: 1, valueTo: 5 }, defaultValue: 2, mandatory: false, configurable: true });
  });

  it("splits allowed values and keeps strings", () => {
    const draft = toCharacteristicDraft({ ...emptyCharacteristicRow(), name: "quality", allowedValues: "sd, hd ,, 4k", defaultValue: "hd", unitOfMeasure: "p", mandatory: true });
    expect(draft).toEqual({ name: "quality", valueType: "string", allowedValues: ["sd", "hd", "4k"], defaultValue: "hd", unitOfMeasure: "p", mandatory: true, configurable: false });
  });

  it("reads booleans and leaves bad numbers as text for the server to reject", () => {
    expect(toCharacteristicDraft({ ...emptyCharacteristicRow(), name: "tls", valueType: "boolean", defaultValue: "true" }).defaultValue).toBe(true);
    expect(toCharacteristicDraft({ ...emptyCharacteristicRow(), name: "fps", valueType: "integer", defaultValue: "fast" }).defaultValue).toBe("fast");
  });
});
