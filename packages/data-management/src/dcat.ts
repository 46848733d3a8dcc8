import { z } from "zod";

// Dataset descriptions with the DCAT-AP 3.0 properties a catalogue user needs
// to decide whether a dataset fits: what it is, where and when it covers,
// under which licence, who owns it and how often it changes.

const isoDate = z.iso.date();

export const accrualPeriodicities = ["continuous", "hourly", "daily", "weekly", "monthly", "irregular"] as const;

export const datasetDescriptionSchema = z.object({
  /** dct:description */
  description: z.string().trim().min(1).max(2000),
  /** dcat:keyword */
  keywords: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
  /** dct:spatial, as a place name and a bounding box [west, south, east, north] in WGS 84. */
  spatial: z
    .object({
      name: z.string().trim().min(1).max(200),
      bbox: z
        .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)])
        .refine(([west, south, east, north]) => west <= east && south <= north, "must be [west, south, east, north]")
        .optional(),
    })
    .optional(),
  /** dct:temporal; an open end means the dataset is still being extended. */
  temporal: z.object({ startDate: isoDate, endDate: isoDate.optional() }).optional(),
  /** dct:license, as an SPDX identifier or a URL. */
  license: z.string().trim().min(1).max(200),
  /** dct:publisher: the party that owns the dataset. */
  publisher: z.string().trim().min(1).max(200),
  /** dct:accrualPeriodicity, from the EU frequency vocabulary. */
  accrualPeriodicity: z.enum(accrualPeriodicities),
});

export type DatasetDescription = z.infer<typeof datasetDescriptionSchema>;

const frequencyUris: Record<DatasetDescription["accrualPeriodicity"], string> = {
  continuous: "http://publications.europa.eu/resource/authority/frequency/CONT",
  hourly: "http://publications.europa.eu/resource/authority/frequency/HOURLY",
  daily: "http://publications.europa.eu/resource/authority/frequency/DAILY",
  weekly: "http://publications.europa.eu/resource/authority/frequency/WEEKLY",
  monthly: "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
  irregular: "http://publications.europa.eu/resource/authority/frequency/IRREG",
};

export interface DatasetSummary {
  id: string;
  title: string;
  entityType: string;
  description: DatasetDescription;
}

/** Returns the dataset as a DCAT-AP dcat:Dataset in JSON-LD, with one dcat:Distribution for its NGSI-LD endpoint. */
export function toDcatDataset(dataset: DatasetSummary, endpointUrl: string, modified?: Date): Record<string, unknown> {
  const { description } = dataset;
  const spatial = description.spatial && {
    "@type": "dct:Location",
    "skos:prefLabel": description.spatial.name,
    ...(description.spatial.bbox && { "dcat:bbox": `POLYGON((${bboxRing(description.spatial.bbox)}))` }),
  };
  return {
    "@context": {
      dcat: "http://www.w3.org/ns/dcat#",
      dct: "http://purl.org/dc/terms/",
      skos: "http://www.w3.org/2004/02/skos/core#",
      foaf: "http://xmlns.com/foaf/0.1/",
    },
    "@id": `urn:cop-pilot:dataset:${dataset.id}`,
    "@type": "dcat:Dataset",
    "dct:identifier": dataset.id,
    "dct:title": dataset.title,
    "dct:description": description.description,
    "dcat:keyword": description.keywords,
    ...(spatial && { "dct:spatial": spatial }),
    ...(description.temporal && {
      "dct:temporal": {
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": description.temporal.startDate,
        ...(description.temporal.endDate && { "dcat:endDate": description.temporal.endDate }),
      },
    }),
    "dct:license": description.license,
    "dct:publisher": { "@type": "foaf:Agent", "foaf:name": description.publisher },
    "dct:accrualPeriodicity": { "@id": frequencyUris[description.accrualPeriodicity] },
    ...(modified && { "dct:modified": modified.toISOString() }),
    "dcat:distribution": [
      {
        "@type": "dcat:Distribution",
        "dcat:accessURL": { "@id": `${endpointUrl}?type=${encodeURIComponent(dataset.entityType)}` },
        "dct:format": "application/ld+json",
        "dct:conformsTo": { "@id": "https://www.etsi.org/deliver/etsi_gs/CIM/001_099/009/" },
      },
    ],
  };
}

function bboxRing([west, south, east, north]: [number, number, number, number]): string {
  return [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
    [west, south],
  ]
    .map(([x, y]) => `${x} ${y}`)
    .join(", ");
}
