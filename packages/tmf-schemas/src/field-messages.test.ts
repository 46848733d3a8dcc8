import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeFieldIssues, labelsByPath, readDecimal } from "./field-messages";

const sla = z.object({
  name: z.string().trim().min(1).max(200),
  availabilityTargetPercent: z.number().min(0).max(100).optional(),
  windowMinutes: z.number().int().min(1).max(1440).optional(),
});
const labels = labelsByPath({
  name: "Name",
  availabilityTargetPercent: { label: "Availability target", unit: "%" },
  windowMinutes: { label: "Window", unit: "minutes" },
});

function messageOf(input: unknown): string {
  const result = sla.safeParse(input);
  if (result.success) throw new Error("expected the input to be rejected");
  return describeFieldIssues(result.error, labels);
}

describe("describeFieldIssues", () => {
  it("names a number field by its label and unit", () => {
    expect(messageOf({ name: "x", availabilityTargetPercent: 101 })).toBe("Availability target must be at most 100 %");
  });

  it("asks for whole minutes", () => {
    expect(messageOf({ name: "x", windowMinutes: 1.5 })).toBe("Window must be a whole number of minutes");
  });

  it("gives a text limit in characters", () => {
    expect(messageOf({ name: "n".repeat(201) })).toBe("Name must be at most 200 characters");
  });

  it("says which number text is wrong", () => {
    expect(messageOf({ name: "x", windowMinutes: "0x10" })).toBe("Window must be a plain decimal number");
  });

  it("keeps a custom message after the label", () => {
    const schema = z.object({ items: z.array(z.object({ name: z.string().regex(/^[a-z]/, "must start with a letter") })) });
    const result = schema.safeParse({ items: [{ name: "1" }] });

    expect(describeFieldIssues(result.error!, (path) => `Characteristic ${Number(path[1]) + 1}: the name`)).toBe("Characteristic 1: the name must start with a letter");
  });
});

describe("readDecimal", () => {
  it.each([
    ["12", 12],
    ["-0.5", -0.5],
    [" 99.95 ", 99.95],
    ["", undefined],
    ["0x10", "0x10"],
    ["1e2", "1e2"],
    ["Infinity", "Infinity"],
  ])("reads %j as %j", (text, expected) => {
    expect(readDecimal(text)).toBe(expected);
  });
});
