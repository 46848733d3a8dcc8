import { z } from "zod";
import { TmfClient } from "@cop-pilot/tmf-client";

// Seeds the Data Management of the pilot domains that have data services in
// the service library, through the DM's own connectors. An NGSI-LD push
// connector receives batches of entities and a CSV connector an uploaded
// file, as a domain's devices and exports would send them. The
// readings are synthetic but follow the daily cycles and ranges of the real
// installations: a 500 kW biogas plant, Douro vineyard stations and office
// buildings in Valencia.

const datasetSummary = z.looseObject({ id: z.string(), entityType: z.string() });
const createdDataset = z.looseObject({ id: z.string(), serviceSpecificationId: z.string().nullable() });
const createdConnector = z.looseObject({ id: z.string(), token: z.string().optional() });

export interface DataDomain {
  id: string;
  url: string;
  token: string;
}

/** A small deterministic generator (mulberry32), so that every start seeds the same readings. */
function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Times of the readings: every `stepMinutes` over the last `hours`, ending at the last full step. */
function readingTimes(hours: number, stepMinutes: number): Date[] {
  const step = stepMinutes * 60_000;
  const end = Math.floor(Date.now() / step) * step;
  const count = (hours * 60) / stepMinutes;
  return Array.from({ length: count }, (_, index) => new Date(end - (count - 1 - index) * step));
}

function property(value: number, observedAt: Date, unitCode?: string) {
  return { type: "Property", value, observedAt: observedAt.toISOString(), ...(unitCode && { unitCode }) };
}

/** Biogas plant near Preveza: two digesters, the gas holder and the CHP engine, every 15 minutes over 24 hours. */
export function biogasReadings(): Record<string, unknown>[] {
  const random = randomGenerator(20260501);
  const units = [
    { id: "digester-1", temperature: 38.5, methane: 56 },
    { id: "digester-2", temperature: 39.2, methane: 54 },
  ];
  const entities: Record<string, unknown>[] = [];
  for (const time of readingTimes(24, 15)) {
    const hour = time.getUTCHours() + time.getUTCMinutes() / 60;
    // Feeding happens at 06:00 and 18:00 UTC; gas production peaks a few hours later.
    const feedingEffect = Math.exp(-(((hour - 9) % 12) ** 2) / 8);
    for (const unit of units) {
      entities.push({
        id: `urn:ngsi-ld:BiogasReading:preveza-${unit.id}`,
        type: "BiogasReading",
        digesterTemperature: property(round(unit.temperature + (random() - 0.5) * 0.6), time, "CEL"),
        ph: property(round(7.2 + (random() - 0.5) * 0.3 - feedingEffect * 0.15), time),
        biogasFlow: property(round(95 + feedingEffect * 35 + (random() - 0.5) * 8, 1), time, "MQH"),
        methane: property(round(unit.methane + (random() - 0.5) * 2, 1), time, "P1"),
        location: { type: "GeoProperty", value: { type: "Point", coordinates: [20.7503, 38.9589] } },
      });
    }
    entities.push({
      id: "urn:ngsi-ld:BiogasReading:preveza-chp-engine",
      type: "BiogasReading",
      electricPower: property(round(420 + feedingEffect * 60 + (random() - 0.5) * 20, 1), time, "KWT"),
      biogasFlow: property(round(190 + feedingEffect * 60 + (random() - 0.5) * 10, 1), time, "MQH"),
      location: { type: "GeoProperty", value: { type: "Point", coordinates: [20.7505, 38.9591] } },
    });
  }
  return entities;
}

/** Douro vineyard stations, hourly over 48 hours, as the stations' CSV export writes them; one line carries a sensor error code. */
export function vineyardWeatherCsv(): string {
  const random = randomGenerator(20260502);
  const stations = [
    { id: "douro-pinhao-01", longitude: -7.5455, latitude: 41.1915, altitude: 0 },
    { id: "douro-regua-02", longitude: -7.7881, latitude: 41.1631, altitude: 1 },
    { id: "douro-tua-03", longitude: -7.4263, latitude: 41.2206, altitude: 2 },
    { id: "douro-tabuaco-04", longitude: -7.5669, latitude: 41.1178, altitude: 3 },
  ];
  const lines = ["station,observedAt,longitude,latitude,airTemperature,relativeHumidity,soilMoisture,leafWetness,rainfall"];
  readingTimes(48, 60).forEach((time, step) => {
    const hour = time.getUTCHours();
    // A daily cycle: coolest before sunrise, warmest mid-afternoon.
    const daily = Math.sin(((hour - 9) / 24) * 2 * Math.PI);
    for (const station of stations) {
      const temperature = round(19 + daily * 8 - station.altitude * 0.8 + (random() - 0.5) * 1.5, 1);
      const humidity = round(Math.min(98, 62 - daily * 22 + (random() - 0.5) * 6), 0);
      const rain = random() > 0.93 ? round(random() * 2.4, 1) : 0;
      const soil = round(0.24 + rain * 0.01 + (random() - 0.5) * 0.02, 3);
      const wetness = round(humidity > 85 || rain > 0 ? 0.6 + random() * 0.4 : random() * 0.1, 2);
      // The Tua station's logger writes ERR when its thermometer fails a self-test.
      const temperatureText = station.id === "douro-tua-03" && step === 30 ? "ERR" : String(temperature);
      lines.push([station.id, time.toISOString(), station.longitude, station.latitude, temperatureText, humidity, soil, wetness, rain].join(","));
    }
  });
  return `${lines.join("\n")}\n`;
}

