import "server-only";
import { FabricError } from "@cop-pilot/fabric";
import { createLogger } from "@cop-pilot/logger";
import { readJsonBody, TmfError, toTmfErrorResponse } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { db } from "../db";
import { simulatedFabric } from "./drivers";

const log = createLogger("fabric.simulated-controller");

// The simulated fabric controller's client endpoints, which the fabric client
// command calls: enrollment with the one-time JWT, then heartbeats with the
// secret that enrollment returned. They take no session or API token,
// because the JWT and the client secret are the credentials.

type IdParams = { params: Promise<{ id: string }> };

const enrollInput = z.object({ jwt: z.string().trim().min(1, "is required").max(8192) });

function toResponse(error: unknown): Response {
  if (error instanceof TmfError) return toTmfErrorResponse(error);
  if (error instanceof FabricError) {
    const passedOn = ["unauthorized", "conflict", "notFound"] as const;
    const code = passedOn.find((candidate) => candidate === error.code) ?? "badGateway";
    return toTmfErrorResponse(new TmfError(code, error.message));
  }
  log.error({ err: error }, "simulated controller request failed");
  return toTmfErrorResponse(new TmfError("internal", "The simulated fabric controller failed; see the ESO log"));
}

function clientSecret(request: Request): string {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization")?.trim() ?? "");
  if (!match) throw new TmfError("unauthorized", "Send the client secret from enrollment as a bearer token");
  return match[1]!;
}

export const simulatedControllerApi = {
  enroll: {
    async POST(request: Request): Promise<Response> {
      try {
        const { jwt } = await readJsonBody(request, enrollInput);
        const enrolled = await simulatedFabric(db()).enroll(jwt);
        return Response.json(enrolled, { status: 201, headers: { "Cache-Control": "no-store" } });
      } catch (error) {
        return toResponse(error);
      }
    },
  },

  heartbeat: {
    async POST(request: Request, context: IdParams): Promise<Response> {
      try {
        const { id } = await context.params;
        await simulatedFabric(db()).heartbeat(id, clientSecret(request));
        return new Response(null, { status: 204 });
      } catch (error) {
        return toResponse(error);
      }
    },
  },

  disconnect: {
    async POST(request: Request, context: IdParams): Promise<Response> {
      try {
        const { id } = await context.params;
        await simulatedFabric(db()).disconnect(id, clientSecret(request));
        return new Response(null, { status: 204 });
      } catch (error) {
        return toResponse(error);
      }
    },
  },
};
