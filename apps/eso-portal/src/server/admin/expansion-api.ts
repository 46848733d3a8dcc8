import "server-only";
import { noContentResponse, okResponse, readJsonBody } from "@cop-pilot/tmf-server";
import { route } from "../auth";
import { db } from "../db";
import { expansionUsers, platformAdmins } from "../expansion/access";
import { createDomainOwnerAccount, domainOwnerAccountInput, listDomainOwnerAccounts } from "../expansion/accounts";
import { getCluster, listClusters, refreshCluster, registerCluster, registerClusterInput, removeCluster } from "../expansion/clusters";
import { listDeployments } from "../expansion/domain-orchestrators";
import { addFabricNetwork, addFabricNetworkInput, getFabricNetwork, listFabricNetworks, removeFabricNetwork } from "../expansion/fabric-networks";
import { createIdentity, createIdentityInput, deleteIdentity, enrollmentToken, listIdentities, loadIdentity, pollIdentities, toIdentityView } from "../expansion/identities";

// The JSON API of the platform expansion, for scripts, tests and the
// benchmark; the portal pages call the same functions. No response carries
// fabric credentials or kubeconfigs.

type IdParams = { id: string };

function created(body: unknown, location: string): Response {
  return Response.json(body, { status: 201, headers: { Location: location } });
}

export const expansionApi = {
  accounts: {
    GET: route(platformAdmins, async () => okResponse(await listDomainOwnerAccounts(db()))),
    POST: route(platformAdmins, async ({ request, baseUrl, principal }) => {
      const input = await readJsonBody(request, domainOwnerAccountInput);
      const account = await createDomainOwnerAccount(db(), input, { baseUrl, actor: principal });
      return Response.json(account, { status: 201, headers: { "Cache-Control": "no-store" } });
    }),
  },

  fabricNetworks: {
    GET: route(platformAdmins, async () => okResponse(await listFabricNetworks(db()))),
    POST: route(platformAdmins, async ({ request, baseUrl, principal }) => {
      const network = await addFabricNetwork(db(), await readJsonBody(request, addFabricNetworkInput), { baseUrl, actor: principal });
      return created(network, `${baseUrl}/api/expansion/fabric-networks/${network.id}`);
    }),
  },

  fabricNetwork: {
    GET: route<IdParams>(platformAdmins, async ({ params }) => okResponse(await getFabricNetwork(db(), params.id))),
    DELETE: route<IdParams>(platformAdmins, async ({ params, principal }) => {
      await removeFabricNetwork(db(), params.id, principal);
      return noContentResponse();
    }),
  },

  identities: {
    GET: route(expansionUsers, async ({ principal, url }) =>
      okResponse(await listIdentities(db(), principal, { fabricNetworkId: url.searchParams.get("fabricNetworkId") ?? undefined })),
    ),
    POST: route(expansionUsers, async ({ request, principal, baseUrl }) => {
      const identity = await createIdentity(db(), principal, await readJsonBody(request, createIdentityInput));
      return created(identity, `${baseUrl}/api/expansion/identities/${identity.id}`);
    }),
  },

  identity: {
    GET: route<IdParams>(expansionUsers, async ({ principal, params }) => okResponse(toIdentityView(await loadIdentity(db(), principal, params.id)))),
    DELETE: route<IdParams>(expansionUsers, async ({ principal, params }) => {
      await deleteIdentity(db(), principal, params.id);
      return noContentResponse();
    }),
  },

  enrollmentToken: {
    GET: route<IdParams>(expansionUsers, async ({ principal, params }) => {
      const { name, jwt } = await enrollmentToken(db(), principal, params.id);
      return new Response(jwt, {
        headers: { "Content-Type": "application/jwt", "Content-Disposition": `attachment; filename="${name}.jwt"`, "Cache-Control": "no-store" },
      });
    }),
  },

  pollIdentities: {
    POST: route(platformAdmins, async () => okResponse(await pollIdentities(db()))),
  },

  clusters: {
    GET: route(expansionUsers, async ({ principal }) => okResponse(await listClusters(db(), principal))),
    POST: route(expansionUsers, async ({ request, principal, baseUrl }) => {
      const cluster = await registerCluster(db(), principal, await readJsonBody(request, registerClusterInput));
      return created(cluster, `${baseUrl}/api/expansion/clusters/${cluster.id}`);
    }),
  },

  cluster: {
    GET: route<IdParams>(expansionUsers, async ({ principal, params }) => okResponse(await getCluster(db(), principal, params.id))),
    DELETE: route<IdParams>(expansionUsers, async ({ principal, params }) => {
      await removeCluster(db(), principal, params.id);
      return noContentResponse();
    }),
  },

  clusterCheck: {
    POST: route<IdParams>(expansionUsers, async ({ principal, params }) => okResponse(await refreshCluster(db(), principal, params.id))),
  },

  domainOrchestrators: {
    GET: route(expansionUsers, async ({ principal }) => okResponse(await listDeployments(db(), principal))),
  },
};
