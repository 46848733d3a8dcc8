import { unknownTmfPath } from "@cop-pilot/tmf-server";

// Any method on a /tmf-api path that no route serves: a TMF 404 instead of Next.js's HTML page.
export { unknownTmfPath as GET, unknownTmfPath as POST, unknownTmfPath as PATCH, unknownTmfPath as PUT, unknownTmfPath as DELETE };