/** Offices in Valencia: one sensor per room, every 5 minutes over 12 hours; the dataset's pipeline aggregates them to 15 minutes. */
export function indoorEnvironmentReadings(): Record<string, unknown>[] {
  const random = randomGenerator(20260503);
  const rooms = ["ciutat-politecnica-a1-101", "ciutat-politecnica-a1-102", "ciutat-politecnica-a1-201", "la-marina-b2-001", "la-marina-b2-014"];
  const entities: Record<string, unknown>[] = [];
  // Twelve full hours from hh:00, so that batches of one hour fill whole aggregation windows.
  const times = readingTimes(13, 5);
  const firstFullHour = times.findIndex((time) => time.getUTCMinutes() === 0);
  for (const time of times.slice(firstFullHour, firstFullHour + 144)) {
    const hour = time.getUTCHours() + 1 + time.getUTCMinutes() / 60;
    const occupied = hour >= 8 && hour <= 19 ? Math.sin(((hour - 8) / 11) * Math.PI) : 0;
    rooms.forEach((room, index) => {
      const people = Math.round(occupied * (6 + index * 2) * (0.7 + random() * 0.3));
      entities.push({
        id: `urn:ngsi-ld:IndoorEnvironment:${room}`,
        type: "IndoorEnvironment",
        temperature: property(round(21.5 + occupied * 2.5 + (random() - 0.5) * 0.6, 1), time, "CEL"),
        relativeHumidity: property(round(48 + occupied * 8 + (random() - 0.5) * 4, 0), time, "P1"),
        co2: property(Math.round(430 + people * 55 + (random() - 0.5) * 30), time, "59"),
        occupancy: property(people, time),
      });
    });
  }
  return entities;
}

interface DatasetSeed {
  domainId: string;
  dataset: Record<string, unknown>;
  load(domain: DataDomain, datasetId: string, client: TmfClient): Promise<string>;
}

async function pushBatches(domain: DataDomain, connectorToken: string, entities: Record<string, unknown>[]): Promise<number> {
  let written = 0;
  for (let start = 0; start < entities.length; start += 500) {
    const batch = entities.slice(start, start + 500);
    const response = await fetch(`${domain.url}/ngsi-ld/v1/entityOperations/upsert`, {
      method: "POST",
      headers: { authorization: `Bearer ${connectorToken}`, "content-type": "application/ld+json" },
      body: JSON.stringify(batch),
      signal: AbortSignal.timeout(60_000),
    });
    if (response.status !== 201 && response.status !== 204 && response.status !== 207) {
      throw new Error(`NGSI-LD upsert to ${domain.url} failed with HTTP ${response.status}: ${await response.text()}`);
    }
    written += batch.length;
  }
  return written;
}

