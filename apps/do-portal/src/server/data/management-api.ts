import "server-only";
import { createConnector, datasetCreateSchema, datasetStatistics, getDataset, listConnectors, listDatasets, listRejectedRecords, uploadCsv } from "@cop-pilot/data-management";
import { TmfError, createdResponse, okResponse, readJsonBody } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { route } from "../auth";
import { db } from "../db";
import { domainOwners, domainStaff } from "../tmf/access";
import { createDomainDataset } from "./datasets";
import { dataManagementEnabled, dataNotifier } from "./ngsi-ld";

// Management API of the Data Management: datasets and connectors, for
// scripts and the launcher. The portal's Data pages call the same functions.

export const dataManagementPath = "/data-management/v1";

function assertEnabled(): void {
  if (!dataManagementEnabled()) throw new TmfError("notFound", "This domain runs no Data Management; set DATA_MANAGEMENT=enabled");
}

function datasetDocument(dataset: Awaited<ReturnType<typeof getDataset>>, baseUrl: string) {
  return { ...dataset, href: `${baseUrl}${dataManagementPath}/datasets/${dataset.id}` };
}

export const listDatasetsHandler = route(domainStaff, async ({ baseUrl }) => {
  assertEnabled();
  const datasets = await listDatasets(db());
  const documents = await Promise.all(datasets.map(async (dataset) => ({ ...datasetDocument(dataset, baseUrl), statistics: await datasetStatistics(db(), dataset) })));
  return okResponse(documents);
});

export const createDatasetHandler = route(domainOwners, async ({ request, baseUrl }) => {
  assertEnabled();
  const input = await readJsonBody(request, datasetCreateSchema);
  return createdResponse(datasetDocument(await createDomainDataset(input), baseUrl));
});

export const readDatasetHandler = route<{ id: string }>(domainStaff, async ({ params, baseUrl }) => {
  assertEnabled();
  const dataset = await getDataset(db(), params.id);
  const [statistics, connectors, rejected] = await Promise.all([datasetStatistics(db(), dataset), listConnectors(db(), dataset.id), listRejectedRecords(db(), { datasetId: dataset.id }, 100)]);
  return okResponse({ ...datasetDocument(dataset, baseUrl), statistics, connectors, rejectedRecords: rejected });
});

const connectorBody = z.looseObject({ kind: z.string(), name: z.string() });

export const createConnectorHandler = route<{ id: string }>(domainOwners, async ({ request, params, baseUrl }) => {
  assertEnabled();
  const body = await readJsonBody(request, connectorBody);
  const { connector, token } = await createConnector(db(), { ...body, datasetId: params.id } as never);
  return createdResponse({ ...connector, href: `${baseUrl}${dataManagementPath}/connectors/${connector.id}`, ...(token && { token }) });
});

/** Maximum size of an uploaded CSV body, as for the portal's upload form. */
const maxUploadBytes = 10 * 1024 * 1024;

export const uploadCsvHandler = route<{ id: string }>(domainOwners, async ({ request, params }) => {
  assertEnabled();
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "text/csv") throw new TmfError("unsupportedMediaType", "Send the CSV file as the body with Content-Type text/csv");
  if (Number(request.headers.get("content-length") ?? "0") > maxUploadBytes) throw new TmfError("payloadTooLarge", `The CSV file exceeds ${maxUploadBytes} bytes`);
  const result = await uploadCsv(db(), params.id, await request.text(), dataNotifier());
  return okResponse({ storedRecords: result.storedRecords, entities: result.written.length, rejected: result.rejections });
});
