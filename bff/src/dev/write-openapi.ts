import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config';
import { buildOpenApiDocument } from '../openapi/document';

// `npm run openapi`: regenerates docs/openapi.json from the shared zod schemas.
const target = path.join(REPO_ROOT, 'docs', 'openapi.json');
writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
