import { z } from "zod";
import { tmfApiPaths, type ServiceSpecification } from "@cop-pilot/tmf-schemas";
import type { TmfClient } from "@cop-pilot/tmf-client";
import { otherDialectHint, webUrl, withoutNulls, type PeerAdapter, type RemoteOrder } from "./types";

// The dialect of OpenSlice (ETSI OSL), the orchestrator most COP-PILOT
// domains run. It serves the TMF633/641 paths with older attribute names:
// `serviceSpecCharacteristic` with `serviceSpecCharacteristicValue` entries
// whose value is wrapped as `{ value, alias }`, `orderItem` for the order
// items, and order states in upper case. It replies to POST with 200, ignores
// `offset`, `limit` and `fields`, and sends null for unset attributes. This
// module maps its replies to the canonical TMF v4 shapes and our requests to
// its shapes.

const catalog = tmfApiPaths.serviceCatalog;
const ordering = tmfApiPaths.serviceOrdering;

/** OpenSlice order and item states and their TMF641 v4 spelling; OpenSlice creates an order in INITIAL. */
export const openSliceStates = {
  INITIAL: "acknowledged",
  ACKNOWLEDGED: "acknowledged",
  PENDING: "pending",
  HELD: "held",
  INPROGRESS: "inProgress",
  COMPLETED: "completed",
  FAILED: "failed",
  PARTIAL: "partial",
  REJECTED: "rejected",
  CANCELLED: "cancelled",
} as const;
export type OpenSliceState = keyof typeof openSliceStates;
const openSliceState = z.enum(Object.keys(openSliceStates) as [OpenSliceState, ...OpenSliceState[]]);

const optionalText = z.string().nullish();
const optionalNumber = z.coerce.number().nullish();

const characteristicValue = z.looseObject({
  value: z.union([z.looseObject({ value: z.unknown(), alias: z.string().nullish() }), z.string(), z.number(), z.boolean()]).nullish(),
  valueType: optionalText,
  isDefault: z.boolean().nullish(),
  unitOfMeasure: optionalText,
  valueFrom: optionalNumber,
  valueTo: optionalNumber,
  rangeInterval: optionalText,
});

const characteristic = z.looseObject({
  id: optionalText,
  name: z.string().min(1),
  description: optionalText,
  valueType: optionalText,
  configurable: z.boolean().nullish(),
  minCardinality: z.number().int().min(0).nullish(),
  maxCardinality: z.number().int().min(0).nullish(),
  extensible: z.boolean().nullish(),
  serviceSpecCharacteristicValue: z.array(characteristicValue).nullish(),
});

/** OpenSlice value types (upper case) and the TMF value type each maps to; others are kept in lower case. */
const canonicalValueTypes: Record<string, string> = {
  INTEGER: "integer",
  SMALLINT: "integer",
  LONGINT: "integer",
  FLOAT: "number",
  NUMBER: "number",
  BOOLEAN: "boolean",
  TEXT: "string",
  STRING: "string",
  ENUM: "string",
};

export function toCanonicalValueType(valueType: string | undefined): string | undefined {
  if (valueType === undefined) return undefined;
  return canonicalValueTypes[valueType.toUpperCase()] ?? valueType.toLowerCase();
}

