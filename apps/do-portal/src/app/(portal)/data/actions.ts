"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import {
  changePipeline,
  createConnector,
  generateToken,
  revokeGrant,
  runPullConnector,
  sha256Hex,
  uploadCsv,
  type IngestResult,
} from "@cop-pilot/data-management";
import { TmfError } from "@cop-pilot/tmf-server";
import { createDomainDataset } from "@/server/data/datasets";
import { dataNotifier } from "@/server/data/ngsi-ld";
import { readSharedEntities, type SharedEntityRow } from "@/server/data/shared";
import { db } from "@/server/db";
import { currentDomain } from "@/server/domain";
import { requirePortalUser, requireUser } from "@/server/session";

export type FormState = { error?: string; message?: string };

/** State of a form that shows its submitted values again after a failure, because React resets a form once its action ends. */
export type RetainedFormState = FormState & {
  values?: Record<string, string>;
  /** Number of failed submissions, a key that makes the fields take `values` again. */
  attempt?: number;
};

const datasetFields = ["title", "entityType", "description", "keywords", "spatialName", "startDate", "license", "publisher", "accrualPeriodicity", "pipeline"];

/** Returns the text fields of a submitted form by name; files and missing fields are left out. */
function submittedValues(form: FormData, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => {
    const value = form.get(name);
    return typeof value === "string" ? [[name, value]] : [];
  }));
}

/** Turns an expected failure into a form message; anything else is a bug and propagates. */
function messageOf(error: unknown): string {
  if (error instanceof TmfError) return error.message;
  if (error instanceof SyntaxError) return `Invalid JSON: ${error.message}`;
  throw error;
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}

function optionalJson(form: FormData, name: string): unknown {
  const value = text(form, name);
  return value === "" ? undefined : (JSON.parse(value) as unknown);
}

function summary(result: IngestResult): string {
  const rejected = result.rejections.length === 0 ? "none rejected" : `${result.rejections.length} rejected (listed below)`;
  return `${result.storedRecords} records of ${result.written.length} entities stored, ${rejected}.`;
}

/** Creates a dataset and publishes its DaaS specification. */
export async function createDatasetAction(state: RetainedFormState, form: FormData): Promise<RetainedFormState> {
  await requireUser(["domainOwner"], "/data");
  let id: string;
  try {
    const keywords = text(form, "keywords")
      .split(",")
      .map((keyword) => keyword.trim())
      .filter(Boolean);
    const spatialName = text(form, "spatialName");
    const startDate = text(form, "startDate");
    const dataset = await createDomainDataset({
      entityType: text(form, "entityType"),
      title: text(form, "title"),
      description: {
        description: text(form, "description"),
        keywords,
        spatial: spatialName ? { name: spatialName } : undefined,
        temporal: startDate ? { startDate } : undefined,
        license: text(form, "license"),
        publisher: text(form, "publisher") || currentDomain().name,
        accrualPeriodicity: text(form, "accrualPeriodicity") as "hourly",
      },
      pipeline: (optionalJson(form, "pipeline") ?? []) as never,
    });
    id = dataset.id;
  } catch (error) {
    return { error: messageOf(error), values: submittedValues(form, datasetFields), attempt: (state.attempt ?? 0) + 1 };
  }
  revalidatePath("/data");
  redirect(`/data/${id}`);
}

const connectorKind = z.enum(["ngsi-ld", "http-pull", "csv"]);

