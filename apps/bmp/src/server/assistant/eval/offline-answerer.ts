import type { Answerer } from "./evaluation";
import { OfflineAssistant, parseDialogueState } from "../offline/dialogue";

/**
 * Runs the offline assistant's first turn on an evaluation request.
 * When it offers a choice, the customer takes the first offering ("1"), and
 * the values are those read after that second turn.
 */
export const offlineAnswerer: Answerer = async (request, backend) => {
  const assistant = new OfflineAssistant(backend);
  const first = await assistant.respond(request, parseDialogueState({}));
  const turn = first.searchOutcome === "choice" ? { ...(await assistant.respond("1", first.state)), searchOutcome: first.searchOutcome } : first;
  const pickedId = turn.searchOutcome === "none" ? undefined : (turn.state.offeringId ?? turn.state.candidateIds?.[0]);
  const offering = pickedId ? await backend.getOffering(pickedId) : undefined;
  return { offering: offering?.name ?? "none", askedToChoose: turn.searchOutcome === "choice", values: turn.state.values, turns: turn === first ? 1 : 2 };
};
