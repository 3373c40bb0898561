// Completes the compiled plugins in dist/plugins/<id>/ with what tsc does not emit: the
// manifest, templates, static files, package payloads and READMEs, so a built plugin folder is
// self-contained (scripts/build-plugin-repo.mjs then packages it).
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const source = 'plugins';
const target = join('dist', 'plugins');
for (const entry of readdirSync(source, { withFileTypes: true })) {
  if (!entry.isDirectory()) continue;
  for (const asset of ['plugin.json', 'templates', 'files', 'packages', 'README.md']) {
    const from = join(source, entry.name, asset);
    if (existsSync(from)) cpSync(from, join(target, entry.name, asset), { recursive: true });
  }
}
