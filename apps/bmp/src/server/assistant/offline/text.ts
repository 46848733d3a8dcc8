// Text handling of the offline assistant: tokens without case or accents,
// a light English stemmer, and the synonyms that map how pilot users speak
// onto the words the catalogue uses.

const stopwords = new Set(
  (
    "a an and are as at be but by can could do does for from get give got has have i i'd i'm in is it its just let like looking " +
    "me my need needs of on or our please set should so some something that the their them there these this those to up us " +
    "want wants we we'd we're what which with would you your order ordering buy service services solution help find thing things " +
    "new also about any all into one two per each will shall yes no ok okay now place placing confirm go ahead default defaults rest"
  ).split(" "),
);

/** Words that start with a digit but name a thing rather than a quantity. */
const networkGenerations = new Set(["4g", "5g", "6g"]);

/**
 * Words a user may write for what the catalogue calls otherwise, by stem.
 * The pilot domains come first: each is reachable by its place, sector and
 * everyday words.
 */
const synonyms: Record<string, string[]> = {
  // Luleå, mining
  mine: ["mining", "lulea"],
  mining: ["mine", "lulea"],
  miner: ["mining"],
  underground: ["mining", "underground"],
  lulea: ["mining"],
  norrbotten: ["lulea", "mining"],
  sweden: ["lulea"],
  swedish: ["lulea"],
  quake: ["seismic"],
  earthquake: ["seismic"],
  tremor: ["seismic"],
  blast: ["seismic", "blast"],
  geophone: ["seismic", "sensor"],
  belt: ["conveyor", "belt"],
  colony: ["colonyos"],
  // Valencia, smart city
  city: ["smart", "valencia", "municipal"],
  urban: ["city", "valencia"],
  municipal: ["city", "valencia"],
  municipality: ["city", "municipal"],
  town: ["city"],
  valencia: ["city"],
  harbour: ["port", "maritime"],
  harbor: ["port", "maritime"],
  ship: ["vessel", "maritime"],
  boat: ["vessel", "maritime"],
  vessel: ["maritime"],
  garbage: ["waste", "container"],
  trash: ["waste", "container"],
  rubbish: ["waste", "container"],
  bin: ["waste", "container"],
  recycle: ["recycling"],
  flood: ["flood", "rainfall"],
  rain: ["rainfall", "precipitation", "weather"],
  storm: ["weather", "rainfall"],
  video: ["camera"],
  detector: ["detection"],
  notify: ["alert", "notification"],
  notification: ["alert"],
  sms: ["alert", "channel"],
  incident: ["event", "incident"],
  // Central Macedonia, agriculture
  farm: ["agritech", "agriculture", "farm"],
  farming: ["farm", "agriculture", "agritech"],
  agriculture: ["farm", "agritech"],
  agricultural: ["farm", "agritech"],
  agri: ["agritech", "farm"],
  crop: ["farm", "crop"],
  grower: ["farm"],
  thessaloniki: ["macedonia"],
  greece: ["macedonia", "preveza"],
  insect: ["pest", "trap"],
  bug: ["pest", "insect"],
  truck: ["vehicle", "fleet"],
  lorry: ["vehicle", "fleet"],
  fleet: ["vehicle", "telematic"],
  blockchain: ["hyperledger", "fabric", "ledger"],
  ledger: ["hyperledger"],
  traceability: ["traceability", "lot"],
  // Preveza, energy
  energy: ["grid", "energy", "electricity"],
  grid: ["energy", "power"],
  electricity: ["energy", "power"],
  electric: ["energy", "ev"],
  biogas: ["biogas", "energy", "digester"],
  digester: ["biogas", "anaerobic"],
  methane: ["biogas"],
  charging: ["charger", "ev"],
  charge: ["charger", "ev"],
  car: ["ev", "charger"],
  preveza: ["energy"],
  epirus: ["preveza"],
  kubernete: ["k8saa", "kubernete", "cluster"],
  k8s: ["k8saa", "kubernete"],
  // Portugal-Spain, vineyards
  vineyard: ["vineyard", "winery", "vine"],
  vine: ["vineyard"],
  wine: ["winery", "vineyard"],
  winery: ["wine", "vineyard"],
  grape: ["vineyard", "vine"],
  portugal: ["vineyard"],
  portuguese: ["vineyard"],
  douro: ["vineyard"],
  irrigate: ["irrigation"],
  water: ["irrigation", "water"],
  solar: ["photovoltaic", "solar"],
  pv: ["photovoltaic"],
  meter: ["meter", "measurement"],
  identity: ["credential", "euid", "wallet"],
  credential: ["wallet", "euid"],
  wallet: ["euid", "credential"],
  sim: ["imsi"],
  bottle: ["bottling", "winery"],
  // Across domains
  track: ["tracking"],
  tracking: ["track"],
  dashboard: ["visualisation", "dashboard"],
  visualise: ["visualisation", "dashboard"],
  visualize: ["visualisation", "dashboard"],
  visualization: ["visualisation"],
  monitor: ["monitoring", "sensing"],
  predict: ["forecast", "prediction", "predictive"],
  prediction: ["forecast", "predictive"],
  forecast: ["forecasting"],
  simulate: ["simulation"],
  breakdown: ["maintenance", "failure"],
  failure: ["maintenance"],
  repair: ["maintenance"],
};

/** Lower-cases `text` and removes accents, so that "Luleå" and "lulea" are the same word. */
export function normaliseText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

/** Reduces an English word to a stem that its plural and -ing forms share; short words stay as they are. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith("ing") && word.length > 5) return word.slice(0, -3);
  if (word.endsWith("ly") && word.length > 5) return word.slice(0, -2);
  if (/(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) return word.slice(0, -1);
  return word;
}

/** Splits lowerCamelCase and separators into plain words: "samplingRateHz" becomes "sampling rate hz". */
export function splitIdentifier(identifier: string): string {
  return identifier.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ");
}

/** Splits text into normalised words, numbers and "%" signs, keeping stop words. */
export function words(text: string): string[] {
  const normalised = normaliseText(text).replace(/(\d),(\d{3})\b/g, "$1$2");
  return normalised.match(/\d+(?:\.\d+)?[a-z][a-z0-9]*|\d+(?:\.\d+)?|[a-z][a-z0-9+]*|%/g) ?? [];
}

/** Returns the stemmed content words of `text`: no stop words, no numbers. */
export function contentTerms(text: string): string[] {
  return words(text)
    .filter((word) => !stopwords.has(word) && (!/^\d/.test(word) || networkGenerations.has(word)) && word !== "%")
    .map(stem)
    .filter((word) => word.length > 1);
}

/** A query term with the weight it carries: 1 for a word the user wrote, less for a synonym of it. */
export interface WeightedTerm {
  term: string;
  weight: number;
}

/** Returns the stems a word's stem stands for besides itself, e.g. "vehicle" for "truck". */
export function synonymStems(stemmed: string): string[] {
  return (synonyms[stemmed] ?? []).map(stem);
}

/** Returns the terms of a request with their synonyms, each term once at its highest weight. */
export function expandTerms(text: string, synonymWeight = 0.6): WeightedTerm[] {
  const weights = new Map<string, number>();
  const add = (term: string, weight: number) => weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  for (const term of contentTerms(text)) {
    add(term, 1);
    for (const synonym of synonyms[term] ?? []) add(stem(synonym), synonymWeight);
  }
  return [...weights].map(([term, weight]) => ({ term, weight }));
}
