import { describe, expect, it } from "vitest";
import { TmfError } from "./errors";
import { parseListQuery, selectFields } from "./query";

describe("parseListQuery", () => {
  it("reads paging, fields, sort and filters", () => {
    const query = parseListQuery(new URLSearchParams("offset=20&limit=5&fields=name,state&sort=-lastUpdate,name&state=completed,failed&category.id=c1"));
    expect(query.offset).toBe(20);
    expect(query.limit).toBe(5);
    expect(query.fields).toEqual(["name", "state"]);
    expect(query.sort).toEqual([
      { path: ["lastUpdate"], descending: true },
      { path: ["name"], descending: false },
    ]);
    expect(query.filters).toEqual([
      { path: ["state"], operator: "eq", values: ["completed", "failed"] },
      { path: ["category", "id"], operator: "eq", values: ["c1"] },
    ]);
  });

  it.each([
    ["lastUpdate.gt=2026-01-01", { path: ["lastUpdate"], operator: "gt", values: ["2026-01-01"] }],
    ["price.value.lte=100", { path: ["price", "value"], operator: "lte", values: ["100"] }],
    ["lastUpdate>=2026-01-01", { path: ["lastUpdate"], operator: "gte", values: ["2026-01-01"] }],
    ["quantity<=5", { path: ["quantity"], operator: "lte", values: ["5"] }],
  ])("reads the operator of %s", (search, filter) => {
    expect(parseListQuery(new URLSearchParams(search)).filters).toEqual([filter]);
  });

  it("uses defaults without parameters", () => {
    const query = parseListQuery(new URLSearchParams(""));
    expect(query).toEqual({ offset: 0, limit: 100, fields: undefined, sort: [], filters: [] });
  });

  it.each([
    ["offset=-1", "offset"],
    ["limit=abc", "limit"],
    ["limit=5000", "limit"],
    ["name')or(1=1=x", "invalid attribute path"],
    ["sort=na%22me", "invalid attribute path"],
  ])("rejects %s", (search, fragment) => {
    expect(() => parseListQuery(new URLSearchParams(search))).toThrowError(TmfError);
    expect(() => parseListQuery(new URLSearchParams(search))).toThrowError(new RegExp(fragment));
  });
});

describe("selectFields", () => {
  it("keeps id, href and @type beside the requested attributes", () => {
    const document = { id: "1", href: "/x/1", "@type": "ServiceOrder", state: "completed", note: [], description: "d" };
    expect(selectFields(document, ["state"])).toEqual({ id: "1", href: "/x/1", "@type": "ServiceOrder", state: "completed" });
  });

  it("returns the whole document without fields", () => {
    const document = { id: "1", href: "/x/1", name: "n" };
    expect(selectFields(document, undefined)).toBe(document);
  });
});
