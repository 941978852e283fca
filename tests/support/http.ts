/** Small fetch helpers for tests: JSON in, status + headers + parsed body out. */
export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function request<T = unknown>(url: string, init: RequestInit = {}): Promise<JsonResponse<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body: body as T, text };
}

export const getJson = <T = unknown>(url: string, headers: Record<string, string> = {}) =>
  request<T>(url, { headers });

/** Every error answer must be the DESIGN.md envelope and must not leak a stack trace. */
export function expectEnvelope(res: JsonResponse, status: number, code: string): void {
  expect({ status: res.status, code: (res.body as { error?: { code?: string } })?.error?.code }).toEqual({
    status,
    code,
  });
  expect(res.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  expect((res.body as { error: { requestId: string } }).error.requestId).toEqual(
    res.headers.get('x-request-id'),
  );
}