/** Adds a connector to a dataset. A push connector's token is returned once, in the message. */
export async function addConnectorAction(_state: FormState, form: FormData): Promise<FormState> {
  await requireUser(["domainOwner"], "/data");
  const datasetId = text(form, "datasetId");
  try {
    const kind = connectorKind.parse(text(form, "kind"));
    const name = text(form, "name");
    let created;
    if (kind === "ngsi-ld") created = await createConnector(db(), { kind, datasetId, name });
    else if (kind === "csv") {
      created = await createConnector(db(), {
        kind,
        datasetId,
        name,
        config: {
          idColumn: text(form, "idColumn") || undefined,
          idPrefix: text(form, "idPrefix") || undefined,
          timeColumn: text(form, "timeColumn") || undefined,
          columns: optionalJson(form, "columns") as never,
        },
      });
    } else {
      created = await createConnector(db(), {
        kind,
        datasetId,
        name,
        config: {
          url: text(form, "url"),
          intervalSeconds: Number(text(form, "intervalSeconds") || "300"),
          recordsPath: text(form, "recordsPath"),
          idField: text(form, "idField") || undefined,
          idPrefix: text(form, "idPrefix") || undefined,
          timeField: text(form, "timeField") || undefined,
          fields: optionalJson(form, "fields") as never,
        },
      });
    }
    revalidatePath(`/data/${datasetId}`);
    if (created.token) return { message: `Push connector "${name}" added. Its bearer token, shown only now: ${created.token}` };
    return { message: `Connector "${name}" added.` };
  } catch (error) {
    if (error instanceof z.ZodError) return { error: "Choose the kind of connector" };
    return { error: messageOf(error) };
  }
}

/** Ingests an uploaded CSV file through a CSV connector. */
export async function uploadCsvAction(_state: FormState, form: FormData): Promise<FormState> {
  await requireUser(["domainOwner"], "/data");
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { error: "Choose a CSV file to upload" };
  try {
    const result = await uploadCsv(db(), text(form, "connectorId"), await file.text(), dataNotifier());
    revalidatePath(`/data/${text(form, "datasetId")}`);
    return { message: `${file.name}: ${summary(result)}` };
  } catch (error) {
    return { error: messageOf(error) };
  }
}

/** Runs a pull connector now, without waiting for its interval. */
export async function runPullAction(_state: FormState, form: FormData): Promise<FormState> {
  await requireUser(["domainOwner"], "/data");
  try {
    const result = await runPullConnector(db(), text(form, "connectorId"), dataNotifier());
    revalidatePath(`/data/${text(form, "datasetId")}`);
    return { message: summary(result) };
  } catch (error) {
    if (error instanceof TmfError) return { error: error.message };
    return { error: `Pull failed: ${(error as Error).message}` };
  }
}

/** Replaces a dataset's pipeline. */
export async function changePipelineAction(_state: FormState, form: FormData): Promise<FormState> {
  await requireUser(["domainOwner"], "/data");
  const datasetId = text(form, "datasetId");
  try {
    await changePipeline(db(), datasetId, optionalJson(form, "pipeline") ?? []);
  } catch (error) {
    return { error: messageOf(error) };
  }
  revalidatePath(`/data/${datasetId}`);
  return { message: "Pipeline saved; it applies to records received from now on." };
}

/** Revokes a consumer's access grant before its service ends. */
export async function revokeGrantAction(form: FormData): Promise<void> {
  const user = await requireUser(["domainOwner"], "/data");
  await revokeGrant(db(), text(form, "grantId"), `Revoked in the portal by ${user.email}`);
  revalidatePath(`/data/${text(form, "datasetId")}`);
}

export type TokenState = { token?: string; sha256?: string };

/** Generates a bearer token for ordering another domain's dataset. Nothing is stored: the user keeps the token. */
export async function generateTokenAction(): Promise<TokenState> {
  await requirePortalUser("/data/shared");
  const token = generateToken();
  return { token, sha256: sha256Hex(token) };
}

/** Result of a read, with the endpoint and type sent back so that the form keeps them; the token is not sent back. */
export type SharedState = { error?: string; rows?: SharedEntityRow[]; total?: number; endpoint?: string; entityType?: string };

/** Reads entities of another domain's dataset with the token of an order. */
export async function readSharedAction(_state: SharedState, form: FormData): Promise<SharedState> {
  await requirePortalUser("/data/shared");
  const kept = { endpoint: text(form, "endpoint"), entityType: text(form, "entityType") };
  try {
    return { ...kept, ...(await readSharedEntities({ ...kept, token: text(form, "token") })) };
  } catch (error) {
    return { ...kept, error: messageOf(error) };
  }
}
