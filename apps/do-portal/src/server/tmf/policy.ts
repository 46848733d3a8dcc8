import "server-only";
import {
  TmfError,
  getDocument,
  listDocuments,
  listResponse,
  noContentResponse,
  createdResponse,
  okResponse,
  parseListQuery,
  readJsonBody,
  selectFields,
} from "@cop-pilot/tmf-server";
import { z } from "zod";
import { route } from "../auth";
import { db, schema } from "../db";
import { createPolicyRule, deletePolicyRule, policyRuleType, updatePolicyRule } from "../policy/rules";
import { catalogDesigners, domainStaff } from "./access";

const oldestFirst = { defaultSort: [{ path: ["lastUpdate"], descending: false }] };

/** Handlers of the lifecycle rules attached to this DO's service specifications. */
export const policyRuleHandlers = {
  collection: {
    GET: route(domainStaff, async ({ url }) => {
      const { items, total } = await listDocuments(db(), schema.policyRule, parseListQuery(url.searchParams), oldestFirst);
      return listResponse(items, total);
    }),

    POST: route(catalogDesigners, async ({ request, baseUrl, principal, log }) => {
      const body = await readJsonBody(request, z.looseObject({}));
      for (const attribute of ["id", "href", "lastUpdate"]) {
        if (attribute in body) throw new TmfError("invalidBody", `${attribute}: is assigned by the server and must not be sent`);
      }
      const rule = await createPolicyRule(db(), principal, body, baseUrl);
      log.info({ policyRuleId: rule.id, serviceSpecificationId: rule.serviceSpecification.id, checkpoint: rule.checkpoint, by: principal.name }, "policy rule created");
      return createdResponse(rule);
    }),
  },

  item: {
    GET: route<{ id: string }>(domainStaff, async ({ url, params }) => {
      const rule = await getDocument(db(), schema.policyRule, policyRuleType, params.id);
      return okResponse(selectFields(rule, url.searchParams.get("fields")?.split(",").filter(Boolean)));
    }),

    PATCH: route<{ id: string }>(catalogDesigners, async ({ request, params, principal, log }) => {
      const patch = await readJsonBody(request, z.looseObject({}));
      const rule = await updatePolicyRule(db(), principal, params.id, patch);
      log.info({ policyRuleId: rule.id, lifecycleStatus: rule.lifecycleStatus, by: principal.name }, "policy rule updated");
      return okResponse(rule);
    }),

    DELETE: route<{ id: string }>(catalogDesigners, async ({ params, principal, log }) => {
      await deletePolicyRule(db(), principal, params.id);
      log.info({ policyRuleId: params.id, by: principal.name }, "policy rule deleted");
      return noContentResponse();
    }),
  },
};
