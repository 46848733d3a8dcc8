import "server-only";
import { noContentResponse, okResponse, readJsonBody } from "@cop-pilot/tmf-server";
import { route } from "../auth";
import { db } from "../db";
import { checkPeer } from "../peering/availability";
import { addPeer, getPeer, listPeers, removePeer } from "../peering/peers";
import { addPeerInput, importInput } from "../peering/schemas";
import { importSpecifications, listRemoteSpecifications } from "../peering/specifications";

// The JSON admin API of peering, for scripts such as the launcher's seeding.
// Platform admins and API clients only; no response carries a peer's token.
const admins = { roles: ["platformAdmin"] } as const;

type PeerParams = { id: string };

export const peersApi = {
  collection: {
    GET: route(admins, async () => okResponse(await listPeers(db()))),

    POST: route(admins, async ({ request, baseUrl, principal }) => {
      const input = await readJsonBody(request, addPeerInput);
      const peer = await addPeer(db(), input, { baseUrl, actor: principal });
      return Response.json(peer, { status: 201, headers: { Location: `${baseUrl}/api/peers/${peer.id}` } });
    }),
  },

  item: {
    GET: route<PeerParams>(admins, async ({ params }) => okResponse(await getPeer(db(), params.id))),

    DELETE: route<PeerParams>(admins, async ({ params, principal }) => {
      await removePeer(db(), params.id, principal);
      return noContentResponse();
    }),
  },

  specifications: {
    GET: route<PeerParams>(admins, async ({ params }) => okResponse(await listRemoteSpecifications(db(), params.id))),
  },

  import: {
    POST: route<PeerParams>(admins, async ({ request, params, baseUrl }) => {
      const input = await readJsonBody(request, importInput);
      return okResponse(await importSpecifications(db(), params.id, input, { baseUrl }));
    }),
  },

  check: {
    POST: route<PeerParams>(admins, async ({ params }) => okResponse(await checkPeer(db(), params.id))),
  },
};
