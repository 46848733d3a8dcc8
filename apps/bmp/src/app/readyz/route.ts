import { sql } from "drizzle-orm";
import { databaseReadinessChecks } from "@cop-pilot/db";
import { readinessResponse } from "@cop-pilot/metrics";
import { env } from "@/env";
import { db } from "@/server/db";

export const dynamic = "force-dynamic";

// GET /readyz – readiness: the database is reachable and has every migration of this build applied.
export function GET() {
  return readinessResponse(databaseReadinessChecks("bmp", env().DATABASE_URL, () => db().execute(sql`select 1`)));
}
