/** Returns one page of a TMF list, with the counts in X-Total-Count and X-Result-Count. */
export function listResponse(items: unknown[], total: number): Response {
  return Response.json(items, {
    status: 200,
    headers: { "X-Total-Count": String(total), "X-Result-Count": String(items.length) },
  });
}

export function createdResponse(document: { href: string }): Response {
  return Response.json(document, { status: 201, headers: { Location: document.href } });
}

export function okResponse(document: unknown): Response {
  return Response.json(document, { status: 200 });
}

export function noContentResponse(): Response {
  return new Response(null, { status: 204 });
}

/** Returns a TMF 404 Error, not an HTML page, for a path under /tmf-api that no route serves. */
export async function unknownTmfPath(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  return Response.json(
    { "@type": "Error", code: "notFound", reason: "Resource not found", message: `No TMF API resource at ${path}; check the API name, version and resource`, status: "404" },
    { status: 404 },
  );
}
