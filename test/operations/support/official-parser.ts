import { spawnSync } from 'node:child_process';

/**
 * The Prometheus project's own Python client parser (Debian's python3-prometheus-client), as a
 * second, independent reader of what we expose. Undefined when it is not installed: the tests
 * using it then say so and skip.
 */
const SCRIPT = `
import json, sys
from prometheus_client.parser import text_string_to_metric_families
families = []
for f in text_string_to_metric_families(sys.stdin.read()):
    families.append({"name": f.name, "type": f.type, "help": f.documentation,
        "samples": [{"name": s.name, "labels": s.labels, "value": repr(s.value)} for s in f.samples]})
print(json.dumps(families))
`;

export interface OfficialFamily {
  readonly name: string;
  readonly type: string;
  readonly help: string;
  readonly samples: { name: string; labels: Record<string, string>; value: string }[];
}

const findPython = (): string | undefined => {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import prometheus_client'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return undefined;
};

let python: string | null | undefined = null;

export const officialParserAvailable = (): boolean => {
  if (python === null) python = findPython();
  return python !== undefined;
};

export const officialParse = (text: string): OfficialFamily[] => {
  if (!officialParserAvailable()) throw new Error('python3-prometheus-client is not installed');
  const run = spawnSync(python as string, ['-c', SCRIPT], { input: text, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`prometheus_client refused the exposition:\n${run.stderr}`);
  return JSON.parse(run.stdout) as OfficialFamily[];
};
