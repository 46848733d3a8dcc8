import type { LanguageModel, ModelMessage } from "ai";
import { runModelTurn } from "../model-assistant";
import type { Answerer } from "./evaluation";

/**
 * Builds an answerer that runs one model turn per evaluation request and one
 * per follow-up, each with the earlier messages as history. The picked
 * offering is that of the last draft the model created, else the last
 * offering it read; the values are those of that draft.
 */
export function modelAnswerer(model: LanguageModel, timeoutMs: number): Answerer {
  return async (request, backend, followUps = []) => {
    let offeringId: string | undefined;
    let values: Record<string, string | number | boolean> = {};
    const read: string[] = [];
    const getOffering = backend.getOffering.bind(backend);
    const tracked = {
      ...backend,
      listOfferings: backend.listOfferings.bind(backend),
      validateConfiguration: backend.validateConfiguration.bind(backend),
      placeConfirmedDraft: backend.placeConfirmedDraft.bind(backend),
      orderStatus: backend.orderStatus.bind(backend),
      async getOffering(id: string) {
        read.push(id);
        return getOffering(id);
      },
      async createDraft(id: string, given: Record<string, string | number | boolean>) {
        const result = await backend.createDraft(id, given);
        if (result.ok) {
          offeringId = id;
          values = given;
        }
        return result;
      },
    };
    let askedToChoose = false;
    const history: ModelMessage[] = [];
    for (const text of [request, ...followUps]) {
      let reply = "";
      for await (const event of runModelTurn({ model, backend: tracked, history, text, timeoutMs })) {
        if (event.type === "text") reply += event.delta;
        if (event.type === "card" && event.card.type === "offerings" && !offeringId) askedToChoose = event.card.offerings.length > 1;
      }
      history.push({ role: "user", content: text }, { role: "assistant", content: reply });
    }
    const picked = offeringId ?? read.at(-1);
    const offering = picked ? await getOffering(picked) : undefined;
    return { offering: offering?.name ?? "none", askedToChoose: askedToChoose && !offeringId, values, turns: 1 + followUps.length };
  };
}
