import {
  type OperationStatus,
  type ProgressLineOptions,
  parseOperationStatus,
  progressLine,
} from '../../../application/operations/progress-line.js';
import type { CliIo } from '../../shared/cli-io.js';
import { CliFailure } from '../../shared/errors.js';
import { progressDisplay } from '../../shared/progress-display.js';
import type { Answer, ProvdClient } from './provd-client.js';

/** How often the monitor is asked: quick enough for a bar that moves, light on the server. */
export const POLL_INTERVAL_MS = 200;

export interface OperationOutcome {
  readonly state: 'success' | 'fail';
  /** The last status string, e.g. `install|fail(download|fail;512/4096)`. */
  readonly status: string;
  /** Why it failed, in the server's words. */
  readonly reason?: string;
  /** The monitor's last answer, whole (an operation may report more than its status). */
  readonly entity: unknown;
}

/** The labels down to the deepest failed step: `install › download`. */
const failedSteps = (status: OperationStatus): string[] => {
  const failed = status.children.find((child) => child.state === 'fail');
  return [...(status.label === undefined ? [] : [status.label]), ...(failed ? failedSteps(failed) : [])];
};

const readMonitor = (
  entity: unknown,
): { status: OperationStatus; text: string; error?: string; entity: unknown } => {
  const { status, error } = (entity ?? {}) as { status?: unknown; error?: unknown };
  if (typeof status !== 'string') throw new CliFailure('the operation monitor answered no status');
  try {
    return {
      status: parseOperationStatus(status),
      text: status,
      entity,
      ...(typeof error === 'string' ? { error } : {}),
    };
  } catch {
    throw new CliFailure(`the operation monitor answered an unreadable status: ${status}`);
  }
};

/**
 * Follows the operation a `201 Created` started: GETs its monitor (the Location) until it
 * succeeds or fails, drawing the progress on standard error, then DELETEs the monitor, which
 * provd keeps until its client removes it (as wazo-provd-client does). The reason of a failure
 * is the monitor's `error`, else the step that failed (a server that does not say why).
 */
export const followOperation = async (
  client: ProvdClient,
  created: Answer,
  io: CliIo,
  subject?: string,
  line: Omit<ProgressLineOptions, 'subject'> = {},
): Promise<OperationOutcome> => {
  const location = created.location;
  if (location === undefined) throw new CliFailure('the server started the operation but gave no monitor');
  const display = progressDisplay(io);
  try {
    for (;;) {
      const monitor = readMonitor(await client.get(location));
      display.show(progressLine(monitor.text, subject === undefined ? line : { ...line, subject }));
      const { state } = monitor.status;
      if (state === 'success') return { state, status: monitor.text, entity: monitor.entity };
      if (state === 'fail') {
        const reason = monitor.error ?? `${failedSteps(monitor.status).join(' › ')} failed`;
        return { state, status: monitor.text, reason, entity: monitor.entity };
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  } finally {
    display.end();
    // Best effort: the outcome is known already, and provd drops old finished monitors anyway.
    await client.delete(location).catch(() => {});
  }
};
