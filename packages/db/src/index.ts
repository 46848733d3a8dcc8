export { createDatabase, type Database, type DatabaseOptions } from "./client";
export { ensureDatabase, migrateDatabase, migrationStatus, migrationsFolder, withDatabase, type Component } from "./migrate";
export { tmfResourceColumns, type TmfDocument } from "./schema/columns";
export * as doSchema from "./schema/do";
export * as esoSchema from "./schema/eso";
export * as bmpSchema from "./schema/bmp";
export { databaseReadinessChecks } from "./readiness";
export { jobSchema, migrateJobQueue } from "./job-queue";
