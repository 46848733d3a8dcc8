import "server-only";
import { eq } from "drizzle-orm";
import {
  createDataset,
  datasetStatistics,
  listConnectors,
  listDatasets,
  listGrants,
  listRejectedRecords,
  publishDaasSpecification,
  getDataset,
  toDcatDataset,
  ngsiLdBasePath,
  type DatasetCreate,
} from "@cop-pilot/data-management";
import { env } from "@/env";
import { db, schema } from "../db";
import { currentDomain } from "../domain";

/** Creates a dataset and publishes its DaaS specification in this DO's catalogue, owned by the domain owner's organization. */
export async function createDomainDataset(input: DatasetCreate) {
  const domain = currentDomain();
  const [owner] = await db().select({ document: schema.organization.document }).from(schema.organization).where(eq(schema.organization.name, domain.name));
  const ownerDocument = owner?.document as { id: string; href: string; name: string } | undefined;
  const ownerRef = ownerDocument && { id: ownerDocument.id, href: ownerDocument.href, name: ownerDocument.name, role: "Owner", "@referredType": "Organization" };
  return createDataset(db(), input, domain, (tx, body) =>
    publishDaasSpecification(tx, body, { baseUrl: env().PUBLIC_URL, catalogName: `${domain.name} catalogue`, owner: ownerRef }),
  );
}

/** Loads every dataset with its counts, for the Data page. */
export async function loadDatasetOverview() {
  const datasets = await listDatasets(db());
  return Promise.all(datasets.map(async (dataset) => ({ dataset, statistics: await datasetStatistics(db(), dataset) })));
}

/** Loads one dataset with its connectors, rejected records, grants and DCAT-AP description. */
export async function loadDatasetDetail(id: string) {
  const dataset = await getDataset(db(), id);
  const [statistics, connectors, rejected, grants] = await Promise.all([
    datasetStatistics(db(), dataset),
    listConnectors(db(), dataset.id),
    listRejectedRecords(db(), { datasetId: dataset.id }, 50),
    listGrants(db(), dataset.id),
  ]);
  const endpoint = `${env().PUBLIC_URL}${ngsiLdBasePath}/entities`;
  return { dataset, statistics, connectors, rejected, grants, endpoint, dcat: toDcatDataset(dataset, endpoint, dataset.updatedAt) };
}

/** Builds the DCAT-AP catalogue of this domain's datasets, in JSON-LD. */
export async function loadDcatCatalog() {
  const domain = currentDomain();
  const endpoint = `${env().PUBLIC_URL}${ngsiLdBasePath}/entities`;
  const datasets = await listDatasets(db());
  return {
    "@context": { dcat: "http://www.w3.org/ns/dcat#", dct: "http://purl.org/dc/terms/" },
    "@type": "dcat:Catalog",
    "dct:title": `Datasets of the ${domain.name}`,
    "dct:publisher": domain.name,
    "dcat:dataset": datasets.map((dataset) => toDcatDataset(dataset, endpoint, dataset.updatedAt)),
  };
}
