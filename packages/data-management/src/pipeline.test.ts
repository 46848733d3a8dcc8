import { describe, expect, it } from "vitest";
import type { Entity } from "./entity";
import { pipelineSchema, runPipeline } from "./pipeline";

function reading(id: string, observedAt: string, values: Record<string, number>): Entity {
  const entity: Entity = { id: `urn:ngsi-ld:WeatherObserved:${id}`, type: "WeatherObserved" };
  for (const [name, value] of Object.entries(values)) entity[name] = { type: "Property", value, observedAt };
  return entity;
}

describe("pipeline steps", () => {
  const batch = [
    reading("s1", "2026-05-01T10:00:00Z", { temp: 20, humidity: 55, wind: 3 }),
    reading("s1", "2026-05-01T10:20:00Z", { temp: 22, humidity: 60, wind: 5 }),
    reading("s2", "2026-05-01T10:10:00Z", { temp: 400, humidity: 50, wind: 1 }),
  ];

  it("select keeps only the listed attributes", () => {
    const { entities } = runPipeline(batch, [{ step: "select", attributes: ["temp"] }]);
    expect(Object.keys(entities[0]!).sort()).toEqual(["id", "temp", "type"]);
  });

  it("rename moves the value to the new name", () => {
    const { entities } = runPipeline(batch, [{ step: "rename", attributes: { temp: "temperature" } }]);
    expect(entities[0]!.temperature).toMatchObject({ value: 20 });
    expect(entities[0]!.temp).toBeUndefined();
  });

  it("convertUnit converts and sets unitCode", () => {
    const { entities } = runPipeline(batch, [{ step: "convertUnit", attribute: "temp", from: "CEL", to: "FAH" }]);
    expect(entities[0]!.temp).toMatchObject({ value: 68, unitCode: "FAH" });
  });

  it("convertUnit leaves a value in another unit alone", () => {
    const kelvin: Entity = { id: "urn:x:1", type: "T", temp: { type: "Property", value: 300, unitCode: "KEL" } };
    const { entities } = runPipeline([kelvin], [{ step: "convertUnit", attribute: "temp", from: "CEL", to: "FAH" }]);
    expect(entities[0]!.temp).toMatchObject({ value: 300, unitCode: "KEL" });
  });

  it("dropOutOfRange drops the value and reports it", () => {
    const { entities, rejections } = runPipeline(batch, [{ step: "dropOutOfRange", attribute: "temp", min: -40, max: 60 }]);
    expect(entities).toHaveLength(3);
    expect(entities[2]!.temp).toBeUndefined();
    expect(entities[2]!.humidity).toMatchObject({ value: 50 });
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.index).toBe(2);
    expect(rejections[0]!.reason).toContain("temp 400 is outside [-40, 60]");
  });

  it("rejects an entity left without attributes", () => {
    const { entities, rejections } = runPipeline(batch, [
      { step: "select", attributes: ["temp"] },
      { step: "dropOutOfRange", attribute: "temp", min: -40, max: 60 },
    ]);
    expect(entities).toHaveLength(2);
    expect(rejections.map((rejection) => rejection.reason)).toEqual([expect.stringContaining("outside"), expect.stringContaining("no attributes left")]);
  });

  it("aggregate averages per entity and window", () => {
    const { entities } = runPipeline(batch, [{ step: "aggregate", windowSeconds: 3600, function: "avg", attributes: ["temp", "humidity"] }]);
    const s1 = entities.find((entity) => entity.id.endsWith("s1"))!;
    expect(entities).toHaveLength(2);
    expect(s1.temp).toMatchObject({ value: 21, observedAt: "2026-05-01T10:00:00.000Z" });
    expect(s1.humidity).toMatchObject({ value: 57.5 });
    // Attributes outside the aggregation keep their last value in the window.
    expect(s1.wind).toMatchObject({ value: 5, observedAt: "2026-05-01T10:00:00.000Z" });
  });

  it("aggregate max and count", () => {
    const max = runPipeline(batch, [{ step: "aggregate", windowSeconds: 3600, function: "max", attributes: ["temp"] }]);
    const count = runPipeline(batch, [{ step: "aggregate", windowSeconds: 3600, function: "count", attributes: ["temp"] }]);
    expect(max.entities[0]!.temp).toMatchObject({ value: 22 });
    expect(count.entities[0]!.temp).toMatchObject({ value: 2 });
  });

  it("aggregate splits windows", () => {
    const { entities } = runPipeline(batch, [{ step: "aggregate", windowSeconds: 600, function: "sum", attributes: ["temp"] }]);
    expect(entities.filter((entity) => entity.id.endsWith("s1"))).toHaveLength(2);
  });

  it("aggregate rejects records without observedAt", () => {
    const untimed: Entity = { id: "urn:x:1", type: "T", temp: { type: "Property", value: 3 } };
    const { entities, rejections } = runPipeline([untimed], [{ step: "aggregate", windowSeconds: 60, function: "avg", attributes: ["temp"] }]);
    expect(entities).toHaveLength(0);
    expect(rejections[0]!.reason).toContain("no observedAt");
  });

  it("steps compose in order", () => {
    const { entities } = runPipeline(batch, [
      { step: "dropOutOfRange", attribute: "temp", min: -40, max: 60 },
      { step: "convertUnit", attribute: "temp", from: "CEL", to: "KEL" },
      { step: "rename", attributes: { temp: "temperature" } },
      { step: "select", attributes: ["temperature"] },
    ]);
    expect(entities.map((entity) => (entity.temperature as { value: number }).value)).toEqual([293.15, 295.15]);
  });
});

describe("pipelineSchema", () => {
  it.each([
    [[{ step: "convertUnit", attribute: "t", from: "CEL", to: "KPA" }], "no conversion"],
    [[{ step: "dropOutOfRange", attribute: "t", min: 5, max: 1 }], "min must not exceed max"],
    [[{ step: "select", attributes: [] }], "select"],
    [[{ step: "explode" }], "step"],
    [[{ step: "aggregate", windowSeconds: 0, function: "avg", attributes: ["t"] }], "windowSeconds"],
  ])("rejects %j", (steps, expected) => {
    const parsed = pipelineSchema.safeParse(steps);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(expected === "select" ? "too_small" : expected);
  });
});
