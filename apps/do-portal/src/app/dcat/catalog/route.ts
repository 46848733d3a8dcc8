import { everyone } from "@/server/tmf/access";
import { route } from "@/server/auth";
import { loadDcatCatalog } from "@/server/data/datasets";
import { dataManagementEnabled } from "@/server/data/ngsi-ld";
import { TmfError } from "@cop-pilot/tmf-server";

// GET /dcat/catalog – the DCAT-AP catalogue of this domain's datasets, in JSON-LD
export const GET = route(everyone, async () => {
  if (!dataManagementEnabled()) throw new TmfError("notFound", "This domain runs no Data Management");
  return Response.json(await loadDcatCatalog(), { headers: { "content-type": "application/ld+json" } });
});
