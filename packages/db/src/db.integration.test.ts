import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
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
});
