import type { Domain } from "@cop-pilot/service-library";
import { TmfError, type Db } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { toDaasSpecification } from "./daas";
import { datasetDescriptionSchema } from "./dcat";
import { entityTypeSchema } from "./entity";
import { pipelineSchema } from "./pipeline";
import { insertDataset, updateDataset, type Dataset } from "./store";

export const datasetCreateSchema = z.object({
  entityType: entityTypeSchema,
  title: z.string().trim().min(1, "title is missing").max(200),
  description: datasetDescriptionSchema,
  pipeline: pipelineSchema.default([]),
});

export type DatasetCreate = z.input<typeof datasetCreateSchema>;

/** Publishes a TMF633 serviceSpecification in the domain's catalogue and returns its id. */
export type SpecificationPublisher = (tx: Db, body: ReturnType<typeof toDaasSpecification>) => Promise<{ id: string }>;

/**
 * Creates a dataset and publishes its Data-as-a-Service specification in the
 * domain's TMF633 catalogue, in one transaction, so that a dataset is never
 * left without its specification.
 */
export async function createDataset(db: Db, input: DatasetCreate, domain: Domain, publish: SpecificationPublisher): Promise<Dataset> {
  const parsed = datasetCreateSchema.safeParse(input);
  if (!parsed.success) {
    throw new TmfError("invalidBody", parsed.error.issues.map((issue) => `${issue.path.join(".") || "dataset"}: ${issue.message}`).join("; "));
  }
  return db.transaction(async (tx) => {
    const dataset = await insertDataset(tx, parsed.data);
    const specification = await publish(tx, toDaasSpecification(dataset, domain));
    await updateDataset(tx, dataset.id, { serviceSpecificationId: specification.id });
    return { ...dataset, serviceSpecificationId: specification.id };
  });
}

/** Replaces a dataset's pipeline; it applies to records received from now on. */
export async function changePipeline(db: Db, datasetId: string, steps: unknown): Promise<void> {
  const parsed = pipelineSchema.safeParse(steps);
  if (!parsed.success) {
    throw new TmfError("invalidBody", parsed.error.issues.map((issue) => `pipeline.${issue.path.join(".")}: ${issue.message}`).join("; "));
  }
  await updateDataset(db, datasetId, { pipeline: parsed.data });
}
