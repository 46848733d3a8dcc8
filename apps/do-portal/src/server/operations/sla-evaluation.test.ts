import { describe, expect, it } from "vitest";
import { breachTransitions, evaluateSla, isWorse, percentile, type HealthSample } from "./sla-evaluation";

const healthy = (probeLatencyMs: number | null = 10): HealthSample => ({ healthy: true, probeLatencyMs });
const down: HealthSample = { healthy: false, probeLatencyMs: null };

describe("percentile", () => {
  it.each([
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
    [[42], 95, 42],
  ])("of %j at p%s is %s", (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it("is null for no values", () => {
    expect(percentile([], 95)).toBeNull();
  });
});

describe("evaluateSla", () => {
  it("meets both targets with healthy fast samples", () => {
    const result = evaluateSla([healthy(), healthy(12), healthy(8)], { availabilityTargetPercent: 99, latencyTargetMs: 50 });
    expect(result.availabilityPercent).toBe(100);
    expect(result.latencyP95Ms).toBe(12);
    expect(result.compliancePercent).toBe(100);
    expect(result.breachedMetrics).toEqual([]);
  });

  it("breaches availability when too many samples are down", () => {
    const samples = [healthy(), healthy(), healthy(), down];
    const result = evaluateSla(samples, { availabilityTargetPercent: 99, latencyTargetMs: null });
    expect(result.availabilityPercent).toBe(75);
    expect(result.compliancePercent).toBe(75);
    expect(result.breachedMetrics).toEqual(["availability"]);
  });

  it("breaches latency on the 95th percentile only", () => {
    const fast = Array.from({ length: 19 }, () => healthy(10));
    expect(evaluateSla([...fast, healthy(900)], { availabilityTargetPercent: null, latencyTargetMs: 100 }).breachedMetrics).toEqual([]);
    const slow = evaluateSla([...fast, healthy(900), healthy(900)], { availabilityTargetPercent: null, latencyTargetMs: 100 });
    expect(slow.breachedMetrics).toEqual(["latency"]);
    expect(slow.compliancePercent).toBeCloseTo(90.48, 2);
  });

  it("measures nothing without samples", () => {
    const result = evaluateSla([], { availabilityTargetPercent: 99, latencyTargetMs: 100 });
    expect(result.sampleCount).toBe(0);
    expect(result.availabilityPercent).toBeNull();
    expect(result.breachedMetrics).toEqual([]);
  });

  it("ignores latency without a latency target", () => {
    expect(evaluateSla([healthy(5000)], { availabilityTargetPercent: 90, latencyTargetMs: null }).compliancePercent).toBe(100);
  });
});

describe("breachTransitions", () => {
  const measured = (breachedMetrics: ("availability" | "latency")[]) => ({
    sampleCount: 4,
    availabilityPercent: 75,
    latencyP95Ms: 10,
    compliancePercent: 75,
    breachedMetrics,
  });

  it("starts a breach that is not open", () => {
    expect(breachTransitions([], measured(["availability"]))).toEqual({ start: ["availability"], end: [] });
  });

  it("keeps an open breach that continues", () => {
    expect(breachTransitions(["availability"], measured(["availability"]))).toEqual({ start: [], end: [] });
  });

  it("ends an open breach whose target is met", () => {
    expect(breachTransitions(["latency"], measured([]))).toEqual({ start: [], end: ["latency"] });
  });

  it("changes nothing without samples", () => {
    expect(breachTransitions(["latency"], { ...measured([]), sampleCount: 0 })).toEqual({ start: [], end: [] });
  });
});

describe("isWorse", () => {
  it("treats lower availability and higher latency as worse", () => {
    expect(isWorse("availability", 80, 90)).toBe(true);
    expect(isWorse("availability", 95, 90)).toBe(false);
    expect(isWorse("latency", 300, 200)).toBe(true);
  });
});
