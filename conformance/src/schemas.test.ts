import { describe, expect, it } from "vitest";
import { createSchemaRecorder, readOfficialSchemas } from "./schemas";

const base = "http://127.0.0.1:39610/tmf-api/serviceCatalogManagement/v4";
const catalog = { id: "c1", href: `${base}/serviceCatalog/c1`, name: "Catalogue", lastUpdate: "2026-01-02T03:04:05.678Z", "@type": "ServiceCatalog" };

function get(path: string): Request {
  return new Request(`${base}${path}`);
}

describe("official schema fixture", () => {
  it("covers the four specifications", () => {
    const schemas = readOfficialSchemas();

    expect(Object.keys(schemas.apis).sort()).toEqual(["TMF633", "TMF634", "TMF639", "TMF641"]);
    expect(Object.keys(schemas.apis.TMF641!.operations)).toContain("POST /cancelServiceOrder");
    expect(Object.keys(schemas.apis.TMF634!.operations)).toContain("DELETE /resourceCandidate/{id}");
  });
});

describe("createSchemaRecorder", () => {
  it("accepts a valid catalogue", async () => {
    const recorder = createSchemaRecorder();

    expect(await recorder.check(get("/serviceCatalog/c1"), Response.json(catalog))).toBeUndefined();
    expect(await recorder.check(get("/serviceCatalog"), Response.json([catalog]))).toBeUndefined();
  });

  it("reports attributes of the wrong type", async () => {
    const recorder = createSchemaRecorder();

    const violation = await recorder.check(get("/serviceCatalog/c1"), Response.json({ ...catalog, name: 7, lastUpdate: "yesterday" }));

    expect(violation?.errors.sort()).toEqual(['/lastUpdate must match format "date-time"', "/name must be string"]);
    expect(recorder.violations).toHaveLength(1);
  });

  it("reports a status the operation does not define", async () => {
    const recorder = createSchemaRecorder();

    const violation = await recorder.check(get("/serviceCatalog/c1"), Response.json(catalog, { status: 202 }));

    expect(violation?.errors[0]).toContain("status 202");
  });

  it("accepts a delete without a body", async () => {
    const recorder = createSchemaRecorder();

    const violation = await recorder.check(new Request(`${base}/serviceCatalog/c1`, { method: "DELETE" }), new Response(null, { status: 204 }));

    expect(violation).toBeUndefined();
    expect(recorder.exercised.has("TMF633 DELETE /serviceCatalog/{id}")).toBe(true);
  });

  it("rejects a path outside the specifications", async () => {
    const recorder = createSchemaRecorder();

    await expect(recorder.check(new Request("http://127.0.0.1:1/tmf-api/party/v4/individual"), Response.json([]))).rejects.toThrow("matches no operation");
  });

  it("lists the operations not yet exercised", async () => {
    const recorder = createSchemaRecorder();
    await recorder.check(get("/serviceCatalog"), Response.json([catalog]));
    await recorder.check(get("/serviceCatalog/missing"), Response.json({ code: "notFound", reason: "Not found" }, { status: 404 }));

    expect(recorder.missing({ TMF633: ["serviceCatalog"] }).sort()).toEqual([
      "TMF633 DELETE /serviceCatalog/{id}",
      "TMF633 GET /serviceCatalog/{id}",
      "TMF633 PATCH /serviceCatalog/{id}",
      "TMF633 POST /serviceCatalog",
    ]);
  });
});
