import { describe, expect, it } from "vitest";
import { createLibraryBackend } from "../testing/library-backend";
import { evaluate, evaluationRequestSchema } from "./evaluation";
import { offlineAnswerer } from "./offline-answerer";
import requests from "./requests.json";

const evaluationSet = evaluationRequestSchema.array().parse(requests);

describe("offline assistant on the evaluation set", () => {
  it("has at least 40 requests from every pilot cluster", () => {
    expect(evaluationSet.length).toBeGreaterThanOrEqual(40);
    for (const cluster of ["lulea", "valencia", "central-macedonia", "preveza", "portugal-spain"]) {
      expect(evaluationSet.filter((request) => request.cluster === cluster).length, cluster).toBeGreaterThanOrEqual(5);
    }
    expect(evaluationSet.filter((request) => request.expectedOffering === "none").length).toBeGreaterThanOrEqual(4);
  });

  it("names only offerings of the catalogue", async () => {
    const names = new Set((await createLibraryBackend().listOfferings()).map((offering) => offering.name));
    for (const request of evaluationSet) {
      if (request.expectedOffering !== "none") expect(names.has(request.expectedOffering), request.id).toBe(true);
    }
  });

  it("reaches the accuracy floors", async () => {
    const summary = await evaluate(evaluationSet, offlineAnswerer, createLibraryBackend);
    const wrong = summary.results
      .filter((result) => !result.offeringCorrect || result.parametersCorrect < result.parametersExpected)
      .map((result) => `${result.request.id}: picked ${result.answer.offering}, read ${JSON.stringify(result.answer.values)}`);
    expect(summary.offeringAccuracy, wrong.join("\n")).toBeGreaterThanOrEqual(0.9);
    expect(summary.parameterAccuracy, wrong.join("\n")).toBeGreaterThanOrEqual(0.9);
  });
});
