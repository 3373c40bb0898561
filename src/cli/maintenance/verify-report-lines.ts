import type { Divergence, VerifyReport } from '../../projections/verify/verify-read-models.js';

const keyText = (key: Divergence['key']): string =>
  key === undefined
    ? ''
    : ` ${Object.entries(key)
        .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
        .join(' ')}`;

const rowText = (row: Divergence['expected']): string => (row === null ? '(none)' : JSON.stringify(row));

/** One line per divergence (and its rows), then the summary: what `provd verify` prints. */
export const reportLines = (report: VerifyReport): { out: string[]; summary: string } => {
  const out: string[] = [];
  for (const divergence of report.divergences) {
    out.push(
      `${divergence.projection}: ${divergence.table}${keyText(divergence.key)}: ${divergence.message}`,
    );
    if (divergence.expected !== undefined) out.push(`  expected: ${rowText(divergence.expected)}`);
    if (divergence.found !== undefined) out.push(`  found:    ${rowText(divergence.found)}`);
  }
  const total = report.divergences.length + report.more;
  if (report.more > 0) out.push(`… and ${report.more} more`);
  const compared = `${report.projections} projections, ${report.tables} tables, ${report.rows.toLocaleString('en-US')} rows`;
  const summary = report.identical
    ? `read models match the event log at position ${report.position} (${compared})`
    : `read models differ from the event log at position ${report.position}: ${total} difference${total === 1 ? '' : 's'} (${compared})`;
  return { out, summary };
};
