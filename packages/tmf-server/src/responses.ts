/** A page of a TMF list, with the counts TMF clients read from the headers. */
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