const seeds: DatasetSeed[] = [
  {
    domainId: "preveza",
    dataset: {
      entityType: "BiogasReading",
      title: "Preveza biogas plant process sensors",
      description: {
        description: "Digester temperature, pH, biogas flow, methane content and CHP electric output of the 500 kW biogas plant near Preveza.",
        keywords: ["biogas", "energy", "digester", "CHP"],
        spatial: { name: "Preveza, Epirus, Greece", bbox: [20.74, 38.95, 20.76, 38.97] },
        temporal: { startDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) },
        license: "CC-BY-4.0",
        publisher: "Preveza Energy Domain",
        accrualPeriodicity: "continuous",
      },
      pipeline: [
        { step: "dropOutOfRange", attribute: "digesterTemperature", min: 20, max: 60 },
        { step: "dropOutOfRange", attribute: "ph", min: 5, max: 9 },
      ],
    },
    async load(domain, datasetId, client) {
      const connector = await client.create(`/data-management/v1/datasets/${datasetId}/connectors`, { kind: "ngsi-ld", name: "Plant SCADA gateway" }, createdConnector);
      const written = await pushBatches(domain, connector.token!, biogasReadings());
      return `${written} biogas readings pushed over NGSI-LD`;
    },
  },
  {
    domainId: "portugal-spain",
    dataset: {
      entityType: "VineyardWeather",
      title: "Douro vineyard weather and soil stations",
      description: {
        description: "Hourly air temperature, relative humidity, soil moisture, leaf wetness and rainfall from weather stations in Douro vineyards.",
        keywords: ["vineyard", "weather", "soil", "irrigation"],
        spatial: { name: "Douro valley, Portugal", bbox: [-7.8, 41.1, -7.4, 41.25] },
        temporal: { startDate: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10) },
        license: "CC-BY-4.0",
        publisher: "Portugal–Spain Vineyards Domain",
        accrualPeriodicity: "hourly",
      },
      pipeline: [{ step: "dropOutOfRange", attribute: "airTemperature", min: -30, max: 55 }],
    },
    async load(domain, datasetId, client) {
      const connector = await client.create(
        `/data-management/v1/datasets/${datasetId}/connectors`,
        {
          kind: "csv",
          name: "Station logger export",
          config: {
            idColumn: "station",
            idPrefix: "urn:ngsi-ld:VineyardWeather:",
            timeColumn: "observedAt",
            longitudeColumn: "longitude",
            latitudeColumn: "latitude",
            columns: {
              airTemperature: { attribute: "airTemperature", unitCode: "CEL" },
              relativeHumidity: { attribute: "relativeHumidity", unitCode: "P1" },
              soilMoisture: { attribute: "soilMoisture", unitCode: "C62" },
              leafWetness: { attribute: "leafWetness", unitCode: "C62" },
              rainfall: { attribute: "rainfall", unitCode: "MMT" },
            },
          },
        },
        createdConnector,
      );
      const response = await fetch(`${domain.url}/data-management/v1/connectors/${connector.id}/upload`, {
        method: "POST",
        headers: { authorization: `Bearer ${domain.token}`, "content-type": "text/csv" },
        body: vineyardWeatherCsv(),
        signal: AbortSignal.timeout(60_000),
      });
      if (!response.ok) throw new Error(`CSV upload to ${domain.url} failed with HTTP ${response.status}: ${await response.text()}`);
      const result = z.object({ storedRecords: z.number(), entities: z.number(), rejected: z.array(z.unknown()) }).parse(await response.json());
      return `CSV uploaded: ${result.storedRecords} readings of ${result.entities} stations stored, ${result.rejected.length} rejected`;
    },
  },
  {
    domainId: "valencia",
    dataset: {
      entityType: "IndoorEnvironment",
      title: "Valencia smart-building indoor environment",
      description: {
        description: "Temperature, relative humidity, CO2 and occupancy of office rooms in Valencia, averaged over 15 minutes.",
        keywords: ["smart building", "indoor air quality", "occupancy"],
        spatial: { name: "Valencia, Spain", bbox: [-0.42, 39.44, -0.32, 39.5] },
        temporal: { startDate: new Date().toISOString().slice(0, 10) },
        license: "CC-BY-4.0",
        publisher: "Valencia Smart City Domain",
        accrualPeriodicity: "continuous",
      },
      pipeline: [
        { step: "dropOutOfRange", attribute: "co2", min: 300, max: 5000 },
        { step: "aggregate", windowSeconds: 900, function: "avg", attributes: ["temperature", "relativeHumidity", "co2", "occupancy"] },
      ],
    },
    async load(domain, datasetId, client) {
      const connector = await client.create(`/data-management/v1/datasets/${datasetId}/connectors`, { kind: "ngsi-ld", name: "Building management system" }, createdConnector);
      // One batch per hour of readings, as the building management system sends them, so that each batch fills whole 15-minute windows.
      const entities = indoorEnvironmentReadings();
      let written = 0;
      for (let start = 0; start < entities.length; start += 60) written += await pushBatches(domain, connector.token!, entities.slice(start, start + 60));
      return `${written} room readings pushed over NGSI-LD`;
    },
  },
];

/** Creates each seed dataset that a domain with Data Management lacks, and loads its readings through its connector. */
export async function seedDatasets(domains: DataDomain[], log: (message: string) => void): Promise<void> {
  for (const domain of domains) {
    const client = new TmfClient({ baseUrl: domain.url, token: domain.token, timeoutMs: 60_000 });
    const existing = await client.get("/data-management/v1/datasets", z.array(datasetSummary));
    for (const seed of seeds.filter((candidate) => candidate.domainId === domain.id)) {
      if (existing.some((dataset) => dataset.entityType === seed.dataset.entityType)) continue;
      const dataset = await client.create("/data-management/v1/datasets", seed.dataset, createdDataset);
      log(`${domain.id}: dataset "${String(seed.dataset.title)}" created; ${await seed.load(domain, dataset.id, client)}`);
    }
  }
}
