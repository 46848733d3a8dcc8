import { describe, expect, it } from "vitest";
import { continueTrace, currentTrace, formatTraceparent, parseTraceparent, startSpan, traceparentForLater, withTrace } from "./trace";

const header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

describe("traceparent", () => {
  it("parses and formats version 00", () => {
    const context = parseTraceparent(header);
    expect(context).toEqual({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", flags: "01" });
    expect(formatTraceparent(context!)).toBe(header);
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["another version", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
    ["a short trace id", "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01"],
    ["an all-zero trace id", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"],
    ["an all-zero span id", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"],
    ["non-hex digits", "00-4bf92f3577b34da6a3ce929d0e0e47zz-00f067aa0ba902b7-01"],
  ])("ignores %s", (_case, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });
});

describe("trace context", () => {
  it("starts child spans in the parent's trace", () => {
    const parent = parseTraceparent(header)!;
    const child = startSpan(parent);
    expect(child.traceId).toBe(parent.traceId);
    expect(child.spanId).not.toBe(parent.spanId);
    expect(child.spanId).toMatch(/^[0-9a-f]{16}$/);
  });

  it("starts a new trace without a parent", () => {
    const first = startSpan();
    const second = startSpan();
    expect(first.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(first.traceId).not.toBe(second.traceId);
  });

  it("is visible inside the work and across awaits only", async () => {
    const span = startSpan();
    expect(currentTrace()).toBeUndefined();
    await withTrace(span, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(currentTrace()).toBe(span);
    });
    expect(currentTrace()).toBeUndefined();
  });

  it("continues a stored trace in a new span", async () => {
    const stored = withTrace(parseTraceparent(header)!, () => traceparentForLater());
    expect(stored).toBe(header);
    const continued = await continueTrace(stored, async () => currentTrace());
    expect(continued?.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(continued?.spanId).not.toBe("00f067aa0ba902b7");
  });

  it("stores a new trace for work placed outside one", () => {
    expect(parseTraceparent(traceparentForLater())).toBeDefined();
  });
});
