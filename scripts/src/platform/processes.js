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
exports.assertPortFree = assertPortFree;
exports.startApp = startApp;
exports.waitUntilHealthy = waitUntilHealthy;
exports.stopApps = stopApps;
var node_child_process_1 = require("node:child_process");
var node_fs_1 = require("node:fs");
var node_net_1 = require("node:net");
var node_path_1 = require("node:path");
var config_1 = require("./config");
var nextBin = node_path_1.default.join(config_1.repositoryRoot, "node_modules/next/dist/bin/next");
function assertPortFree(host, port, name) {
    return __awaiter(this, void 0, void 0, function () {
        var inUse;
        return __generator(this, function (_a) {
            switch (_a.label) {
                case 0: return [4 /*yield*/, new Promise(function (resolve) {
                        var socket = node_net_1.default.connect({ host: host, port: port });
                        socket.once("connect", function () {
                            socket.destroy();
                            resolve(true);
                        });
                        socket.once("error", function () { return resolve(false); });
                    })];
                case 1:
                    inUse = _a.sent();
                    if (inUse)
                        throw new Error("Port ".concat(port, " for ").concat(name, " is already in use; stop what holds it or choose another port (see README, Configuration)"));
                    return [2 /*return*/];
            }
        });
    });
}
/** Starts `next start` for one component; its output goes to DATA_DIR/logs/<name>.log. */
function startApp(launch, dataDir) {
    var _a, _b;
    var appDir = node_path_1.default.join(config_1.repositoryRoot, "apps", launch.app);
    if (!(0, node_fs_1.existsSync)(node_path_1.default.join(appDir, ".next", "BUILD_ID"))) {
        throw new Error("apps/".concat(launch.app, " is not built; run \"npm run build\" first (npm start builds before it starts)"));
    }
    var logDir = node_path_1.default.join(dataDir, "logs");
    (0, node_fs_1.mkdirSync)(logDir, { recursive: true });
    var logFile = node_path_1.default.join(logDir, "".concat(launch.name, ".log"));
    var log = (0, node_fs_1.createWriteStream)(logFile, { flags: "a" });
    var child = (0, node_child_process_1.spawn)(process.execPath, [nextBin, "start", "--port", String(launch.port), "--hostname", launch.host], {
        cwd: appDir,
        env: __assign(__assign(__assign({}, process.env), { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", COP_PILOT_MIGRATIONS_DIR: node_path_1.default.join(config_1.repositoryRoot, "packages/db/migrations") }), launch.env),
        // A process group of its own, so that stopping it also stops whatever it spawned.
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
    });
    (_a = child.stdout) === null || _a === void 0 ? void 0 : _a.pipe(log);
    (_b = child.stderr) === null || _b === void 0 ? void 0 : _b.pipe(log);
    return { name: launch.name, url: "http://".concat(launch.host, ":").concat(launch.port), logFile: logFile, child: child };
}
/** Waits until the component answers GET /healthz with 200, or fails when it exits or the time is up. */
function waitUntilHealthy(app, timeoutMs) {
    return __awaiter(this, void 0, void 0, function () {
        var deadline, response, _a;
        return __generator(this, function (_b) {
            switch (_b.label) {
                case 0:
                    deadline = Date.now() + timeoutMs;
                    _b.label = 1;
                case 1:
                    if (!(Date.now() < deadline)) return [3 /*break*/, 7];
                    if (app.child.exitCode !== null)
                        throw new Error("".concat(app.name, " exited with code ").concat(app.child.exitCode, "; see ").concat(app.logFile));
                    _b.label = 2;
                case 2:
                    _b.trys.push([2, 4, , 5]);
                    return [4 /*yield*/, fetch("".concat(app.url, "/healthz"), { signal: AbortSignal.timeout(2000) })];
                case 3:
                    response = _b.sent();
                    if (response.ok)
                        return [2 /*return*/];
                    return [3 /*break*/, 5];
                case 4:
                    _a = _b.sent();
                    return [3 /*break*/, 5];
                case 5: return [4 /*yield*/, new Promise(function (resolve) { return setTimeout(resolve, 200); })];
                case 6:
                    _b.sent();
                    return [3 /*break*/, 1];
                case 7: throw new Error("".concat(app.name, " did not become healthy within ").concat(timeoutMs / 1000, " s; see ").concat(app.logFile));
            }
        });
    });
}
/** Stops every app: SIGTERM to each process group, then SIGKILL for any still running after the grace period. */
function stopApps(apps_1) {
    return __awaiter(this, arguments, void 0, function (apps, graceMs) {
        var running, _i, running_1, app, deadline, _a, running_2, app;
        if (graceMs === void 0) { graceMs = 10000; }
        return __generator(this, function (_b) {
            switch (_b.label) {
                case 0:
                    running = apps.filter(function (app) { return app.child.exitCode === null && app.child.pid !== undefined; });
                    for (_i = 0, running_1 = running; _i < running_1.length; _i++) {
                        app = running_1[_i];
                        signalGroup(app, "SIGTERM");
                    }
                    deadline = Date.now() + graceMs;
                    _b.label = 1;
                case 1:
                    if (!(Date.now() < deadline && running.some(function (app) { return app.child.exitCode === null; }))) return [3 /*break*/, 3];
                    return [4 /*yield*/, new Promise(function (resolve) { return setTimeout(resolve, 100); })];
                case 2:
                    _b.sent();
                    return [3 /*break*/, 1];
                case 3:
                    for (_a = 0, running_2 = running; _a < running_2.length; _a++) {
                        app = running_2[_a];
                        if (app.child.exitCode === null)
                            signalGroup(app, "SIGKILL");
                    }
                    return [2 /*return*/];
            }
        });
    });
}
function signalGroup(app, signal) {
    try {
        process.kill(-app.child.pid, signal);
    }
    catch (_a) {
        // Already gone.
    }
}
