/** The platform's JSON envelope as tests read it; `data` varies by endpoint. */
export interface PlatformBody {
  code: number;
  message: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  data?: any;
}

/** Calls an unsigned /__admin knob with a JSON body (or a raw string, to test bad JSON). */
export async function adminFetch(baseUrl: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${baseUrl}/__admin${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as PlatformBody };
}
