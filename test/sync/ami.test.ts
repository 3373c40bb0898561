/**
 * AmiSynchronizer against a real HTTP stand-in for wazo-amid: the request (endpoint or URI,
 * variables, token), amid's answers (success, AMI error, HTTP errors, not JSON), amid down or
 * hung, and a failing token provider.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AmiSynchronizer,
  type AmiSynchronizerOptions,
} from '../../src/adapters/sip-notify/ami/ami-synchronizer.js';
import type { SyncPlan } from '../../src/plugin-runtime/contract.js';
import { AmidStandIn, NOTIFY_SENT, type Responder } from './support/amid-stand-in.js';

const CHECK_SYNC: SyncPlan = { kind: 'sip-notify', event: 'check-sync' };

const standIns: AmidStandIn[] = [];
const synchronizers: AmiSynchronizer[] = [];

afterEach(async () => {
  for (const s of synchronizers.splice(0)) await s.close();
  for (const a of standIns.splice(0)) await a.close();
});

const amid = async (responder: Responder = () => NOTIFY_SENT): Promise<AmidStandIn> => {
  const a = await AmidStandIn.start(responder);
  standIns.push(a);
  return a;
};

const synchronizer = (amidUrl: string, options: Partial<AmiSynchronizerOptions> = {}) => {
  const s = new AmiSynchronizer({ amidUrl, token: async () => 'token-42', ...options });
  synchronizers.push(s);
  return s;
};

describe('the request', () => {
  it('notifies the endpoint when the device has its own SIP username', async () => {
    const a = await amid();
    const plan: SyncPlan = {
      kind: 'sip-notify',
      event: 'check-sync;reboot=false',
      extraHeaders: { 'X-A': 'b=c' },
    };
    await synchronizer(a.url).synchronize({ deviceId: 'd', ip: '10.0.0.9', sipUsername: 'x7kq2mzp' }, plan);
    expect(a.requests).toHaveLength(1);
    const [request] = a.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/1.0/action/PJSIPNotify');
    expect(request!.headers['x-auth-token']).toBe('token-42');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.body).toEqual({
      Endpoint: 'x7kq2mzp',
      Variable: ['Event=check-sync;reboot=false', 'X-A=b=c'],
    });
  });

  it('notifies sip:anonymous@<ip> when the device has no username', async () => {
    const a = await amid();
    await synchronizer(a.url).synchronize({ deviceId: 'd', ip: '10.0.0.9' }, CHECK_SYNC);
    expect(a.requests[0]!.body).toEqual({ URI: 'sip:anonymous@10.0.0.9', Variable: ['Event=check-sync'] });
  });

  it('notifies by IP when the username is the autoprov one every new phone shares', async () => {
    const a = await amid();
    await synchronizer(a.url).synchronize(
      { deviceId: 'd', ip: '10.0.0.9', sipUsername: 'ap12345678' },
      CHECK_SYNC,
    );
    expect(a.requests[0]!.body).toEqual({ URI: 'sip:anonymous@10.0.0.9', Variable: ['Event=check-sync'] });
  });

  it("names the phone's port when the device has one", async () => {
    const a = await amid();
    await synchronizer(a.url).synchronize({ deviceId: 'd', ip: '10.0.0.9', sipPort: 5062 }, CHECK_SYNC);
    expect(a.requests[0]!.body).toMatchObject({ URI: 'sip:anonymous@10.0.0.9:5062' });
  });

  it('accepts a base URL with a path, a trailing slash or the API version', async () => {
    const a = await amid();
    await synchronizer(`${a.url}/`).synchronize({ deviceId: 'd', ip: '10.0.0.9' }, CHECK_SYNC);
    await synchronizer(`${a.url}/1.0`).synchronize({ deviceId: 'd', ip: '10.0.0.9' }, CHECK_SYNC);
    await synchronizer(`${a.url}/api/amid/`).synchronize({ deviceId: 'd', ip: '10.0.0.9' }, CHECK_SYNC);
    expect(a.requests.map((r) => r.url)).toEqual([
      '/1.0/action/PJSIPNotify',
      '/1.0/action/PJSIPNotify',
      '/api/amid/1.0/action/PJSIPNotify',
    ]);
  });

  it('asks the token provider each time (tokens expire)', async () => {
    const a = await amid();
    let n = 0;
    const s = synchronizer(a.url, { token: async () => `token-${++n}` });
    await s.synchronize({ deviceId: 'd', ip: '10.0.0.9' }, CHECK_SYNC);
    await s.synchronize({ deviceId: 'd', ip: '10.0.0.9' }, CHECK_SYNC);
    expect(a.requests.map((r) => r.headers['x-auth-token'])).toEqual(['token-1', 'token-2']);
  });
});

describe("amid's answers", () => {
  it("an AMI error in the list rejects with Asterisk's message", async () => {
    const a = await amid(() => ({
      status: 200,
      body: [{ Response: 'Error', Message: 'Unable to retrieve endpoint x7kq2mzp' }],
    }));
    await expect(
      synchronizer(a.url).synchronize({ deviceId: 'd', ip: '10.0.0.9', sipUsername: 'x7kq2mzp' }, CHECK_SYNC),
    ).rejects.toThrow(
      'Asterisk refused the NOTIFY to endpoint x7kq2mzp: Unable to retrieve endpoint x7kq2mzp',
    );
  });

  it('an error after a success in the list still rejects', async () => {
    const a = await amid(() => ({ status: 200, body: [{ Response: 'Success' }, { Response: 'Error' }] }));
    await expect(
      synchronizer(a.url).synchronize({ deviceId: 'd', ip: '10.0.0.9' }, CHECK_SYNC),
    ).rejects.toThrow('Asterisk refused the NOTIFY to sip:anonymous@10.0.0.9: no reason given');
  });

  it("an empty list is a success, as for wazo-amid's own client", async () => {
    const a = await amid(() => ({ status: 200, body: [] }));
    await expect(
      synchronizer(a.url).synchronize({ deviceId: 'd', ip: '10.0.0.9' }, CHECK_SYNC),
    ).resolves.toBeUndefined();
  });

  it.each([
    [401, { message: 'Unauthorized', error_id: 'unauthorized', details: {} }, 'HTTP 401 (Unauthorized)'],
    [
      503,
      { message: 'wazo-amid is not initialized', error_id: 'not-initialized' },
      'HTTP 503 (wazo-amid is not initialized)',
    ],
    [403, 'nope', 'HTTP 403 (the token lacks the ACL for amid.action.PJSIPNotify.create)'],
    [500, null, 'HTTP 500'],
    [201, [], 'HTTP 201'],
  ])('HTTP %i rejects', async (status, body, message) => {
    const a = await amid(() => ({ status, body }));
    await expect(
      synchronizer(a.url).synchronize({ deviceId: 'd', ip: '10.0.0.9' }, CHECK_SYNC),
    ).rejects.toThrow(`wazo-amid refused the NOTIFY to sip:anonymous@10.0.0.9: ${message}`);
  });

  it('a 200 that is not a list rejects', async () => {
    const a = await amid(() => ({ status: 200, body: { Response: 'Success' } }));
    await expect(
      synchronizer(a.url).synchronize({ deviceId: 'd', ip: '10.0.0.9' }, CHECK_SYNC),
    ).rejects.toThrow('not a list');
  });
});

describe('when amid cannot be used', () => {
  it('amid down rejects naming where it was looked for', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await expect(
      synchronizer(`http://127.0.0.1:${port}`).synchronize({ deviceId: 'd', ip: '10.0.0.9' }, CHECK_SYNC),
    ).rejects.toThrow(`cannot reach wazo-amid at http://127.0.0.1:${port}: ECONNREFUSED`);
  });

  it('a hung amid times out', async () => {
    const a = await amid(() => undefined);
    await expect(
      synchronizer(a.url, { timeoutMs: 200 }).synchronize({ deviceId: 'd', ip: '10.0.0.9' }, CHECK_SYNC),
    ).rejects.toThrow(`wazo-amid at ${a.url} did not answer within 0.2 s`);
  });

  it('an aborted signal cancels the request', async () => {
    const a = await amid(() => undefined);
    const controller = new AbortController();
    const sync = synchronizer(a.url).synchronize({ deviceId: 'd', ip: '10.0.0.9' }, CHECK_SYNC, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(sync).rejects.toThrow('synchronization of device d was cancelled');
  });

  it('a failing token provider rejects without calling amid', async () => {
    const a = await amid();
    const s = synchronizer(a.url, {
      token: async () => {
        throw new Error('wazo-auth unreachable');
      },
    });
    await expect(s.synchronize({ deviceId: 'd', ip: '10.0.0.9' }, CHECK_SYNC)).rejects.toThrow(
      'cannot get a token for wazo-amid: wazo-auth unreachable',
    );
    expect(a.requests).toHaveLength(0);
  });
});
