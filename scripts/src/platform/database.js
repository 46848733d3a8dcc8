"use strict";
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
exports.prepareDatabases = prepareDatabases;
var node_path_1 = require("node:path");
var db_1 = require("@cop-pilot/db");
var embedded_1 = require("@cop-pilot/db/embedded");
var authSchema = require("@cop-pilot/db/schema/auth");
var accounts_1 = require("@cop-pilot/auth/accounts");
function databaseName(component) {
    return "cop_pilot_".concat(component.replace(/-/g, "_"));
}
function componentKind(component) {
    return component.startsWith("do-") ? "do" : component;
}
/**
 * Brings up PostgreSQL (embedded unless DATABASE_URL is set), creates one
 * database per component, applies its migrations and seeds its accounts.
 */
function prepareDatabases(config, components, credentials, secrets, log) {
    return __awaiter(this, void 0, void 0, function () {
        var serverUrl, stop, server, urls, _loop_1, _i, components_1, component;
        var _this = this;
        var _a;
        return __generator(this, function (_b) {
            switch (_b.label) {
                case 0:
                    serverUrl = config.DATABASE_URL;
                    stop = function () { return __awaiter(_this, void 0, void 0, function () { return __generator(this, function (_a) {
                        return [2 /*return*/];
                    }); }); };
                    if (!!serverUrl) return [3 /*break*/, 2];
                    return [4 /*yield*/, (0, embedded_1.startEmbeddedPostgres)({
                            dataDir: node_path_1.default.join(config.dataDir, "postgres"),
                            port: config.PG_PORT,
                            password: secrets.postgresPassword,
                        })];
                case 1:
                    server = _b.sent();
                    serverUrl = server.url;
                    stop = server.stop;
                    log("PostgreSQL (embedded) on 127.0.0.1:".concat(config.PG_PORT, ", data in ").concat(node_path_1.default.join(config.dataDir, "postgres")));
                    return [3 /*break*/, 3];
                case 2:
                    log("PostgreSQL at ".concat(new URL(serverUrl).host));
                    _b.label = 3;
                case 3:
                    urls = {};
                    _loop_1 = function (component) {
                        var url, db, _c, _d, account;
                        return __generator(this, function (_e) {
                            switch (_e.label) {
                                case 0: return [4 /*yield*/, (0, db_1.ensureDatabase)(serverUrl, databaseName(component))];
                                case 1:
                                    url = _e.sent();
                                    return [4 /*yield*/, (0, db_1.migrateDatabase)(componentKind(component), url)];
                                case 2:
                                    _e.sent();
                                    db = (0, db_1.createDatabase)(url, authSchema, { maxConnections: 1 });
                                    _e.label = 3;
                                case 3:
                                    _e.trys.push([3, , 8, 10]);
                                    _c = 0, _d = credentials.accounts.filter(function (candidate) { return candidate.portal === component; });
                                    _e.label = 4;
                                case 4:
                                    if (!(_c < _d.length)) return [3 /*break*/, 7];
                                    account = _d[_c];
                                    return [4 /*yield*/, (0, accounts_1.upsertAccount)(db, { email: account.email, name: (_a = account.name) !== null && _a !== void 0 ? _a : account.email, password: account.password, role: account.role })];
                                case 5:
                                    _e.sent();
                                    _e.label = 6;
                                case 6:
                                    _c++;
                                    return [3 /*break*/, 4];
                                case 7: return [3 /*break*/, 10];
                                case 8: return [4 /*yield*/, db.$client.end()];
                                case 9:
                                    _e.sent();
                                    return [7 /*endfinally*/];
                                case 10:
                                    urls[component] = url;
                                    return [2 /*return*/];
                            }
                        });
                    };
                    _i = 0, components_1 = components;
                    _b.label = 4;
                case 4:
                    if (!(_i < components_1.length)) return [3 /*break*/, 7];
                    component = components_1[_i];
                    return [5 /*yield**/, _loop_1(component)];
                case 5:
                    _b.sent();
                    _b.label = 6;
                case 6:
                    _i++;
                    return [3 /*break*/, 4];
                case 7: return [2 /*return*/, { urls: urls, embedded: !config.DATABASE_URL, stop: stop }];
            }
        });
    });
}
