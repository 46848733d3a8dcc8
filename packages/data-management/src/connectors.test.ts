import { describe, expect, it } from "vitest";
import { csvMappingSchema, csvToEntities, parseCsv } from "./csv";
import { parseEntity } from "./entity";
import { pullConfigSchema, pulledDocumentToEntities } from "./pull";
import { outboundUrlProblem } from "./url-policy";
import { parseQueryFilter } from "./query";

describe("parseEntity", () => {
  const good = {
    id: "urn:ngsi-ld:BiogasReading:digester-1",
    type: "BiogasReading",
    "@context": "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld",
    temperature: { type: "Property", value: 38.5, unitCode: "CEL", observedAt: "2026-05-01T10:00:00Z" },
    location: { type: "GeoProperty", value: { type: "Point", coordinates: [20.75, 38.96] } },
    partOf: { type: "Relationship", object: "urn:ngsi-ld:BiogasPlant:preveza" },
  };

  it("accepts a normalized entity and drops @context", () => {
    const parsed = parseEntity(good);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.entity["@context"]).toBeUndefined();
  });

  it.each([
    ["null", null, "JSON object"],
    ["an array", [good], "JSON object"],
    ["an id that is not a URI", { ...good, id: "digester 1" }, "id:"],
    ["an empty type", { ...good, type: "" }, "type:"],
    ["a bare value", { ...good, temperature: 38.5 }, "temperature"],
    ["a Property without value", { ...good, temperature: { type: "Property" } }, "temperature.value"],
    ["an invalid observedAt", { ...good, temperature: { type: "Property", value: 1, observedAt: "yesterday" } }, "temperature.observedAt"],
    ["a longitude out of range", { ...good, location: { type: "GeoProperty", value: { type: "Point", coordinates: [200, 10] } } }, "location"],
    ["a Relationship to a non-URI", { ...good, partOf: { type: "Relationship", object: "not a uri" } }, "partOf.object"],
    ["an invalid attribute name", { ...good, "bad-name": { type: "Property", value: 1 } }, 'attribute "bad-name"'],
    ["no attributes", { id: good.id, type: good.type }, "no attributes"],
  ])("rejects %s", (_label, record, expected) => {
    const parsed = parseEntity(record);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(expected);
  });
});

describe("CSV connector", () => {
  const mapping = csvMappingSchema.parse({
    idColumn: "station",
    idPrefix: "urn:ngsi-ld:VineyardWeather:",
    timeColumn: "time",
    columns: { temp_c: { attribute: "temperature", unitCode: "CEL" }, soil: { attribute: "soilMoisture" } },
  });

  it("parses quoted fields, doubled quotes and CRLF", () => {
    const table = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n\r\n1,2');
    expect(table.header).toEqual(["a", "b"]);
    expect(table.rows).toEqual([
      ["x, y", 'say "hi"'],
      ["1", "2"],
    ]);
  });

  it("turns good lines into entities", () => {
    const { entities, rejections } = csvToEntities("station,time,temp_c,soil\nDV-01,2026-05-01T10:00:00Z,18.5,0.31\n", "VineyardWeather", mapping);
    expect(rejections).toEqual([]);
    expect(entities).toEqual([
      {
        id: "urn:ngsi-ld:VineyardWeather:DV-01",
        type: "VineyardWeather",
        temperature: { type: "Property", value: 18.5, observedAt: "2026-05-01T10:00:00.000Z", unitCode: "CEL" },
        soilMoisture: { type: "Property", value: 0.31, observedAt: "2026-05-01T10:00:00.000Z" },
      },
    ]);
  });

  it("rejects malformed lines with reasons and keeps the rest", () => {
    const text = [
      "station,time,temp_c,soil",
      "DV-01,2026-05-01T10:00:00Z,18.5,0.31",
      ",2026-05-01T10:00:00Z,18.5,0.31",
      "DV-02,01/05/2026,18.5,0.31",
      "DV-03,2026-05-01T10:00:00Z,warm,0.31",
      "DV-04,2026-05-01T10:00:00Z,18.5",
      "DV-05,2026-05-01T10:00:00Z,,",
    ].join("\n");
    const { entities, indexes, rejections } = csvToEntities(text, "VineyardWeather", mapping);
    expect(entities).toHaveLength(1);
    expect(indexes).toEqual([0]);
    expect(rejections.map((rejection) => [rejection.index, rejection.reason])).toEqual([
      [1, expect.stringContaining("valid entity id")],
      [2, expect.stringContaining("not an ISO 8601")],
      [3, 'temp_c "warm" is not a number'],
      [4, "has 3 fields, the header has 4"],
      [5, "has no values"],
    ]);
  });

  it("refuses a file without the mapped columns", () => {
    expect(() => csvToEntities("id,value\nx,1", "VineyardWeather", mapping)).toThrow(/lacks the column/);
    expect(() => csvToEntities("", "VineyardWeather", mapping)).toThrow("The CSV is empty; its first line must name the columns");
  });

  it("refuses an unterminated quote", () => {
    expect(() => parseCsv('a\n"open')).toThrow(/quoted field/);
  });
});

