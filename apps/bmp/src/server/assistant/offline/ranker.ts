import { domains } from "@cop-pilot/service-library";
import { contentTerms, expandTerms, normaliseText, splitIdentifier } from "./text";

// Deterministic ranking of offerings against a request in plain language.
// Each offering is indexed by field (name, categories, description,
// characteristics, domain). A matching term scores its inverse document
// frequency times the weight of the fields it occurs in. Terms that match
// only the domain (a place or sector) or a characteristic cannot carry a
// match alone, so "something for the mine" does not pick the first mining
// offering and "parking for the city" finds nothing.

/** The fields of an offering that the ranker indexes. */
export interface SearchableOffering {
  id: string;
  name: string;
  description?: string;
  categories: string[];
  catalog?: string;
  /** Name of the domain that provides the service, e.g. "Luleå Mining Domain". */
  domainName?: string;
  /** Characteristics the customer may set, with their enumerated values. */
  characteristics: { name: string; description?: string; values?: string[] }[];
}

export interface RankedOffering {
  offering: SearchableOffering;
  /** Score of all matching terms. */
  score: number;
  /** Score of the terms that match the name, categories, description or an enumerated value; characteristic names and the domain alone do not count. */
  contentScore: number;
  matchedTerms: string[];
}

const fieldWeights = { name: 3, category: 2, description: 1, value: 1, characteristic: 0.5, domain: 1.5 } as const;
type Field = keyof typeof fieldWeights;

/** The lowest content score at which an offering counts as a match; below it the request has no match in the catalogue. */
export const minimumContentScore = 2.2;

interface IndexedOffering {
  offering: SearchableOffering;
  fields: Record<Field, Set<string>>;
}

/** Adds the place, region, sector and pilot cluster of a pilot domain to the domain's name. */
function domainText(domainName: string | undefined): string {
  if (!domainName) return "";
  const normalised = normaliseText(domainName);
  const domain = domains.find((candidate) => normaliseText(candidate.name) === normalised || candidate.id === normalised);
  if (!domain) return domainName;
  return [domain.name, domain.sector, domain.location.city, domain.location.region, domain.pilotCluster.name].join(" ");
}

function indexOffering(offering: SearchableOffering): IndexedOffering {
  const terms = (text: string) => new Set(contentTerms(text));
  return {
    offering,
    fields: {
      name: terms(offering.name),
      category: terms(offering.categories.join(" ")),
      description: terms(offering.description ?? ""),
      characteristic: terms(offering.characteristics.map((characteristic) => `${splitIdentifier(characteristic.name)} ${characteristic.description ?? ""}`).join(" ")),
      value: terms(offering.characteristics.flatMap((characteristic) => characteristic.values ?? []).join(" ")),
      domain: terms(`${domainText(offering.domainName)} ${offering.catalog ?? ""}`),
    },
  };
}

/** A ranker over a fixed list of offerings; build one per catalogue read. */
export class OfferingRanker {
  private readonly indexed: IndexedOffering[];
  private readonly documentFrequency = new Map<string, number>();

  constructor(offerings: readonly SearchableOffering[]) {
    this.indexed = offerings.map(indexOffering);
    for (const entry of this.indexed) {
      const all = new Set(Object.values(entry.fields).flatMap((set) => [...set]));
      for (const term of all) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    }
  }

  private idf(term: string): number {
    const frequency = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + this.indexed.length / (frequency + 0.5));
  }

  /** Ranks every offering that matches at least one term, best first; ties keep catalogue order. */
  rank(request: string): RankedOffering[] {
    const terms = expandTerms(request);
    const ranked: RankedOffering[] = [];
    for (const entry of this.indexed) {
      let score = 0;
      let contentScore = 0;
      const matchedTerms: string[] = [];
      for (const { term, weight } of terms) {
        const matchedFields = (Object.keys(fieldWeights) as Field[]).filter((field) => entry.fields[field].has(term));
        if (matchedFields.length === 0) continue;
        // Several fields add up, but one term cannot outweigh the rest of the request.
        const fieldWeight = Math.min(4, matchedFields.reduce((sum, field) => sum + fieldWeights[field], 0));
        const termScore = weight * this.idf(term) * fieldWeight;
        score += termScore;
        // A word of the domain (its place or sector) names where, not what, even where the offering's own text repeats it.
        const describesWhat = !entry.fields.domain.has(term) && matchedFields.some((field) => field === "name" || field === "category" || field === "description" || field === "value");
        if (describesWhat) contentScore += termScore;
        matchedTerms.push(term);
      }
      if (score > 0) ranked.push({ offering: entry.offering, score, contentScore, matchedTerms });
    }
    return ranked.sort((left, right) => right.score - left.score);
  }

  /** Returns the best match when its content score reaches the minimum, else undefined. */
  best(request: string): RankedOffering | undefined {
    const [first] = this.rank(request).filter((candidate) => candidate.contentScore >= minimumContentScore);
    return first;
  }
}

/** Returns whether the request has any word that could match a catalogue entry. */
export function hasContent(request: string): boolean {
  return contentTerms(request).length > 0;
}
