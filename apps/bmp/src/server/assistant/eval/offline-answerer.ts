import type { Answerer } from "./evaluation";
import { OfflineAssistant, parseDialogueState } from "../offline/dialogue";

/**
 * Runs the offline assistant's first turn on an evaluation request.
 * With follow-ups, the customer sends them one after the other and the
 * values are those of the last turn. Otherwise, when the assistant offers a
 * choice, the customer takes the first offering ("1"), and the values are
 * those read after that second turn.
 */
export const offlineAnswerer: Answerer = async (request, backend, followUps = []) => {
  const assistant = new OfflineAssistant(backend);
  const first = await assistant.respond(request, parseDialogueState({}));
  if (followUps.length > 0) {
    let last = first;
    for (const message of followUps) last = await assistant.respond(message, last.state);
    const offering = last.state.offeringId ? await backend.getOffering(last.state.offeringId) : undefined;
    return { offering: offering?.name ?? "none", askedToChoose: first.searchOutcome === "choice", values: last.state.values, turns: 1 + followUps.length };
  }
  const turn = first.searchOutcome === "choice" ? { ...(await assistant.respond("1", first.state)), searchOutcome: first.searchOutcome } : first;
  const pickedId = turn.searchOutcome === "none" ? undefined : (turn.state.offeringId ?? turn.state.candidateIds?.[0]);
  const offering = pickedId ? await backend.getOffering(pickedId) : undefined;
  return { offering: offering?.name ?? "none", askedToChoose: turn.searchOutcome === "choice", values: turn.state.values, turns: turn === first ? 1 : 2 };
};