/** Converts a value that OpenSlice sends as text to the type its characteristic declares; text that does not convert stays text. */
function typedValue(value: unknown, valueType: string | undefined): unknown {
  if (typeof value !== "string") return value;
  if (valueType === "integer" && /^-?\d+$/.test(value.trim())) return Number(value);
  if (valueType === "number" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  if (valueType === "boolean" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
  return value;
}

function toCanonicalValue(entry: z.infer<typeof characteristicValue>, characteristicValueType: string | undefined) {
  const { value, valueType: ownValueType, ...rest } = withoutNulls(entry);
  const valueType = toCanonicalValueType(ownValueType ?? undefined) ?? characteristicValueType;
  const plain = typedValue(value !== null && typeof value === "object" ? value.value : value, valueType);
  return { ...rest, ...(valueType ? { valueType } : {}), ...(plain === undefined || plain === null ? {} : { value: plain }) };
}

function toCanonicalCharacteristic(entry: z.infer<typeof characteristic>) {
  const { serviceSpecCharacteristicValue, valueType: openSliceValueType, ...rest } = withoutNulls(entry);
  const valueType = toCanonicalValueType(openSliceValueType ?? undefined);
  return {
    ...rest,
    ...(valueType ? { valueType } : {}),
    characteristicValueSpecification: (serviceSpecCharacteristicValue ?? []).map((value) => toCanonicalValue(value, valueType)),
  };
}

export const openSliceSpecification = otherDialectHint("serviceSpecCharacteristic", "specCharacteristic", "tmf").pipe(
  z
    .looseObject({
      id: z.string().min(1),
      href: optionalText,
      name: z.string().trim().min(1),
      description: optionalText,
      version: optionalText,
      lifecycleStatus: optionalText,
      lastUpdate: optionalText,
      isBundle: z.boolean().nullish(),
      serviceSpecCharacteristic: z.array(characteristic).nullish(),
    })
    .transform((specification): ServiceSpecification => {
      const { serviceSpecCharacteristic, ...rest } = withoutNulls(specification);
      return { ...rest, specCharacteristic: (serviceSpecCharacteristic ?? []).map(toCanonicalCharacteristic) } as ServiceSpecification;
    }),
);

const orderItem = z.looseObject({
  id: z.string().min(1),
  action: optionalText,
  state: openSliceState.nullish(),
  service: z
    .looseObject({ id: z.string().min(1).nullish(), href: webUrl.nullish().catch(undefined) })
    .nullish()
    .catch(undefined),
});

export const openSliceOrder = otherDialectHint("orderItem", "serviceOrderItem", "tmf").pipe(
  z
    .looseObject({
      id: z.string().min(1),
      href: webUrl.nullish().catch(undefined),
      state: openSliceState.nullish(),
      orderItem: z.array(orderItem).nullish(),
      note: z.array(z.looseObject({ text: z.string(), author: optionalText, date: optionalText })).nullish(),
    })
    .transform(
      (order): RemoteOrder => ({
        id: order.id,
        ...(order.href ? { href: order.href } : {}),
        ...(order.state ? { state: openSliceStates[order.state] } : {}),
        serviceOrderItem: (order.orderItem ?? []).map((item) => ({
          id: item.id,
          ...(item.state ? { state: openSliceStates[item.state] } : {}),
          ...(item.service?.id ? { service: { id: item.service.id, ...(item.service.href ? { href: item.service.href } : {}) } } : {}),
        })),
        note: (order.note ?? []).map((note) => withoutNulls({ text: note.text, author: note.author ?? undefined, date: note.date ?? undefined })),
      }),
    ),
);

type OutgoingItem = Record<string, unknown> & { service?: Record<string, unknown> & { serviceCharacteristic?: Record<string, unknown>[] } };

/**
 * Rewrites a TMF641 v4 order for OpenSlice: `serviceOrderItem` becomes
 * `orderItem`, and each characteristic value is sent as text wrapped in
 * `{ value, alias }`, the shape of OpenSlice's `Any`.
 */
export function toOpenSliceOrder(order: Record<string, unknown>): Record<string, unknown> {
  const { serviceOrderItem, ...rest } = order;
  const items = (Array.isArray(serviceOrderItem) ? serviceOrderItem : []) as OutgoingItem[];
  return {
    ...rest,
    orderItem: items.map((item) =>
      item.service?.serviceCharacteristic === undefined
        ? item
        : {
            ...item,
            service: {
              ...item.service,
              serviceCharacteristic: item.service.serviceCharacteristic.map(({ value, ...characteristic }) => ({
                ...characteristic,
                value: { value: typeof value === "string" ? value : JSON.stringify(value), alias: "" },
              })),
            },
          },
    ),
  };
}

export function createOpenSliceAdapter(withClient: <T>(call: (client: TmfClient) => Promise<T>) => Promise<T>): PeerAdapter {
  return {
    dialect: "openslice",
    // OpenSlice returns the whole list in one reply, so no paging parameters are sent.
    listServiceSpecifications: () => withClient((client) => client.get(`${catalog}/serviceSpecification`, z.array(openSliceSpecification))),
    getServiceSpecification: (id) => withClient((client) => client.get(`${catalog}/serviceSpecification/${encodeURIComponent(id)}`, openSliceSpecification)),
    // NOTE: OpenSlice ignores Idempotency-Key, so an order whose reply was lost is placed again on the retry.
    createServiceOrder: (order) => withClient((client) => client.create(`${ordering}/serviceOrder`, toOpenSliceOrder(order), openSliceOrder)),
    getServiceOrder: (id) => withClient((client) => client.get(`${ordering}/serviceOrder/${encodeURIComponent(id)}`, openSliceOrder)),
    // NOTE: cancels by setting the order state with PATCH, which the emulator implements; not yet tried against a real OpenSlice.
    cancelServiceOrder: async (id) => {
      await withClient((client) => client.patch(`${ordering}/serviceOrder/${encodeURIComponent(id)}`, { state: "CANCELLED" }, openSliceOrder, "application/json"));
    },
  };
}
