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
exports.seedPeering = seedPeering;
exports.seedProductCatalog = seedProductCatalog;
var node_crypto_1 = require("node:crypto");
var zod_1 = require("zod");
var service_library_1 = require("@cop-pilot/service-library");
var tmf_client_1 = require("@cop-pilot/tmf-client");
var tmf_schemas_1 = require("@cop-pilot/tmf-schemas");
// Seeds a running platform through its own APIs, as an operator would: the
// ESO peers with each DO and imports its catalogue, and the BMP gets a
// launched product offering for every service in the ESO marketplace.
var peerSummary = zod_1.z.looseObject({ id: zod_1.z.string(), endpoint: zod_1.z.string() });
var created = zod_1.z.looseObject({ id: zod_1.z.string(), href: zod_1.z.string().optional() });
var anyEntity = zod_1.z.looseObject({ id: zod_1.z.string(), name: zod_1.z.string().optional() });
/** Peers the ESO with each DO not yet peered and imports the DO's catalogue, category by category. */
function seedPeering(eso, peers, log) {
    return __awaiter(this, void 0, void 0, function () {
        var existing, _loop_1, _i, peers_1, peer;
        var _a, _b;
        return __generator(this, function (_c) {
            switch (_c.label) {
                case 0: return [4 /*yield*/, eso.get("/api/peers", zod_1.z.array(peerSummary))];
                case 1:
                    existing = _c.sent();
                    _loop_1 = function (peer) {
                        var domain, added, doClient, catalogs, categories, specifications, catalog, esoCatalogId, imported, _loop_2, _d, categories_1, category;
                        return __generator(this, function (_e) {
                            switch (_e.label) {
                                case 0:
                                    if (existing.some(function (candidate) { return candidate.endpoint.replace(/\/+$/, "") === peer.url; }))
                                        return [2 /*return*/, "continue"];
                                    domain = (0, service_library_1.getDomain)(peer.id);
                                    return [4 /*yield*/, eso.create("/api/peers", {
                                            name: domain.name,
                                            endpoint: peer.url,
                                            apiToken: peer.token,
                                            location: { name: "".concat(domain.location.city, ", ").concat(domain.location.countryCode), latitude: domain.location.latitude, longitude: domain.location.longitude },
                                            organization: { name: domain.name },
                                        }, created)];
                                case 1:
                                    added = _e.sent();
                                    doClient = new tmf_client_1.TmfClient({ baseUrl: peer.url, token: peer.token });
                                    return [4 /*yield*/, doClient.listAll("".concat(tmf_schemas_1.tmfApiPaths.serviceCatalog, "/serviceCatalog"), tmf_schemas_1.serviceCatalog)];
                                case 2:
                                    catalogs = _e.sent();
                                    return [4 /*yield*/, doClient.listAll("".concat(tmf_schemas_1.tmfApiPaths.serviceCatalog, "/serviceCategory"), tmf_schemas_1.serviceCategory)];
                                case 3:
                                    categories = _e.sent();
                                    return [4 /*yield*/, doClient.listAll("".concat(tmf_schemas_1.tmfApiPaths.serviceCatalog, "/serviceSpecification"), tmf_schemas_1.serviceSpecification)];
                                case 4:
                                    specifications = _e.sent();
                                    catalog = catalogs[0];
                                    if (!catalog)
                                        throw new Error("".concat(domain.name, " has no service catalogue to import"));
                                    esoCatalogId = void 0;
                                    imported = 0;
                                    _loop_2 = function (category) {
                                        var ids, result, _f, _g;
                                        return __generator(this, function (_h) {
                                            switch (_h.label) {
                                                case 0:
                                                    ids = specifications.filter(function (spec) { var _a; return (_a = spec.category) === null || _a === void 0 ? void 0 : _a.some(function (ref) { return ref.id === category.id; }); }).map(function (spec) { return spec.id; });
                                                    if (ids.length === 0)
                                                        return [2 /*return*/, "continue"];
                                                    return [4 /*yield*/, eso.create("/api/peers/".concat(added.id, "/import"), {
                                                            specificationIds: ids,
                                                            catalog: esoCatalogId ? { id: esoCatalogId } : { name: catalog.name, description: catalog.description },
                                                            category: { name: category.name, description: category.description },
                                                        }, zod_1.z.looseObject({ catalog: zod_1.z.looseObject({ id: zod_1.z.string() }).optional() }))];
                                                case 1:
                                                    result = _h.sent();
                                                    if (!(esoCatalogId !== null && esoCatalogId !== void 0)) return [3 /*break*/, 2];
                                                    _f = esoCatalogId;
                                                    return [3 /*break*/, 6];
                                                case 2:
                                                    if (!((_b = (_a = result.catalog) === null || _a === void 0 ? void 0 : _a.id) !== null && _b !== void 0)) return [3 /*break*/, 3];
                                                    _g = _b;
                                                    return [3 /*break*/, 5];
                                                case 3: return [4 /*yield*/, findCatalogId(eso, catalog.name)];
                                                case 4:
                                                    _g = (_h.sent());
                                                    _h.label = 5;
                                                case 5:
                                                    _f = (esoCatalogId = _g);
                                                    _h.label = 6;
                                                case 6:
                                                    _f;
                                                    imported += ids.length;
                                                    return [2 /*return*/];
                                            }
                                        });
                                    };
                                    _d = 0, categories_1 = categories;
                                    _e.label = 5;
                                case 5:
                                    if (!(_d < categories_1.length)) return [3 /*break*/, 8];
                                    category = categories_1[_d];
                                    return [5 /*yield**/, _loop_2(category)];
                                case 6:
                                    _e.sent();
                                    _e.label = 7;
                                case 7:
                                    _d++;
                                    return [3 /*break*/, 5];
                                case 8:
                                    log("Peered ".concat(domain.name, " (").concat(peer.url, ") and imported ").concat(imported, " service specification placements"));
                                    return [2 /*return*/];
                            }
                        });
                    };
                    _i = 0, peers_1 = peers;
                    _c.label = 2;
                case 2:
                    if (!(_i < peers_1.length)) return [3 /*break*/, 5];
                    peer = peers_1[_i];
                    return [5 /*yield**/, _loop_1(peer)];
                case 3:
                    _c.sent();
                    _c.label = 4;
                case 4:
                    _i++;
                    return [3 /*break*/, 2];
                case 5: return [2 /*return*/];
            }
        });
    });
}
function findCatalogId(eso, name) {
    return __awaiter(this, void 0, void 0, function () {
        var catalogs, found;
        return __generator(this, function (_a) {
            switch (_a.label) {
                case 0: return [4 /*yield*/, eso.listAll("".concat(tmf_schemas_1.tmfApiPaths.serviceCatalog, "/serviceCatalog"), tmf_schemas_1.serviceCatalog, { name: name })];
                case 1:
                    catalogs = _a.sent();
                    found = catalogs[0];
                    if (!found)
                        throw new Error("The ESO has no catalogue named \"".concat(name, "\" after an import into it"));
                    return [2 /*return*/, found.id];
            }
        });
    });
}
function priceOf(name, min, max, step) {
    var hash = (0, node_crypto_1.createHash)("sha256").update(name).digest().readUInt32BE(0);
    return min + (hash % Math.floor((max - min) / step + 1)) * step;
}
/** Creates a launched product offering in the BMP for every ESO service that has none. */
function seedProductCatalog(bmp, eso, log) {
    return __awaiter(this, void 0, void 0, function () {
        function productCategoryFor(esoCategoryId) {
            return __awaiter(this, void 0, void 0, function () {
                var esoCategory, existing, category, esoCatalog, catalog, refs;
                var _a;
                return __generator(this, function (_b) {
                    switch (_b.label) {
                        case 0:
                            esoCategory = esoCategories.find(function (category) { return category.id === esoCategoryId; });
                            if (!esoCategory)
                                return [2 /*return*/, undefined];
                            existing = bmpCategories.find(function (category) { return category.name === esoCategory.name; });
                            if (existing)
                                return [2 /*return*/, { id: existing.id, name: esoCategory.name }];
                            return [4 /*yield*/, bmp.create("".concat(productCatalog, "/productCategory"), { name: esoCategory.name, description: esoCategory.description, lifecycleStatus: "Launched" }, anyEntity)];
                        case 1:
                            category = _b.sent();
                            bmpCategories.push(category);
                            esoCatalog = esoCatalogs.find(function (catalog) { var _a; return (_a = catalog.category) === null || _a === void 0 ? void 0 : _a.some(function (ref) { return ref.id === esoCategoryId; }); });
                            if (!esoCatalog) return [3 /*break*/, 5];
                            catalog = bmpCatalogs.find(function (candidate) { return candidate.name === esoCatalog.name; });
                            if (!!catalog) return [3 /*break*/, 3];
                            return [4 /*yield*/, bmp.create("".concat(productCatalog, "/productCatalog"), { name: esoCatalog.name, description: esoCatalog.description, lifecycleStatus: "Launched", category: [] }, anyEntity)];
                        case 2:
                            catalog = _b.sent();
                            bmpCatalogs.push(catalog);
                            _b.label = 3;
                        case 3:
                            refs = __spreadArray(__spreadArray([], ((_a = catalog.category) !== null && _a !== void 0 ? _a : []), true), [{ id: category.id, name: esoCategory.name }], false);
                            catalog.category = refs;
                            return [4 /*yield*/, bmp.patch("".concat(productCatalog, "/productCatalog/").concat(catalog.id), { category: refs }, anyEntity)];
                        case 4:
                            _b.sent();
                            _b.label = 5;
                        case 5: return [2 /*return*/, { id: category.id, name: esoCategory.name }];
                    }
                });
            });
        }
        var productCatalog, esoCatalogs, esoCategories, esoSpecifications, productSpecifications, covered, missing, bmpCatalogs, bmpCategories, _i, missing_1, spec, categories, _a, _b, ref, category, productSpecification;
        var _c, _d, _e;
        return __generator(this, function (_f) {
            switch (_f.label) {
                case 0:
                    productCatalog = tmf_schemas_1.tmfApiPaths.productCatalog;
                    return [4 /*yield*/, eso.listAll("".concat(tmf_schemas_1.tmfApiPaths.serviceCatalog, "/serviceCatalog"), tmf_schemas_1.serviceCatalog)];
                case 1:
                    esoCatalogs = _f.sent();
                    return [4 /*yield*/, eso.listAll("".concat(tmf_schemas_1.tmfApiPaths.serviceCatalog, "/serviceCategory"), tmf_schemas_1.serviceCategory)];
                case 2:
                    esoCategories = _f.sent();
                    return [4 /*yield*/, eso.listAll("".concat(tmf_schemas_1.tmfApiPaths.serviceCatalog, "/serviceSpecification"), tmf_schemas_1.serviceSpecification)];
                case 3:
                    esoSpecifications = _f.sent();
                    return [4 /*yield*/, bmp.listAll("".concat(productCatalog, "/productSpecification"), zod_1.z.looseObject({ id: zod_1.z.string(), serviceSpecification: zod_1.z.array(anyEntity).optional() }))];
                case 4:
                    productSpecifications = _f.sent();
                    covered = new Set(productSpecifications.flatMap(function (spec) { var _a, _b; return (_b = (_a = spec.serviceSpecification) === null || _a === void 0 ? void 0 : _a.map(function (ref) { return ref.id; })) !== null && _b !== void 0 ? _b : []; }));
                    missing = esoSpecifications.filter(function (spec) { return !covered.has(spec.id); });
                    if (missing.length === 0)
                        return [2 /*return*/];
                    return [4 /*yield*/, bmp.listAll("".concat(productCatalog, "/productCatalog"), anyEntity)];
                case 5:
                    bmpCatalogs = _f.sent();
                    return [4 /*yield*/, bmp.listAll("".concat(productCatalog, "/productCategory"), anyEntity)];
                case 6:
                    bmpCategories = _f.sent();
                    _i = 0, missing_1 = missing;
                    _f.label = 7;
                case 7:
                    if (!(_i < missing_1.length)) return [3 /*break*/, 15];
                    spec = missing_1[_i];
                    categories = [];
                    _a = 0, _b = (_c = spec.category) !== null && _c !== void 0 ? _c : [];
                    _f.label = 8;
                case 8:
                    if (!(_a < _b.length)) return [3 /*break*/, 11];
                    ref = _b[_a];
                    return [4 /*yield*/, productCategoryFor(ref.id)];
                case 9:
                    category = _f.sent();
                    if (category)
                        categories.push(category);
                    _f.label = 10;
                case 10:
                    _a++;
                    return [3 /*break*/, 8];
                case 11: return [4 /*yield*/, bmp.create("".concat(productCatalog, "/productSpecification"), {
                        name: spec.name,
                        description: spec.description,
                        version: (_d = spec.version) !== null && _d !== void 0 ? _d : "1.0.0",
                        lifecycleStatus: "Launched",
                        serviceSpecification: [{ id: spec.id, href: spec.href, name: spec.name }],
                        productSpecCharacteristic: (_e = spec.specCharacteristic) !== null && _e !== void 0 ? _e : [],
                    }, created)];
                case 12:
                    productSpecification = _f.sent();
                    return [4 /*yield*/, bmp.create("".concat(productCatalog, "/productOffering"), {
                            name: spec.name,
                            description: spec.description,
                            version: "1.0",
                            lifecycleStatus: "Launched",
                            isBundle: false,
                            isSellable: true,
                            productSpecification: { id: productSpecification.id, href: productSpecification.href, name: spec.name },
                            category: categories,
                            productOfferingPrice: [
                                { name: "Set-up", priceType: "oneTime", price: { unit: "EUR", value: priceOf("".concat(spec.name, "/setup"), 200, 2000, 50) } },
                                {
                                    name: "Subscription",
                                    priceType: "recurring",
                                    recurringChargePeriodType: "month",
                                    recurringChargePeriodLength: 1,
                                    price: { unit: "EUR", value: priceOf("".concat(spec.name, "/month"), 40, 900, 10) },
                                },
                            ],
                        }, created)];
                case 13:
                    _f.sent();
                    _f.label = 14;
                case 14:
                    _i++;
                    return [3 /*break*/, 7];
                case 15:
                    log("Published ".concat(missing.length, " product offerings in the BMP"));
                    return [2 /*return*/];
            }
        });
    });
}
