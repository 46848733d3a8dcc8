import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { migrationStatus, withDatabase } from "./migrate";
import * as schema from "./schema/do";
import { createTestDatabase, stopTestServer } from "./testing";

afterAll(stopTestServer);

describe("component database", () => {
  it("applies the DO migrations and stores a TMF document", async () => {
    const test = await createTestDatabase("do", schema);
    try {
      await test.db.insert(schema.serviceCatalog).values({
        id: "c1",
        href: "/tmf-api/serviceCatalogManagement/v4/serviceCatalog/c1",
        name: "Mining",
        document: { id: "c1", name: "Mining" },
      });
      const [row] = await test.db.select().from(schema.serviceCatalog).where(eq(schema.serviceCatalog.id, "c1"));
      expect(row?.document).toEqual({ id: "c1", name: "Mining" });
      expect(row?.lastUpdate).toBeInstanceOf(Date);
    } finally {
      await test.drop();
    }
  });

  it("reports a migrated database as current", async () => {
    const test = await createTestDatabase("do", schema);
    try {
      const status = await migrationStatus("do", test.url);
      expect(status.expected).toBeGreaterThan(0);
      expect(status.applied).toBe(status.expected);
    } finally {
      await test.drop();
    }
  });

  it("reports a database without migrations as behind", async () => {
    const test = await createTestDatabase("do", schema);
    try {
      const empty = withDatabase(test.url, "postgres");
      const status = await migrationStatus("do", empty);
      expect(status.applied).toBe(0);
      expect(status.expected).toBeGreaterThan(0);
    } finally {
      await test.drop();
    }
  });
});
