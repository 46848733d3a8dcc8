import { describe, expect, it } from "vitest";
import { createLibraryBackend } from "../testing/library-backend";
import { OfflineAssistant, parseDialogueState, type DialogueTurn } from "./dialogue";

async function conversation(messages: string[], backend = createLibraryBackend()) {
  const assistant = new OfflineAssistant(backend);
  const turns: DialogueTurn[] = [];
  let state = parseDialogueState({});
  for (const message of messages) {
    const turn = await assistant.respond(message, state);
    turns.push(turn);
    state = turn.state;
  }
  return { backend, turns };
}

describe("offline assistant dialogue", () => {
  it("asks for missing mandatory values one at a time", async () => {
    const { turns } = await conversation(["asset tracking underground in the mine", "450", "UWB"]);

    expect(turns[0]!.reply).toContain("EvoMining Asset Tracking");
    expect(turns[0]!.reply).not.toContain("is not accepted");
    expect(turns[0]!.state.asked).toBe("trackedAssetCount");
    expect(turns[1]!.state.asked).toBe("positioningTechnology");
    expect(turns[1]!.state.values).toEqual({ trackedAssetCount: 450 });
    expect(turns[2]!.cards.map((card) => card.type)).toEqual(["draft"]);
    expect(turns[2]!.state.values).toEqual({ trackedAssetCount: 450, positioningTechnology: "UWB" });
  });

  it("asks nothing the request gives", async () => {
    const { turns } = await conversation(["track 800 vehicles underground with UWB tags"]);

    expect(turns[0]!.state.asked).toBeUndefined();
    expect(turns[0]!.cards.map((card) => card.type)).toEqual(["draft"]);
  });

  it("asks again for a value outside the limits", async () => {
    const { turns } = await conversation(["asset tracking for 9000 assets with BLE"]);

    expect(turns[0]!.reply).toContain("9000");
    expect(turns[0]!.reply).toContain("trackedAssetCount");
    expect(turns[0]!.state.asked).toBe("trackedAssetCount");
    expect(turns[0]!.cards).toEqual([]);
  });

  it("offers a choice between close offerings", async () => {
    const { turns } = await conversation(["seismic processing", "the distributed one"]);

    expect(turns[0]!.searchOutcome).toBe("choice");
    expect(turns[0]!.state.candidateIds).toContain("offering-bemis-distributed-seismic-processing");
    expect(turns[1]!.state.offeringId).toBe("offering-bemis-distributed-seismic-processing");
  });

  it("finds nothing for a need the catalogue lacks", async () => {
    const { turns } = await conversation(["payroll software for our accountants"]);

    expect(turns[0]!.searchOutcome).toBe("none");
    expect(turns[0]!.reply).toContain("found nothing");
    expect(turns[0]!.state.offeringId).toBeUndefined();
  });

  it("changes a value of a shown draft", async () => {
    const { turns, backend } = await conversation(["alert notification by email", "make it sms"]);

    expect(turns[1]!.reply).toContain("Changed channel to sms");
    expect(turns[1]!.cards.map((card) => card.type)).toEqual(["draft"]);
    expect(backend.drafts.size).toBe(2);
  });

  it("prefers the value not negated", async () => {
    const { turns } = await conversation(["alert notification by email", "make it sms, not email"]);

    expect(turns[1]!.state.values.channel).toBe("sms");
  });

  it("keeps the draft for an unknown change", async () => {
    const { turns } = await conversation(["fill level alerts for 300 glass waste containers", "make it sms"]);

    expect(turns[1]!.state.offeringId).toBe(turns[0]!.state.offeringId);
    expect(turns[1]!.state.draftId).toBe(turns[0]!.state.draftId);
    expect(turns[1]!.reply).toContain('Waste Collection Alerting has no setting that takes "make it sms"');
    expect(turns[1]!.reply).toContain("wasteFraction");
  });

  it("takes the first offering on defaults", async () => {
    const { turns } = await conversation(["seismic processing for 32 sensors", "defaults for the rest"]);

    expect(turns[0]!.searchOutcome).toBe("choice");
    expect(turns[1]!.state.offeringId).toBe(turns[0]!.state.candidateIds![0]);
    expect(turns[1]!.state.values).toMatchObject({ sensorCount: 32 });
    expect(turns[1]!.cards.map((card) => card.type)).toEqual(["draft"]);
    expect(turns[1]!.reply).toContain("with the defaults");
  });

  it("reads no value from a chosen number", async () => {
    const { turns } = await conversation(["alerts", "1"]);

    expect(turns[0]!.searchOutcome).toBe("choice");
    expect(turns[1]!.state.values).toEqual({});
  });

  it("places no order from text", async () => {
    const { turns, backend } = await conversation(["alert notification by email", "confirm", "yes place the order now"]);

    expect(turns[1]!.reply).toContain("Confirm order");
    expect(turns[2]!.reply).toContain("Confirm order");
    expect(backend.orders.size).toBe(0);
  });

  it("explains an order problem and drafts nothing", async () => {
    const backend = createLibraryBackend();
    const refusal = { name: "productOrder", kind: "order" as const, message: "You have 20 open orders, and a customer may have at most 20 at once; wait until one completes or cancel one" };
    backend.validateConfiguration = async () => ({ valid: false, problems: [refusal], values: [] });

    const { turns } = await conversation(["track 800 vehicles underground with UWB tags"], backend);

    expect(turns[0]!.reply).toContain(`${refusal.message}.`);
    expect(turns[0]!.cards).toEqual([]);
    expect(turns[0]!.state.asked).toBeUndefined();
    expect(backend.drafts.size).toBe(0);
  });

  it("explains an order problem of the draft", async () => {
    const backend = createLibraryBackend();
    const refusal = { name: "productOffering", kind: "order" as const, message: '"EvoMining Asset Tracking" is offered only to Other Mine AB' };
    backend.createDraft = async () => ({ ok: false, problems: [refusal] });

    const { turns } = await conversation(["track 800 vehicles underground with UWB tags"], backend);

    expect(turns[0]!.reply).toContain(`${refusal.message}.`);
    expect(turns[0]!.reply).not.toContain("not valid yet");
    expect(turns[0]!.cards).toEqual([]);
  });
});
