"use strict";
var __assign = (this && this.__assign) || function () {
    __assign = Object.assign || function(t) {
        for (var s, i = 1, n = arguments.length; i < n; i++) {
            s = arguments[i];
            for (var p in s) if (Object.prototype.hasOwnProperty.call(s, p))
                t[p] = s[p];
        }
        return t;
    };
    return __assign.apply(this, arguments);
};
var __spreadArray = (this && this.__spreadArray) || function (to, from, pack) {
    if (pack || arguments.length === 2) for (var i = 0, l = from.length, ar; i < l; i++) {
        if (ar || !(i in from)) {
            if (!ar) ar = Array.prototype.slice.call(from, 0, i);
            ar[i] = from[i];
        }
    }
    return to.concat(ar || Array.prototype.slice.call(from));
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.repositoryRoot = void 0;
exports.readConfig = readConfig;
var node_path_1 = require("node:path");
var node_url_1 = require("node:url");
var zod_1 = require("zod");
var service_library_1 = require("@cop-pilot/service-library");
/** Root of the repository: the launcher starts the apps from their folders there. */
exports.repositoryRoot = node_path_1.default.resolve(node_path_1.default.dirname((0, node_url_1.fileURLToPath)(import.meta.url)), "../../..");
var port = zod_1.z.coerce.number().int().min(1).max(65535);
// The launcher's own settings; each app validates what it is given again.
var schema = zod_1.z.object({
    DATA_DIR: zod_1.z.string().default(".data"),
    /** A PostgreSQL server URL; when unset, an embedded server is started under DATA_DIR. */
    DATABASE_URL: zod_1.z.string().url().optional(),
    PG_PORT: port.default(5433),
    BMP_PORT: port.default(3000),
    ESO_PORT: port.default(3001),
    /** Port of the first DO; the others follow in the order of the service library's domains. */
    DO_PORT_BASE: port.default(3101),
    HOST: zod_1.z.string().default("127.0.0.1"),
    /** Simulated clusters: time from deploy to an available deployment, in milliseconds. */
    CLUSTER_READY_DELAY_MS: zod_1.z.coerce.number().int().min(0).default(3000),
    CLUSTER_FAIL_ARTIFACTS: zod_1.z.string().default(""),
    /** ESO: interval of the peer availability check, in milliseconds. */
    AVAILABILITY_CHECK_INTERVAL_MS: zod_1.z.coerce.number().int().min(1000).default(300000),
    ORDER_POLL_INTERVAL_MS: zod_1.z.coerce.number().int().min(50).default(250),
    /** Comma-separated domain ids whose DO starts but is not peered with the ESO, e.g. for a peering demo. */
    COP_PILOT_UNPEERED_DOMAINS: zod_1.z.string().default(""),
    /** Comma-separated domain ids to start; all five when unset. */
    COP_PILOT_DOMAINS: zod_1.z.string().optional(),
    LOG_LEVEL: zod_1.z.string().default("info"),
});
function readConfig(environment) {
    var _a;
    if (environment === void 0) { environment = process.env; }
    var parsed = schema.safeParse(environment);
    if (!parsed.success) {
        var problems = parsed.error.issues.map(function (issue) { return "".concat(issue.path.join("."), ": ").concat(issue.message); }).join("; ");
        throw new Error("Invalid configuration: ".concat(problems));
    }
    var config = parsed.data;
    var selected = (_a = config.COP_PILOT_DOMAINS) === null || _a === void 0 ? void 0 : _a.split(",").map(function (id) { return id.trim(); }).filter(Boolean);
    var unpeered = new Set(config.COP_PILOT_UNPEERED_DOMAINS.split(",").map(function (id) { return id.trim(); }).filter(Boolean));
    var known = new Set(service_library_1.domains.map(function (domain) { return domain.id; }));
    for (var _i = 0, _b = __spreadArray(__spreadArray([], (selected !== null && selected !== void 0 ? selected : []), true), unpeered, true); _i < _b.length; _i++) {
        var id = _b[_i];
        if (!known.has(id))
            throw new Error("Unknown domain \"".concat(id, "\"; known domains: ").concat(__spreadArray([], known, true).join(", ")));
    }
    return __assign(__assign({}, config), { dataDir: node_path_1.default.resolve(exports.repositoryRoot, config.DATA_DIR), domains: service_library_1.domains
            .map(function (domain, index) { return ({ id: domain.id, name: domain.name, port: config.DO_PORT_BASE + index, peered: !unpeered.has(domain.id) }); })
            .filter(function (domain) { return !selected || selected.includes(domain.id); }) });
}
