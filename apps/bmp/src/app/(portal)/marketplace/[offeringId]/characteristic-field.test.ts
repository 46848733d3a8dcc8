import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { CharacteristicField } from "@/server/catalog/characteristics";
import { CharacteristicFormField } from "./characteristic-field";

/** Returns the tag of the element the label points at, or undefined when no element has the label's `for` id. */
function labelledControl(html: string): { tag: string; element: string } | undefined {
  const labelFor = /<label[^>]* for="([^"]+)"/.exec(html)?.[1];
  if (!labelFor) return undefined;
  const element = new RegExp(`<(input|select|textarea)[^>]* id="${labelFor.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"[^>]*>`).exec(html);
  return element ? { tag: element[1]!, element: element[0] } : undefined;
}

const fields: { kind: string; field: CharacteristicField; tag: string }[] = [
  { kind: "a range", field: { name: "replicas", valueType: "integer", mandatory: true, defaultValue: 1, min: 1, max: 10 }, tag: "input" },
  { kind: "an enumeration", field: { name: "samplingRateHz", valueType: "integer", mandatory: true, defaultValue: 500, allowedValues: [250, 500], unit: "Hz" }, tag: "select" },
  { kind: "a boolean", field: { name: "auxiliarySensorsEnabled", valueType: "boolean", mandatory: false, defaultValue: true }, tag: "select" },
  { kind: "a string", field: { name: "artifactVersion", valueType: "string", mandatory: true, defaultValue: "1.0.0" }, tag: "input" },
];

describe("CharacteristicFormField", () => {
  it.each(fields)("labels the control of $kind", ({ field, tag }) => {
    const html = renderToStaticMarkup(createElement(CharacteristicFormField, { field, value: String(field.defaultValue), error: "Must be at most 10" }));

    const control = labelledControl(html);
    expect(control?.tag).toBe(tag);
    expect(control?.element).toContain(`name="characteristic:${field.name}"`);
    expect(control?.element).toContain('aria-invalid="true"');
    expect(control?.element).toMatch(/aria-describedby="[^"]*-error"/);
  });

  it("names the label after the characteristic", () => {
    const html = renderToStaticMarkup(createElement(CharacteristicFormField, { field: fields[1]!.field, value: "500" }));
    expect(html).toMatch(/<label[^>]*>Sampling rate \(Hz\)<span aria-hidden="true"[^>]*>\*<\/span><\/label>/);
  });
});
