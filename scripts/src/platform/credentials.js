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
exports.componentNames = componentNames;
exports.loadOrCreateCredentials = loadOrCreateCredentials;
var node_crypto_1 = require("node:crypto");
var node_fs_1 = require("node:fs");
var node_path_1 = require("node:path");
var zod_1 = require("zod");
var role = zod_1.z.enum(["platformAdmin", "domainOwner", "serviceDesigner", "businessAdmin", "customer"]);
var credentialsSchema = zod_1.z.object({
    accounts: zod_1.z.array(zod_1.z.object({ email: zod_1.z.string(), password: zod_1.z.string(), role: role, portal: zod_1.z.string(), name: zod_1.z.string().optional() })),
    apiTokens: zod_1.z.record(zod_1.z.string(), zod_1.z.string()),
});
var secretsSchema = zod_1.z.object({
    postgresPassword: zod_1.z.string(),
    authSecrets: zod_1.z.record(zod_1.z.string(), zod_1.z.string()),
});
function randomSecret(bytes) {
    return (0, node_crypto_1.randomBytes)(bytes).toString("base64url");
}
/** Components of the platform: `bmp`, `eso` and `do-<domain>` for each DO. */
function componentNames(config) {
    return __spreadArray(["bmp", "eso"], config.domains.map(function (domain) { return "do-".concat(domain.id); }), true);
}
function demoAccounts(config) {
    return __spreadArray([
        { email: "customer@cop-pilot.test", name: "Carla Customer", role: "customer", portal: "bmp" },
        { email: "business@cop-pilot.test", name: "Bruno Business", role: "businessAdmin", portal: "bmp" },
        { email: "admin@cop-pilot.test", name: "Petra Platform", role: "platformAdmin", portal: "eso" },
        { email: "designer@cop-pilot.test", name: "Diego Designer", role: "serviceDesigner", portal: "eso" }
    ], config.domains.map(function (domain) { return ({
        email: "owner.".concat(domain.id, "@cop-pilot.test"),
        name: "Owner of ".concat(domain.name),
        role: "domainOwner",
        portal: "do-".concat(domain.id),
    }); }), true);
}
function readJson(file, schema) {
    var _a;
    if (!(0, node_fs_1.existsSync)(file))
        return undefined;
    var parsed = schema.safeParse(JSON.parse((0, node_fs_1.readFileSync)(file, "utf8")));
    if (!parsed.success)
        throw new Error("".concat(file, " is not valid (").concat((_a = parsed.error.issues[0]) === null || _a === void 0 ? void 0 : _a.message, "); delete it to generate new credentials"));
    return parsed.data;
}
/**
 * Loads the demo accounts, API tokens and secrets under DATA_DIR, generating
 * whatever is missing, e.g. for a DO that was added since the last start.
 */
function loadOrCreateCredentials(config) {
    var _a, _b, _c, _d;
    var _e, _f;
    (0, node_fs_1.mkdirSync)(config.dataDir, { recursive: true, mode: 493 });
    var credentialsFile = node_path_1.default.join(config.dataDir, "credentials.json");
    var secretsFile = node_path_1.default.join(config.dataDir, "secrets.json");
    var credentials = (_a = readJson(credentialsFile, credentialsSchema)) !== null && _a !== void 0 ? _a : { accounts: [], apiTokens: {} };
    var secrets = (_b = readJson(secretsFile, secretsSchema)) !== null && _b !== void 0 ? _b : { postgresPassword: randomSecret(18), authSecrets: {} };
    var _loop_1 = function (account) {
        if (!credentials.accounts.some(function (existing) { return existing.email === account.email; })) {
            credentials.accounts.push(__assign(__assign({}, account), { password: randomSecret(12) }));
        }
    };
    for (var _i = 0, _g = demoAccounts(config); _i < _g.length; _i++) {
        var account = _g[_i];
        _loop_1(account);
    }
    for (var _h = 0, _j = componentNames(config); _h < _j.length; _h++) {
        var component = _j[_h];
        (_c = (_e = credentials.apiTokens)[component]) !== null && _c !== void 0 ? _c : (_e[component] = "cop_".concat(component.replace(/-/g, "_"), "_").concat(randomSecret(24)));
        (_d = (_f = secrets.authSecrets)[component]) !== null && _d !== void 0 ? _d : (_f[component] = randomSecret(32));
    }
    (0, node_fs_1.writeFileSync)(credentialsFile, JSON.stringify(credentials, null, 2) + "\n", { mode: 384 });
    (0, node_fs_1.writeFileSync)(secretsFile, JSON.stringify(secrets, null, 2) + "\n", { mode: 384 });
    return { credentials: credentials, secrets: secrets };
}
