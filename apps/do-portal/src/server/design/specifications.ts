import "server-only";
import { eq } from "drizzle-orm";
import {
  describeDraftProblems,
  nextVersionOf,
  specificationDraftSchema,
  toServiceSpecification,
  transitionProblem,
  type LifecycleStatus,
} from "@cop-pilot/service-design";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { TmfError, findDocument, getDocument, insertDocument, newId, recordAudit, replaceDocument, type Db, type Principal, type TmfDocument } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { schema } from "../db";
import { apiEvents } from "../events";

// Writes of the service design workflow. Each one stores a plain TMF633
// ServiceSpecification, the same document the TMF633 API serves, and
// publishes the same events as a write through that API.

const { serviceSpecification } = schema;
const specificationType = "ServiceSpecification";
const publishEvent = apiEvents(tmfApiPaths.serviceCatalog, "changeEvent");

/** Roles that may design service specifications at a DO. */
export const designerRoles = ["domainOwner", "serviceDesigner"] as const;

function assertDesigner(principal: Principal): void {
  if (principal.kind === "apiClient") return;
  if (!(designerRoles as readonly string[]).includes(principal.role)) {
    throw new TmfError("forbidden", `Role ${principal.role} may not design service specifications; it takes ${designerRoles.join(" or ")}`);
  }
}

function columnsOf(document: Record<string, unknown>) {
  return { name: document.name, version: document.version ?? null, lifecycleStatus: document.lifecycleStatus ?? null };
}

async function insertSpecification(tx: Db, body: Record<string, unknown>, baseUrl: string): Promise<TmfDocument> {
  const id = newId();
  const document: TmfDocument = { ...body, id, href: `${baseUrl}${tmfApiPaths.serviceCatalog}/serviceSpecification/${id}` };
  const stored = await insertDocument(tx, serviceSpecification, document, columnsOf(document));
  await publishEvent({ kind: "create", type: specificationType, document: stored }, tx);
  return stored;
}

/** Checks that every specification a draft refers to is stored here, and that parts of a CFS are resource-facing. */
async function checkReferences(tx: Db, draft: z.infer<typeof specificationDraftSchema>): Promise<void> {
  const problems: string[] = [];
  if (draft.kind === "resourceFacing") {
    for (const ref of draft.resourceSpecification) {
      if (!(await findDocument(tx, schema.resourceSpecification, ref.id))) problems.push(`resourceSpecification ${ref.id}: not found in this DO`);
    }
  } else {
    for (const ref of draft.serviceSpecRelationship) {
      const part = await findDocument(tx, serviceSpecification, ref.id);
      if (!part) problems.push(`serviceSpecRelationship ${ref.id}: not found in this DO`);
      else if (part["@type"] !== "ResourceFacingServiceSpecification") problems.push(`serviceSpecRelationship ${ref.id}: "${String(part.name)}" is not a resource-facing specification`);
    }
  }
  for (const ref of draft.category) {
    if (!(await findDocument(tx, schema.serviceCategory, ref.id))) problems.push(`category ${ref.id}: not found in this DO`);
  }
  if (problems.length > 0) throw new TmfError("unprocessable", problems.join("; "));
}

/** Fills the names and hrefs of the references from the stored documents, so that the specification reads well on its own. */
async function completeReferences(tx: Db, draft: z.infer<typeof specificationDraftSchema>) {
  const complete = async (table: typeof serviceSpecification | typeof schema.resourceSpecification | typeof schema.serviceCategory, ref: { id: string }) => {
    const stored = (await findDocument(tx, table, ref.id))!;
    return { id: stored.id, href: stored.href, name: String(stored.name), ...(typeof stored.version === "string" ? { version: stored.version } : {}) };
  };
  const category = await Promise.all(draft.category.map((ref) => complete(schema.serviceCategory, ref)));
  if (draft.kind === "resourceFacing") {
    return { ...draft, category, resourceSpecification: await Promise.all(draft.resourceSpecification.map((ref) => complete(schema.resourceSpecification, ref))) };
  }
  return { ...draft, category, serviceSpecRelationship: await Promise.all(draft.serviceSpecRelationship.map((ref) => complete(serviceSpecification, ref))) };
}

/**
 * Validates a design draft and stores it as a new TMF633 specification in
 * design. Returns the stored specification.
 */
