import { describe, expect, it } from "vitest";
import { callbackProblem, callbackSchema } from "./callback";
import { deliveryBackoff } from "./delivery";
import { buildEnvelope, receivedEventSchema } from "./envelope";
import { eventTypeOf, listenerNameOf } from "./names";
import { changeKindsOf } from "./outbox";
import { InvalidEventQueryError, matchesEventQuery, parseEventQuery } from "./query";

const serviceOrder = { resourceName: "serviceOrder" };
const order = { id: "o-1", state: "inProgress", serviceOrderItem: [{ id: "1", state: "inProgress" }] };

describe("event names", () => {
  it.each([
    ["create", "ServiceOrderCreateEvent"],
    ["attributeValueChange", "ServiceOrderAttributeValueChangeEvent"],
    ["stateChange", "ServiceOrderStateChangeEvent"],
    ["delete", "ServiceOrderDeleteEvent"],
  ] as const)("names the %s event %s", (kind, type) => {
    expect(eventTypeOf(serviceOrder, kind)).toBe(type);
  });

  it("uses ChangeEvent for catalogue resources", () => {
    const style = { resourceName: "serviceSpecification", changes: "changeEvent" } as const;
    expect(eventTypeOf(style, "attributeValueChange")).toBe("ServiceSpecificationChangeEvent");
    expect(eventTypeOf(style, "stateChange")).toBe("ServiceSpecificationChangeEvent");
    expect(eventTypeOf(style, "create")).toBe("ServiceSpecificationCreateEvent");
  });

  it("derives the listener path segment", () => {
    expect(listenerNameOf("ServiceOrderStateChangeEvent")).toBe("serviceOrderStateChangeEvent");
  });
});

