import { PROV_MIME } from '../../../src/adapters/rest/http/prov-mime.js';
import { ADMIN_TOKEN } from './provd-child.js';

/** What the server acknowledged (a 2xx), and what it may or may not have done when it died. */
export interface LoadRecord {
  /** Device id → MAC, for each 201 to a creation. */
  readonly created: Map<string, string>;
  /** Device id → the description of the last update answered 204. */
  readonly updated: Map<string, string>;
  /** Device id → the description of an update sent but never answered. */
  readonly unanswered: Map<string, string>;
  /** MACs of phones that got their file (200): the device was discovered and recorded. */
  readonly discovered: Set<string>;
  errors: number;
}

const mac = (prefix: number, n: number): string =>
  [0x00, 0x15, 0x65, prefix, (n >> 8) & 255, n & 255].map((b) => b.toString(16).padStart(2, '0')).join(':');

const admin = (url: string, method: string, body?: unknown): Promise<Response> =>
  fetch(url, {
    method,
    headers: {
      'x-auth-token': ADMIN_TOKEN,
      accept: PROV_MIME,
      ...(body === undefined ? {} : { 'content-type': PROV_MIME }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/**
 * Writes to the server until `stop` says so or it stops answering: admins creating devices and
 * updating each one twice, phones of new MACs (each from its own address, as a proxy would say)
 * asking for their file, which creates their device.
 */
export const runWriteLoad = async (
  server: { readonly restUrl: string; readonly httpUrl: string },
  options: { readonly admins: number; readonly phones: number; readonly stop: () => boolean },
): Promise<LoadRecord> => {
  const record: LoadRecord = {
    created: new Map(),
    updated: new Map(),
    unanswered: new Map(),
    discovered: new Set(),
    errors: 0,
  };
  const devices = `${server.restUrl}/0.2/dev_mgr/devices`;
  let next = 0;
  const adminWorker = async (): Promise<void> => {
    while (!options.stop()) {
      const address = mac(0xa0, next++);
      const created = await admin(devices, 'POST', { device: { mac: address } });
      if (created.status !== 201)
        throw new Error(`create answered ${created.status}: ${await created.text()}`);
      const { id } = (await created.json()) as { id: string };
      record.created.set(id, address);
      for (const description of ['first update', 'second update']) {
        record.unanswered.set(id, description);
        const updated = await admin(`${devices}/${id}`, 'PUT', { device: { id, mac: address, description } });
        if (updated.status !== 204)
          throw new Error(`update answered ${updated.status}: ${await updated.text()}`);
        record.unanswered.delete(id);
        record.updated.set(id, description);
      }
    }
  };
  const phoneWorker = async (): Promise<void> => {
    while (!options.stop()) {
      const n = next++;
      const address = mac(0xb0, n);
      const response = await fetch(`${server.httpUrl}/${address.replaceAll(':', '')}.cfg`, {
        headers: {
          'user-agent': `Yealink SIP-T46S 66.86.0.15 ${address}`,
          'x-forwarded-for': `10.77.${(n >> 8) & 255}.${n & 255}`,
        },
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`phone got ${response.status}`);
      record.discovered.add(address);
    }
  };
  const workers = [
    ...Array.from({ length: options.admins }, adminWorker),
    ...Array.from({ length: options.phones }, phoneWorker),
  ];
  // A worker ends at the first request that fails: the server died under it.
  await Promise.all(
    workers.map((worker) =>
      worker.catch(() => {
        record.errors++;
      }),
    ),
  );
  return record;
};