export async function createDesignedSpecification(database: Db, input: { principal: Principal; draft: unknown; baseUrl: string }): Promise<TmfDocument> {
  assertDesigner(input.principal);
  const parsed = specificationDraftSchema.safeParse(input.draft);
  if (!parsed.success) throw new TmfError("invalidBody", describeDraftProblems(parsed.error));
  return database.transaction(async (tx) => {
    await checkReferences(tx, parsed.data);
    const draft = await completeReferences(tx, parsed.data);
    const stored = await insertSpecification(tx, { ...toServiceSpecification(draft) }, input.baseUrl);
    await recordAudit(tx, input.principal, { action: "create", resourceType: specificationType, resourceId: stored.id, summary: `Designed service specification "${String(stored.name)}" ${String(stored.version ?? "")}`.trimEnd() });
    return stored;
  });
}

const lifecycleChangeSchema = z.object({ id: z.string().min(1), lifecycleStatus: z.string().min(1) });

/** Moves a specification to another lifecycle status, if the lifecycle allows the move. */
export async function changeLifecycleStatus(database: Db, input: { principal: Principal; change: unknown }): Promise<TmfDocument> {
  assertDesigner(input.principal);
  const parsed = lifecycleChangeSchema.safeParse(input.change);
  if (!parsed.success) throw new TmfError("invalidBody", parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
  const { id, lifecycleStatus } = parsed.data;
  return database.transaction(async (tx) => {
    const current = await lockSpecification(tx, id);
    const problem = transitionProblem(current.lifecycleStatus, lifecycleStatus);
    if (problem) throw new TmfError("unprocessable", `lifecycleStatus: ${problem}`);
    if (lifecycleStatus === "Active" && current["@type"] === "CustomerFacingServiceSpecification") await checkPartsActive(tx, current);
    const stored = await replaceDocument(tx, serviceSpecification, specificationType, { ...current, lifecycleStatus: lifecycleStatus as LifecycleStatus }, columnsOf({ ...current, lifecycleStatus }));
    await publishEvent({ kind: "stateChange", type: specificationType, document: stored, previous: current }, tx);
    await recordAudit(tx, input.principal, {
      action: "stateChange",
      resourceType: specificationType,
      resourceId: id,
      summary: `Moved service specification "${String(current.name)}" from ${String(current.lifecycleStatus)} to ${lifecycleStatus}`,
      detail: { from: current.lifecycleStatus, to: lifecycleStatus },
    });
    return stored;
  });
}

/** A CFS can be ordered only when every part can, so it becomes Active only after them. */
async function checkPartsActive(tx: Db, cfs: TmfDocument): Promise<void> {
  const refs = (cfs.serviceSpecRelationship as { id: string; name?: string }[] | undefined) ?? [];
  const problems: string[] = [];
  for (const ref of refs) {
    const part = await findDocument(tx, serviceSpecification, ref.id);
    if (!part) problems.push(`part ${ref.id} no longer exists`);
    else if (part.lifecycleStatus !== "Active" && part.lifecycleStatus !== "Launched") problems.push(`part "${String(part.name)}" ${String(part.version ?? "")} is ${String(part.lifecycleStatus)}`);
  }
  if (problems.length > 0) throw new TmfError("unprocessable", `lifecycleStatus: activate the resource-facing parts first: ${problems.join("; ")}`);
}

async function lockSpecification(tx: Db, id: string): Promise<TmfDocument> {
  const [row] = await tx.select({ document: serviceSpecification.document }).from(serviceSpecification).where(eq(serviceSpecification.id, id)).for("update");
  if (!row) return getDocument(tx, serviceSpecification, specificationType, id);
  return row.document as TmfDocument;
}

/**
 * Stores the next version of a specification as a new specification in
 * design. The old one and the services ordered from it stay as they are.
 */
export async function createNextVersion(database: Db, input: { principal: Principal; id: unknown; baseUrl: string }): Promise<TmfDocument> {
  assertDesigner(input.principal);
  const id = z.string().min(1).safeParse(input.id);
  if (!id.success) throw new TmfError("invalidBody", "id: a specification id is required");
  return database.transaction(async (tx) => {
    const current = await lockSpecification(tx, id.data);
    const sameName = await tx.select({ version: serviceSpecification.version }).from(serviceSpecification).where(eq(serviceSpecification.name, String(current.name)));
    const body = nextVersionOf(current, sameName.map((row) => row.version ?? undefined));
    const stored = await insertSpecification(tx, body, input.baseUrl);
    await recordAudit(tx, input.principal, {
      action: "create",
      resourceType: specificationType,
      resourceId: stored.id,
      summary: `Created version ${String(stored.version)} of service specification "${String(stored.name)}"`,
      detail: { previousVersionId: id.data },
    });
    return stored;
  });
}