describe("buildEnvelope", () => {
  const occurredAt = new Date("2026-01-02T03:04:05.000Z");
  const envelope = buildEnvelope({ style: serviceOrder, kind: "stateChange", document: order, domain: "do-lulea", occurredAt });

  it("fills every field of the TMF envelope", () => {
    expect(envelope.eventType).toBe("ServiceOrderStateChangeEvent");
    expect(envelope.eventTime).toBe("2026-01-02T03:04:05.000Z");
    expect(envelope.timeOcurred).toBe("2026-01-02T03:04:05.000Z");
    expect(envelope.correlationId).toBe("o-1");
    expect(envelope.domain).toBe("do-lulea");
    expect(envelope.title).toBe("serviceOrder changed state");
    expect(envelope.description).toBe("serviceOrder o-1 is inProgress");
    expect(envelope.priority).toBe("high");
    expect(envelope.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("carries the resource under its name", () => {
    expect(envelope.event).toEqual({ serviceOrder: order });
  });

  it("gives every event its own id", () => {
    const again = buildEnvelope({ style: serviceOrder, kind: "stateChange", document: order, domain: "do-lulea", occurredAt });
    expect(again.eventId).not.toBe(envelope.eventId);
  });

  it("passes the schema listeners check it with", () => {
    expect(receivedEventSchema.safeParse(envelope).success).toBe(true);
  });
});

describe("receivedEventSchema", () => {
  it.each([
    ["no eventId", { eventType: "ServiceOrderStateChangeEvent", event: { serviceOrder: { id: "1" } } }],
    ["a lower-case eventType", { eventId: "e", eventType: "serviceOrderStateChangeEvent", event: { serviceOrder: { id: "1" } } }],
    ["a resource without id", { eventId: "e", eventType: "ServiceOrderStateChangeEvent", event: { serviceOrder: { state: "completed" } } }],
    ["no event", { eventId: "e", eventType: "ServiceOrderStateChangeEvent" }],
  ])("rejects an event with %s", (_case, body) => {
    expect(receivedEventSchema.safeParse(body).success).toBe(false);
  });
});

describe("event queries", () => {
  const envelope = buildEnvelope({ style: serviceOrder, kind: "stateChange", document: order, domain: "eso" });

  it("takes every event without a query", () => {
    expect(parseEventQuery(undefined)).toEqual([]);
    expect(parseEventQuery("  ")).toEqual([]);
    expect(matchesEventQuery(envelope, [])).toBe(true);
  });

  it.each([
    ["eventType=ServiceOrderStateChangeEvent", true],
    ["eventType=serviceOrderStateChangeEvent", true],
    ["?eventType = ServiceOrderCreateEvent,ServiceOrderStateChangeEvent", true],
    ["eventType=ServiceOrderCreateEvent", false],
    ["event.serviceOrder.state=inProgress", true],
    ["event.serviceOrder.state=completed", false],
    ["event.serviceOrder.serviceOrderItem.state=inProgress", true],
    ["eventType=ServiceOrderStateChangeEvent&domain=do-lulea", false],
    ["eventType=ServiceOrderStateChangeEvent&domain=eso", true],
  ])("evaluates %s as %s", (query, expected) => {
    expect(matchesEventQuery(envelope, parseEventQuery(query))).toBe(expected);
  });

  it.each(["eventType", "=x", "event..state=x", "eventType=a,,b", "eventType=%zz"])("rejects the malformed query %s", (query) => {
    expect(() => parseEventQuery(query)).toThrow(InvalidEventQueryError);
  });
});

describe("callback validation", () => {
  it.each(["http://127.0.0.1:3001/tmf-events/peer/x", "https://eso.example.org/listener-base", "http://[::1]:3000/hook"])("accepts %s", (url) => {
    expect(callbackProblem(url)).toBeUndefined();
  });

  it.each([
    ["not a URL", "not a url"],
    ["ftp", "ftp://127.0.0.1/x"],
    ["the metadata address", "http://169.254.169.254/latest"],
    ["the metadata address as a number", "http://2852039166/latest"],
    ["a link-local address", "http://169.254.10.1/x"],
    ["an IPv6 link-local address", "http://[fe80::1]/x"],
    ["an IPv4-mapped metadata address", "http://[::ffff:169.254.169.254]/x"],
    ["the GCP metadata host", "http://metadata.google.internal/x"],
    ["the AWS IPv6 metadata address", "http://[fd00:ec2::254]/x"],
    ["the unspecified address", "http://0.0.0.0:3000/x"],
    ["credentials", "http://user:pw@127.0.0.1/x"],
    ["a query", "http://127.0.0.1/x?a=1"],
  ])("rejects %s", (_case, url) => {
    expect(callbackProblem(url)).toBeDefined();
  });

  it("drops trailing slashes", () => {
    expect(callbackSchema.parse("http://127.0.0.1:3001/hook/")).toBe("http://127.0.0.1:3001/hook");
  });
});

describe("changeKindsOf", () => {
  it("finds a create and a delete", () => {
    expect(changeKindsOf(undefined, order)).toEqual(["create"]);
    expect(changeKindsOf(order, undefined)).toEqual(["delete"]);
  });

  it("finds a state change alone", () => {
    expect(changeKindsOf(order, { ...order, state: "completed", lastUpdate: "later" })).toEqual(["stateChange"]);
  });

  it("finds an attribute change alone", () => {
    expect(changeKindsOf(order, { ...order, description: "new" })).toEqual(["attributeValueChange"]);
  });

  it("finds both", () => {
    expect(changeKindsOf(order, { ...order, state: "completed", serviceOrderItem: [{ id: "1", state: "completed" }] })).toEqual(["stateChange", "attributeValueChange"]);
  });

  it("ignores a change of lastUpdate only", () => {
    expect(changeKindsOf({ ...order, lastUpdate: "a" }, { ...order, lastUpdate: "b" })).toEqual([]);
  });

  it("reads lifecycleStatus as the state of catalogue resources", () => {
    expect(changeKindsOf({ id: "s", lifecycleStatus: "In design" }, { id: "s", lifecycleStatus: "Active" })).toEqual(["stateChange"]);
  });
});

describe("deliveryBackoff", () => {
  it("doubles from the base up to the cap", () => {
    const options = { baseBackoffMs: 100, maxBackoffMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((attempts) => deliveryBackoff(attempts, options))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
});
