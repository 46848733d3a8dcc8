import { defineSpecification } from "../define";
import { preveza } from "../domains";
import type { CharacteristicDefinition, ServiceCatalogDefinition } from "../schema";

const flexibilityManagement = "uc3e-1-flexibility-management";
const evChargersManagement = "uc3e-2-ev-chargers-management";
const biogasPlantManagement = "uc3e-3-biogas-plant-management";

const chargerCount: CharacteristicDefinition = {
  name: "chargerCount",
  description: "Number of EV charging points covered by the service.",
  valueType: "integer",
  mandatory: true,
  configurable: true,
  default: 10,
  range: { min: 1, max: 500 },
};

const plantCapacityKw: CharacteristicDefinition = {
  name: "plantCapacityKw",
  description: "Rated electrical output of the biogas plant's combined heat and power unit.",
  valueType: "integer",
  mandatory: true,
  configurable: false,
  default: 500,
  range: { min: 50, max: 5000 },
  unit: "kW",
};

const historyRetention: CharacteristicDefinition = {
  name: "historyRetention",
  description: "Number of days of measurements the dashboards can show.",
  valueType: "integer",
  mandatory: false,
  configurable: true,
  default: 30,
  range: { min: 1, max: 365 },
  unit: "days",
};

const specifications = [
  defineSpecification(preveza, {
    slug: "power-system-simulation",
    name: "Power System Simulation",
    description:
      "Runs time-series power flow simulations of the local distribution grid with measured loads and generation. Grid operators see line loading and voltages for the coming hours and can test how a flexibility activation would change them before asking for it.",
    categorySlugs: [flexibilityManagement],
    availability: { expectedBy: "2026-06", done: false },
    tags: ["energy", "grid", "power-flow", "simulation"],
    artifactName: "power-system-simulation",
    characteristics: [
      {
        name: "busCount",
        description: "Number of buses in the simulated grid model.",
        valueType: "integer",
        mandatory: true,
        configurable: false,
        default: 33,
        range: { min: 2, max: 10000 },
      },
      {
        name: "simulationMode",
        description: "Steady-state snapshot or a time series of power flows.",
        valueType: "string",
        mandatory: false,
        configurable: true,
        default: "time-series",
        allowedValues: ["steady-state", "time-series"],
      },
      {
        name: "timeStep",
        description: "Time step of a time-series simulation.",
        valueType: "integer",
        mandatory: false,
        configurable: true,
        default: 15,
        allowedValues: [5, 15, 30, 60],
        unit: "min",
      },
      {
        name: "horizon",
        description: "Length of the simulated period.",
        valueType: "integer",
        mandatory: false,
        configurable: true,
        default: 24,
        range: { min: 1, max: 168 },
        unit: "h",
      },
    ],
  }),
  defineSpecification(preveza, {
    slug: "flexibility-estimation",
    name: "Flexibility Estimation",
    description:
      "Estimates how much consumption or generation each connected asset, such as EV chargers, the biogas plant or heat pumps, could shift up or down over the next hours. The distribution system operator uses the estimates to resolve congestion with flexibility instead of curtailment.",
    categorySlugs: [flexibilityManagement],
    availability: { expectedBy: "2026-10", done: false },
    tags: ["energy", "grid", "flexibility", "forecasting"],
    artifactName: "flexibility-estimation",
    characteristics: [
      {
        name: "assetCount",
        description: "Number of flexible assets whose flexibility is estimated.",
        valueType: "integer",
        mandatory: true,
        configurable: true,
        default: 20,
        range: { min: 1, max: 1000 },
      },
      {
        name: "forecastHorizon",
        description: "How far ahead flexibility is estimated.",
        valueType: "integer",
        mandatory: false,
        configurable: true,
        default: 24,
        range: { min: 1, max: 72 },
        unit: "h",
      },
      {
        name: "resolution",
        description: "Length of one market or settlement interval in the estimate.",
        valueType: "integer",
        mandatory: false,
        configurable: true,
        default: 15,
        allowedValues: [15, 30, 60],
        unit: "min",
      },
    ],
  }),
  defineSpecification(preveza, {
    slug: "ev-chargers-sensing",
    name: "EV Chargers Sensing",
    description:
      "Collects session, power and status data from EV charging points over OCPP and stores it as time series. Charge point operators and the grid operator get the measured charging load per point and per feeder.",
    categorySlugs: [evChargersManagement],
    availability: { expectedBy: "2026-06", done: false },
    tags: ["energy", "ev-charging", "ocpp", "sensing"],
    artifactName: "ev-chargers-sensing",
    characteristics: [
      chargerCount,
      {
        name: "ocppVersion",
        description: "OCPP version spoken by the charging points.",
        valueType: "string",
        mandatory: true,
        configurable: false,
        default: "1.6",
        allowedValues: ["1.6", "2.0.1"],
      },
      {
        name: "meterValueInterval",
        description: "Interval at which charging points send meter values during a session.",
        valueType: "integer",
        mandatory: false,
        configurable: true,
        default: 60,
        range: { min: 10, max: 900 },
        unit: "s",
      },
    ],
  }),
  defineSpecification(preveza, {
    slug: "ev-chargers-visualisation",
    name: "EV Chargers Visualisation",
    description:
      "Dashboards of charger availability, active sessions, delivered energy and faults on a map and over time. Charge point operators see at a glance which points need attention and how utilisation develops.",
    categorySlugs: [evChargersManagement],
    availability: { expectedBy: "2026-06", done: false },
    tags: ["energy", "ev-charging", "dashboards"],
    artifactName: "ev-chargers-visualisation",
    characteristics: [
      {
        name: "refreshInterval",
        description: "Interval at which dashboards reload live data.",
        valueType: "integer",
        mandatory: false,
        configurable: true,
        default: 30,
        range: { min: 5, max: 600 },
        unit: "s",
      },
      historyRetention,
      {
        name: "mapViewEnabled",
        description: "Whether chargers are shown on a map in addition to tables and charts.",
        valueType: "boolean",
        mandatory: false,
        configurable: true,
        default: true,
      },
    ],
  }),
  defineSpecification(preveza, {
    slug: "predictive-maintenance",
    name: "Predictive Maintenance",
    description:
      "Learns the normal behaviour of each EV charger from its sessions, error codes and power electronics readings and flags chargers that are drifting towards failure. Maintenance crews are sent before a charger breaks down, which cuts downtime at busy sites.",
    categorySlugs: [evChargersManagement],
    availability: { expectedBy: "2026-10", done: false },
    tags: ["energy", "ev-charging", "predictive-maintenance", "machine-learning"],
    artifactName: "predictive-maintenance",
    characteristics: [
      chargerCount,
      {
        name: "modelType",
        description: "Anomaly detection model used to score charger behaviour.",
        valueType: "string",
        mandatory: false,
        configurable: true,
        default: "isolation-forest",
        allowedValues: ["isolation-forest", "lstm-autoencoder"],
      },
      {
        name: "predictionHorizon",
        description: "How far ahead failures are predicted.",
        valueType: "integer",
        mandatory: false,
        configurable: true,
        default: 14,
        range: { min: 1, max: 90 },
        unit: "days",
      },
    ],
  }),
  defineSpecification(preveza, {
    slug: "biogas-sensing",
    name: "Biogas Sensing",
    description:
      "Reads the biogas plant's process sensors, such as digester temperature, pH, gas flow, methane content and engine output, from its control system and stores them as time series. Plant operators and the other energy services get one consistent source of plant data.",
    categorySlugs: [biogasPlantManagement],
    availability: { expectedBy: "2026-02", done: true },
    tags: ["energy", "biogas", "sensing", "industrial-iot"],
    artifactName: "biogas-sensing",
    characteristics: [
      plantCapacityKw,
      {
        name: "sensorCount",
        description: "Number of process sensors read from the plant.",
        valueType: "integer",
        mandatory: true,
        configurable: true,
        default: 24,
        range: { min: 1, max: 200 },
      },
      {
        name: "samplingInterval",
        description: "Interval between two readings of a sensor.",
        valueType: "integer",
        mandatory: false,
        configurable: true,
        default: 60,
        range: { min: 1, max: 3600 },
        unit: "s",
      },
      {
        name: "fieldProtocol",
        description: "Protocol used to read the plant's control system.",
        valueType: "string",
        mandatory: true,
        configurable: false,
        default: "Modbus TCP",
        allowedValues: ["Modbus TCP", "OPC UA", "MQTT"],
      },
    ],
  }),
  defineSpecification(preveza, {
    slug: "biogas-visualisation",
    name: "Biogas Visualisation",
    description:
      "Dashboards of the biogas plant's digester state, gas production and electricity and heat output, with alarms for values outside their operating band. Operators follow the plant remotely and spot a souring digester before gas production drops.",
    categorySlugs: [biogasPlantManagement],
    availability: { expectedBy: "2026-02", done: true },
    tags: ["energy", "biogas", "dashboards"],
    artifactName: "biogas-visualisation",
    characteristics: [
      plantCapacityKw,
      {
        name: "refreshInterval",
        description: "Interval at which dashboards reload live data.",
        valueType: "integer",
        mandatory: false,
        configurable: true,
        default: 60,
        range: { min: 5, max: 600 },
        unit: "s",
      },
      historyRetention,
    ],
  }),
  defineSpecification(preveza, {
    slug: "anaerobic-digestion-forecasting",
    name: "Anaerobic Digestion Forecasting",
    description:
      "Forecasts the biogas yield and electricity output of the plant for the coming days from the planned feedstock and the digester's recent behaviour. Operators plan feeding and can offer the expected output as flexibility to the grid.",
    categorySlugs: [biogasPlantManagement],
    availability: { expectedBy: "2026-10", done: false },
    tags: ["energy", "biogas", "forecasting", "machine-learning"],
    artifactName: "anaerobic-digestion-forecasting",
    characteristics: [
      plantCapacityKw,
      {
        name: "forecastHorizon",
        description: "How far ahead gas and electricity output are forecast.",
        valueType: "integer",
        mandatory: false,
        configurable: true,
        default: 7,
        range: { min: 1, max: 30 },
        unit: "days",
      },
      {
        name: "feedstockMix",
        description: "Dominant feedstock of the digester, which selects the yield model.",
        valueType: "string",
        mandatory: false,
        configurable: true,
        default: "mixed",
        allowedValues: ["manure", "energy-crops", "food-waste", "mixed"],
      },
    ],
  }),
  // K8saaS OCM was in the marketplace in the first project period and is not
  // listed for month 36. It sits under biogas plant management because the
  // biogas services were the cluster's workloads in that period.
  // NOTE: its availability month is when that marketplace was complete
  // (January 2026), because the month it was added is not known.
  defineSpecification(preveza, {
    slug: "k8saas-ocm",
    name: "K8saaS OCM",
    description:
      "Kubernetes as a service: provisions managed Kubernetes clusters at the energy sites and registers them with an Open Cluster Management hub. The cluster's energy applications are then placed on edge clusters through one control plane instead of per-site administration.",
    categorySlugs: [biogasPlantManagement],
    availability: { expectedBy: "2026-01", done: true },
    tags: ["energy", "kubernetes", "open-cluster-management", "edge"],
    artifactName: "k8saas-ocm",
    characteristics: [
      {
        name: "managedClusterCount",
        description: "Number of managed clusters registered with the hub.",
        valueType: "integer",
        mandatory: true,
        configurable: true,
        default: 1,
        range: { min: 1, max: 20 },
      },
      {
        name: "kubernetesVersion",
        description: "Kubernetes minor version of the managed clusters.",
        valueType: "string",
        mandatory: true,
        configurable: true,
        default: "v1.31",
        allowedValues: ["v1.30", "v1.31", "v1.32"],
      },
      {
        name: "workerNodeCount",
        description: "Number of worker nodes per managed cluster.",
        valueType: "integer",
        mandatory: false,
        configurable: true,
        default: 2,
        range: { min: 1, max: 20 },
      },
    ],
  }),
];

export const prevezaCatalog: ServiceCatalogDefinition = {
  slug: "cl3e-edge-intelligence-energy-grid-reliability",
  name: "CL3E – Edge Intelligence for Energy Grid Reliability",
  description: "Services of the energy grid pilot cluster: flexibility management, EV charger management and biogas plant management.",
  domainId: preveza.id,
  categories: [
    {
      slug: flexibilityManagement,
      name: "UC3E.1 – Flexibility Management",
      description: "Simulation of the distribution grid and estimation of flexibility.",
    },
    {
      slug: evChargersManagement,
      name: "UC3E.2 – EV Chargers Management",
      description: "Monitoring, visualisation and maintenance of EV chargers.",
    },
    {
      slug: biogasPlantManagement,
      name: "UC3E.3 – Biogas Plant Management",
      description: "Sensing, visualisation and forecasting for a biogas plant.",
    },
  ],
  specifications,
};
