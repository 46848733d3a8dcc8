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
var __awaiter = (this && this.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
var __generator = (this && this.__generator) || function (thisArg, body) {
    var _ = { label: 0, sent: function() { if (t[0] & 1) throw t[1]; return t[1]; }, trys: [], ops: [] }, f, y, t, g = Object.create((typeof Iterator === "function" ? Iterator : Object).prototype);
    return g.next = verb(0), g["throw"] = verb(1), g["return"] = verb(2), typeof Symbol === "function" && (g[Symbol.iterator] = function() { return this; }), g;
    function verb(n) { return function (v) { return step([n, v]); }; }
    function step(op) {
        if (f) throw new TypeError("Generator is already executing.");
        while (g && (g = 0, op[0] && (_ = 0)), _) try {
            if (f = 1, y && (t = op[0] & 2 ? y["return"] : op[0] ? y["throw"] || ((t = y["return"]) && t.call(y), 0) : y.next) && !(t = t.call(y, op[1])).done) return t;
            if (y = 0, t) op = [op[0] & 2, t.value];
            switch (op[0]) {
                case 0: case 1: t = op; break;
                case 4: _.label++; return { value: op[1], done: false };
                case 5: _.label++; y = op[1]; op = [0]; continue;
                case 7: op = _.ops.pop(); _.trys.pop(); continue;
                default:
                    if (!(t = _.trys, t = t.length > 0 && t[t.length - 1]) && (op[0] === 6 || op[0] === 2)) { _ = 0; continue; }
                    if (op[0] === 3 && (!t || (op[1] > t[0] && op[1] < t[3]))) { _.label = op[1]; break; }
                    if (op[0] === 6 && _.label < t[1]) { _.label = t[1]; t = op; break; }
                    if (t && _.label < t[2]) { _.label = t[2]; _.ops.push(op); break; }
                    if (t[2]) _.ops.pop();
                    _.trys.pop(); continue;
            }
            op = body.call(thisArg, _);
        } catch (e) { op = [6, e]; y = 0; } finally { f = t = 0; }
        if (op[0] & 5) throw op[1]; return { value: op[0] ? op[1] : void 0, done: true };
    }
};
Object.defineProperty(exports, "__esModule", { value: true });
var tmf_client_1 = require("@cop-pilot/tmf-client");
var config_1 = require("./platform/config");
var credentials_1 = require("./platform/credentials");
var database_1 = require("./platform/database");
var processes_1 = require("./platform/processes");
var seed_1 = require("./platform/seed");
// `npm start`: brings the whole platform up on this machine and keeps it
// running until Ctrl-C or SIGTERM, then stops everything it started.
var startedAt = Date.now();
var say = function (message) { return console.log("[platform] ".concat(message)); };
var apps = [];
var databases;
var stopping = false;
function shutdown(code) {
    return __awaiter(this, void 0, void 0, function () {
        return __generator(this, function (_a) {
            switch (_a.label) {
                case 0:
                    if (!!stopping) return [3 /*break*/, 3];
                    stopping = true;
                    say("stopping…");
                    return [4 /*yield*/, (0, processes_1.stopApps)(apps)];
                case 1:
                    _a.sent();
                    return [4 /*yield*/, (databases === null || databases === void 0 ? void 0 : databases.stop().catch(function (error) { return say("PostgreSQL did not stop cleanly: ".concat(error.message)); }))];
                case 2:
                    _a.sent();
                    say("stopped");
                    _a.label = 3;
                case 3:
                    process.exit(code);
                    return [2 /*return*/];
            }
        });
    });
}
function main() {
    return __awaiter(this, void 0, void 0, function () {
        var config, _a, credentials, secrets, host, launches, common, _i, _b, domain, component, _c, launches_1, launch, _d, launches_2, launch, _loop_1, _e, apps_1, app, eso, bmp, peers, seconds, _f, _g, domain, _h, _j, account, _k, _l, _m, component, token;
        return __generator(this, function (_o) {
            switch (_o.label) {
                case 0:
                    config = (0, config_1.readConfig)();
                    _a = (0, credentials_1.loadOrCreateCredentials)(config), credentials = _a.credentials, secrets = _a.secrets;
                    host = config.HOST;
                    launches = [];
                    common = function (component, port) { return ({
                        BETTER_AUTH_SECRET: secrets.authSecrets[component],
                        PUBLIC_URL: "http://".concat(host, ":").concat(port),
                        API_TOKEN: credentials.apiTokens[component],
                        COP_PILOT_COMPONENT: component,
                        LOG_LEVEL: config.LOG_LEVEL,
                        ORDER_POLL_INTERVAL_MS: String(config.ORDER_POLL_INTERVAL_MS),
                    }); };
                    for (_i = 0, _b = config.domains; _i < _b.length; _i++) {
                        domain = _b[_i];
                        component = "do-".concat(domain.id);
                        launches.push({
                            name: component,
                            app: "do-portal",
                            host: host,
                            port: domain.port,
                            env: __assign(__assign({}, common(component, domain.port)), { DOMAIN_ID: domain.id, CLUSTER_READY_DELAY_MS: String(config.CLUSTER_READY_DELAY_MS), CLUSTER_FAIL_ARTIFACTS: config.CLUSTER_FAIL_ARTIFACTS }),
                        });
                    }
                    launches.push({
                        name: "eso",
                        app: "eso-portal",
                        host: host,
                        port: config.ESO_PORT,
                        env: __assign(__assign({}, common("eso", config.ESO_PORT)), { AVAILABILITY_CHECK_INTERVAL_MS: String(config.AVAILABILITY_CHECK_INTERVAL_MS) }),
                    });
                    launches.push({
                        name: "bmp",
                        app: "bmp",
                        host: host,
                        port: config.BMP_PORT,
                        env: __assign(__assign({}, common("bmp", config.BMP_PORT)), { ESO_URL: "http://".concat(host, ":").concat(config.ESO_PORT), ESO_API_TOKEN: credentials.apiTokens.eso }),
                    });
                    _c = 0, launches_1 = launches;
                    _o.label = 1;
                case 1:
                    if (!(_c < launches_1.length)) return [3 /*break*/, 4];
                    launch = launches_1[_c];
                    return [4 /*yield*/, (0, processes_1.assertPortFree)(host, launch.port, launch.name)];
                case 2:
                    _o.sent();
                    _o.label = 3;
                case 3:
                    _c++;
                    return [3 /*break*/, 1];
                case 4: return [4 /*yield*/, (0, database_1.prepareDatabases)(config, (0, credentials_1.componentNames)(config), credentials, secrets, say)];
                case 5:
                    databases = _o.sent();
                    for (_d = 0, launches_2 = launches; _d < launches_2.length; _d++) {
                        launch = launches_2[_d];
                        launch.env.DATABASE_URL = databases.urls[launch.name];
                    }
                    apps = launches.map(function (launch) { return (0, processes_1.startApp)(launch, config.dataDir); });
                    _loop_1 = function (app) {
                        app.child.once("exit", function (code, signal) {
                            if (!stopping)
                                say("".concat(app.name, " exited unexpectedly (").concat(signal !== null && signal !== void 0 ? signal : "code ".concat(code), "); see ").concat(app.logFile));
                        });
                    };
                    for (_e = 0, apps_1 = apps; _e < apps_1.length; _e++) {
                        app = apps_1[_e];
                        _loop_1(app);
                    }
                    return [4 /*yield*/, Promise.all(apps.map(function (app) { return (0, processes_1.waitUntilHealthy)(app, 120000); }))];
                case 6:
                    _o.sent();
                    say("all components healthy after ".concat(((Date.now() - startedAt) / 1000).toFixed(1), " s"));
                    eso = new tmf_client_1.TmfClient({ baseUrl: "http://".concat(host, ":").concat(config.ESO_PORT), token: credentials.apiTokens.eso, timeoutMs: 60000 });
                    bmp = new tmf_client_1.TmfClient({ baseUrl: "http://".concat(host, ":").concat(config.BMP_PORT), token: credentials.apiTokens.bmp, timeoutMs: 60000 });
                    peers = config.domains
                        .filter(function (domain) { return domain.peered; })
                        .map(function (domain) { return ({ id: domain.id, url: "http://".concat(host, ":").concat(domain.port), token: credentials.apiTokens["do-".concat(domain.id)] }); });
                    return [4 /*yield*/, (0, seed_1.seedPeering)(eso, peers, say)];
                case 7:
                    _o.sent();
                    return [4 /*yield*/, (0, seed_1.seedProductCatalog)(bmp, eso, say)];
                case 8:
                    _o.sent();
                    seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
                    console.log("");
                    console.log("COP-PILOT platform ready in ".concat(seconds, " s"));
                    console.log("");
                    console.log("  Business Management Portal   http://".concat(host, ":").concat(config.BMP_PORT));
                    console.log("  ESO portal                   http://".concat(host, ":").concat(config.ESO_PORT));
                    for (_f = 0, _g = config.domains; _f < _g.length; _f++) {
                        domain = _g[_f];
                        console.log("  DO ".concat(domain.name.padEnd(34), " http://").concat(host, ":").concat(domain.port).concat(domain.peered ? "" : "   (not peered)"));
                    }
                    console.log("");
                    console.log("  Demo accounts (portal, role, e-mail, password):");
                    for (_h = 0, _j = credentials.accounts; _h < _j.length; _h++) {
                        account = _j[_h];
                        console.log("    ".concat(account.portal.padEnd(22), " ").concat(account.role.padEnd(16), " ").concat(account.email.padEnd(38), " ").concat(account.password));
                    }
                    console.log("");
                    console.log("  API tokens (send as Authorization: Bearer <token>):");
                    for (_k = 0, _l = Object.entries(credentials.apiTokens); _k < _l.length; _k++) {
                        _m = _l[_k], component = _m[0], token = _m[1];
                        console.log("    ".concat(component.padEnd(22), " ").concat(token));
                    }
                    console.log("");
                    console.log("  Written to ".concat(config.dataDir, "/credentials.json; logs in ").concat(config.dataDir, "/logs/. Press Ctrl-C to stop."));
                    return [2 /*return*/];
            }
        });
    });
}
process.on("SIGINT", function () { return void shutdown(0); });
process.on("SIGTERM", function () { return void shutdown(0); });
main().catch(function (error) { return __awaiter(void 0, void 0, void 0, function () {
    return __generator(this, function (_a) {
        switch (_a.label) {
            case 0:
                console.error("[platform] start failed: ".concat(error.message));
                return [4 /*yield*/, shutdown(1)];
            case 1:
                _a.sent();
                return [2 /*return*/];
        }
    });
}); });
