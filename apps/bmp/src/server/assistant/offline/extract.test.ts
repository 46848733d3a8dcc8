import { describe, expect, it } from "vitest";
import type { CharacteristicField } from "../../catalog/characteristics";
import { extractCharacteristicValues, readFieldAnswer } from "./extract";

const fields: CharacteristicField[] = [
  { name: "sensorCount", description: "Number of seismic sensors whose waveforms the service ingests.", valueType: "integer", mandatory: true, defaultValue: 16, min: 1, max: 512 },
  { name: "samplingRateHz", description: "Sampling rate of the seismic waveforms.", valueType: "integer", mandatory: true, defaultValue: 500, allowedValues: [250, 500, 1000], unit: "Hz" },
  { name: "orderDuration", description: "Number of days the service runs before the domain orchestrator terminates it.", valueType: "integer", mandatory: true, defaultValue: 30, min: 1, max: 365, unit: "days" },
  { name: "positioningTechnology", description: "Radio technology of the tags and gateways.", valueType: "string", mandatory: true, defaultValue: "BLE", allowedValues: ["BLE", "UWB", "RFID"] },
  { name: "gpuEnabled", description: "Whether the detector requests a GPU on the target cluster.", valueType: "boolean", mandatory: false, defaultValue: false },
  { name: "refreshInterval", description: "Interval between two forecast downloads.", valueType: "integer", mandatory: false, defaultValue: 60, min: 5, max: 1440, unit: "min" },
];

const replicaFields: CharacteristicField[] = [
  { name: "replicas", description: "Number of pod replicas of the service's main workload.", valueType: "integer", mandatory: true, defaultValue: 1, min: 1, max: 10 },
  { name: "maxReplicas", description: "Upper bound of the autoscaler, while `replicas` is the number of workers kept when the mine is quiet.", valueType: "integer", mandatory: true, defaultValue: 8, min: 1, max: 64 },
];

describe("replicas and maxReplicas", () => {
  it.each([
    ["with 2 replicas", { replicas: 2 }],
    ["at most 16 replicas", { maxReplicas: 16 }],
    ["up to 12 replicas", { maxReplicas: 12 }],
    ["max replicas 20", { maxReplicas: 20 }],
    ["3 replicas when quiet, at most 12 replicas", { replicas: 3, maxReplicas: 12 }],
  ])("reads %j", (text, expected) => {
    expect(extractCharacteristicValues(text, replicaFields)).toEqual(expected);
  });
});

describe("extractCharacteristicValues", () => {
  const cases: [string, Record<string, unknown>][] = [
    ["64 sensors at 1000 Hz", { sensorCount: 64, samplingRateHz: 1000 }],
    ["sampling at 1 kHz with 32 geophones", { samplingRateHz: 1000, sensorCount: 32 }],
    ["run it for 3 months", { orderDuration: 90 }],
    ["tags with UWB", { positioningTechnology: "UWB" }],
    ["rfid tags please", { positioningTechnology: "RFID" }],
    ["with a GPU", { gpuEnabled: true }],
    ["without GPU", { gpuEnabled: false }],
    ["refresh every 2 hours", { refreshInterval: 120 }],
    ["1,000 sensors", { sensorCount: 1000 }],
    ["geophones in the drift, 48 of them", { sensorCount: 48 }],
    ["nothing to read here", {}],
    ["BLE, not UWB", { positioningTechnology: "BLE" }],
    ["UWB instead of BLE", { positioningTechnology: "UWB" }],
  ];
  it.each(cases)("reads %j", (text, expected) => {
    expect(extractCharacteristicValues(text, fields)).toEqual(expected);
  });

  it("keeps a value outside the limits for validation", () => {
    expect(extractCharacteristicValues("9000 sensors", fields)).toEqual({ sensorCount: 9000 });
  });
});

describe("readFieldAnswer", () => {
  const sensorCount = fields[0]!;
  const technology = fields[3]!;
  const gpu = fields[4]!;

  it("accepts the default", () => {
    expect(readFieldAnswer("default", sensorCount)).toEqual({ kind: "default" });
    expect(readFieldAnswer("OK", sensorCount)).toEqual({ kind: "default" });
  });

  it("accepts defaults for the rest", () => {
    expect(readFieldAnswer("use the defaults for the rest", sensorCount)).toEqual({ kind: "allDefaults" });
  });

  it("reads a bare number", () => {
    expect(readFieldAnswer("48", sensorCount)).toEqual({ kind: "value", value: 48 });
  });

  it("reads an enumerated value by prefix", () => {
    expect(readFieldAnswer("uw", technology)).toEqual({ kind: "value", value: "UWB" });
  });

  it("reads yes and no", () => {
    expect(readFieldAnswer("no", gpu)).toEqual({ kind: "value", value: false });
    expect(readFieldAnswer("yes please", gpu)).toEqual({ kind: "value", value: true });
  });

  it("reports an unclear answer", () => {
    expect(readFieldAnswer("what do you mean?", sensorCount)).toEqual({ kind: "unclear" });
  });
});
