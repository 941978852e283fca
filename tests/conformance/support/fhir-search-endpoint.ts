import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

type Resource = { resourceType: string; id?: unknown; [k: string]: unknown };

export interface FhirFixtureEndpoint {
  origin: string;
  /** Paths asked for, in order, with their query strings. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A small FHIR R4 search endpoint over hand-written resources: not a simulator, it only selects.
 * `Patient?identifier=`, `DiagnosticReport?subject=` (with `_include=DiagnosticReport:result`
 * adding the Observations of `included`), `Observation?_id=` (both pools), reads by id and
 * `Binary/<id>` (a PDF). `{{origin}}` in a file becomes the server's own origin.
 */
export async function serveFhirFixtures(
  dir: string,
  files: { patients: string; reports: string; included: string; referenced: string },
  binaries: Record<string, Buffer>,
): Promise<FhirFixtureEndpoint> {
  const requests: string[] = [];
  let origin = '';
  const load = (file: string) =>
    JSON.parse(readFileSync(join(dir, file), 'utf8').replaceAll('{{origin}}', origin)) as Resource[];
  const bundle = (resources: Resource[]) => ({
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    link: [{ relation: 'self', url: `${origin}/fhir` }],
    entry: resources.map((resource) => ({
      fullUrl: `${origin}/fhir/${resource.resourceType}/${String(resource.id)}`,
      resource,
    })),
  });
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const url = new URL(req.url ?? '/', origin);
    const [, , type = '', id] = url.pathname.split('/');
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { 'Content-Type': 'application/fhir+json' }).end(JSON.stringify(body));
    const patients = load(files.patients);
    const reports = load(files.reports);
    const included = load(files.included);
    const observations = [...included, ...load(files.referenced)];
    const pool: Record<string, Resource[]> = {
      Patient: patients,
      DiagnosticReport: reports,
      Observation: observations,
    };
    if (type === 'Binary' && id && binaries[id]) {
      res.writeHead(200, { 'Content-Type': 'application/pdf' }).end(binaries[id]);
      return;
    }
    const resources = pool[type];
    if (!resources)
      return send(404, {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'not-found' }],
      });
    if (id) {
      const found = resources.find((r) => r.id === decodeURIComponent(id));
      return found
        ? send(200, found)
        : send(404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
    }
    const q = url.searchParams;
    if (type === 'Patient') {
      const [system, value] = (q.get('identifier') ?? '').split('|');
      const ids = (r: Resource) => (r.identifier as { system?: string; value?: string }[] | undefined) ?? [];
      return send(
        200,
        bundle(patients.filter((p) => ids(p).some((i) => i.system === system && i.value === value))),
      );
    }
    if (type === 'Observation') {
      const wanted = (q.get('_id') ?? '').split(',');
      return send(200, bundle(observations.filter((o) => wanted.includes(String(o.id)))));
    }
    // Any report of the Patient (the endpoint knows one person): by reference, relative or absolute.
    const subject = q.get('subject');
    if (!subject)
      return send(400, {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'required' }],
      });
    const matches = reports.filter((r) => {
      const ref = (r.subject as { reference?: string } | undefined)?.reference ?? '';
      return ref.endsWith(subject) || subject === 'Patient/pat-7';
    });
    const include = q.getAll('_include').includes('DiagnosticReport:result');
    const refs = new Set(
      matches.flatMap((r) =>
        ((r.result as { reference: string }[] | undefined) ?? []).map((x) =>
          x.reference.replace(/^.*\/(Observation\/)/, '$1'),
        ),
      ),
    );
    const extra = include ? included.filter((o) => refs.has(`Observation/${String(o.id)}`)) : [];
    return send(200, bundle([...matches, ...extra]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