describe("pull connector", () => {
  const config = pullConfigSchema.parse({
    url: "http://127.0.0.1:48600/readings",
    recordsPath: "data.readings",
    idField: "sensor",
    idPrefix: "urn:ngsi-ld:IndoorEnvironment:",
    timeField: "ts",
    fields: { "values.co2": { attribute: "co2", unitCode: "59" }, "values.temp": { attribute: "temperature" } },
  });
  const pulledAt = new Date("2026-05-01T12:00:00Z");

  it("maps nested fields into entities", () => {
    const document = { data: { readings: [{ sensor: "b1-f2", ts: "2026-05-01T11:59:00Z", values: { co2: 612, temp: 22.4 } }] } };
    const { entities, rejections } = pulledDocumentToEntities(document, "IndoorEnvironment", config, pulledAt);
    expect(rejections).toEqual([]);
    expect(entities[0]).toMatchObject({
      id: "urn:ngsi-ld:IndoorEnvironment:b1-f2",
      co2: { type: "Property", value: 612, unitCode: "59", observedAt: "2026-05-01T11:59:00.000Z" },
      temperature: { value: 22.4 },
    });
  });

  it("rejects records that do not fit the mapping", () => {
    const document = {
      data: {
        readings: [
          { ts: "2026-05-01T11:59:00Z", values: { co2: 1 } },
          { sensor: "a", ts: "noon", values: { co2: 1 } },
          { sensor: "b", ts: "2026-05-01T11:59:00Z", values: { co2: { ppm: 1 } } },
          { sensor: "c", ts: "2026-05-01T11:59:00Z", other: 1 },
        ],
      },
    };
    const { entities, rejections } = pulledDocumentToEntities(document, "IndoorEnvironment", config, pulledAt);
    expect(entities).toEqual([]);
    expect(rejections.map((rejection) => rejection.reason)).toEqual([
      expect.stringContaining("(missing) does not give a valid entity id"),
      expect.stringContaining("not an ISO 8601"),
      "values.co2 is an object, not a number, string or boolean",
      expect.stringContaining("has none of the mapped fields"),
    ]);
  });

  it("refuses a reply without the records array", () => {
    expect(() => pulledDocumentToEntities({ data: {} }, "IndoorEnvironment", config, pulledAt)).toThrow(/not a JSON array/);
  });

  it.each([
    ["http://169.254.169.254/latest/meta-data/", "link-local"],
    ["http://metadata.google.internal/computeMetadata/v1/", "metadata host"],
    ["http://[fe80::1]/x", "link-local"],
    ["http://[::ffff:169.254.169.254]/x", "link-local"],
    ["http://0.0.0.0/x", "link-local"],
    ["file:///etc/passwd", "http or https"],
    ["http://user:secret@127.0.0.1/x", "user name"],
    ["not a url", "absolute URL"],
  ])("rejects the pull URL %s", (url, expected) => {
    expect(outboundUrlProblem(url)).toContain(expected);
    expect(pullConfigSchema.safeParse({ url, fields: { a: { attribute: "a" } } }).success).toBe(false);
  });

  it("accepts loopback and private addresses", () => {
    expect(outboundUrlProblem("http://127.0.0.1:48600/x")).toBeUndefined();
    expect(outboundUrlProblem("https://10.0.4.2/api")).toBeUndefined();
  });
});

describe("parseQueryFilter", () => {
  it("reads alternatives of conjunctions", () => {
    expect(parseQueryFilter('temperature>30;status=="alarm"|methane<45')).toEqual([
      [
        { path: ["temperature"], operator: ">", value: { kind: "single", value: 30 } },
        { path: ["status"], operator: "==", value: { kind: "single", value: "alarm" } },
      ],
      [{ path: ["methane"], operator: "<", value: { kind: "single", value: 45 } }],
    ]);
  });

  it("reads ranges, lists and existence", () => {
    expect(parseQueryFilter("ph==6.5..7.5")[0]![0]!.value).toEqual({ kind: "range", from: 6.5, to: 7.5 });
    expect(parseQueryFilter('zone=="a","b"')[0]![0]!.value).toEqual({ kind: "list", values: ["a", "b"] });
    expect(parseQueryFilter("location")[0]![0]).toEqual({ path: ["location"] });
  });

  it.each(["(a>1)", "a>>1", "1a==2", 'a~=5'])("rejects %s", (q) => {
    expect(() => parseQueryFilter(q)).toThrow();
  });
});
