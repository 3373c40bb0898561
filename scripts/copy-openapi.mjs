// Puts the REST API document next to its compiled module (dist/src/adapters/rest/openapi/), where
// the routes look for it: tsc does not emit YAML files.
import { cpSync } from 'node:fs';
import { join } from 'node:path';

const folder = join('src', 'adapters', 'rest', 'openapi');
cpSync(join(folder, 'api.yml'), join('dist', folder, 'api.yml'));
