import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FormField } from "./form-field";
import { Input } from "./input";

describe("FormField", () => {
  it("binds label, description and error to the control", () => {
    const html = renderToStaticMarkup(
      createElement(FormField, {
        id: "offering-name",
        label: "Name",
        description: "Shown to customers",
        error: "Name is required",
        required: true,
        children: createElement(Input, { name: "name" }),
      }),
    );

    expect(html).toContain('for="offering-name"');
    expect(html).toContain('id="offering-name"');
    expect(html).toContain('aria-describedby="offering-name-description offering-name-error"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain("required");
    expect(html).toContain('id="offering-name-error"');
  });

  it("leaves a valid control without aria-invalid", () => {
    const html = renderToStaticMarkup(
      createElement(FormField, { label: "Name", children: createElement(Input, { name: "name" }) }),
    );

    expect(html).not.toContain('aria-invalid="');
    expect(html).not.toContain('aria-describedby="');
    const labelFor = /for="([^"]+)"/.exec(html)?.[1];
    expect(labelFor).toBeDefined();
    expect(html).toContain(`id="${labelFor}"`);
  });

  it("keeps the child's own id and description ids", () => {
    const html = renderToStaticMarkup(
      createElement(FormField, {
        label: "Region",
        description: "Where the domain runs",
        children: createElement(Input, { id: "region", "aria-describedby": "region-hint" }),
      }),
    );

    expect(html).toContain('for="region"');
    expect(html).toContain('aria-describedby="region-hint region-description"');
  });

  it("passes the attributes to a render function", () => {
    const html = renderToStaticMarkup(
      createElement(FormField, {
        id: "notes",
        label: "Notes",
        error: "Too long",
        children: (control) => createElement("textarea", control),
      }),
    );

    expect(html).toContain('<textarea id="notes" aria-describedby="notes-error" aria-invalid="true">');
  });
});
