import * as E from 'fp-ts/lib/Either.js';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DhcpService } from '../../src/application/dhcp/dhcp-service.js';
import { type PhoneHarness, startPhoneHarness } from './support/phone-harness.js';
import { pluginSetOf, testPluginHandle } from './support/test-plugin-handle.js';

const harnesses: PhoneHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
});

// "TestPhone" as option 60 (vendor class identifier), in provd's dotted-hex encoding.
const VENDOR_CLASS = `060${[...Buffer.from('TestPhone')].map((b) => b.toString(16)).join('.')}`;

describe('DHCP information', () => {
  it('creates the device of a lease commit, with the MAC and vendor it tells', async () => {
    const h = await startPhoneHarness(pluginSetOf(testPluginHandle()));
    harnesses.push(h);
    const dhcp = new DhcpService(h.pipeline, pino({ level: 'silent' }));
    const accepted = dhcp.submit({
      dhcp_info: { op: 'commit', ip: '10.0.0.42', mac: '00-15-65-12-34-56', options: [VENDOR_CLASS] },
    });
    if (E.isLeft(accepted)) throw new Error(accepted.left);
    await accepted.right;
    const [device] = h.readModels.devices.findByMac('00:15:65:12:34:56');
    expect(device).toMatchObject({
      ip: '10.0.0.42',
      vendor: 'TestVendor',
      added: 'auto',
      plugin: 'testphone',
    });
    const history = h.readModels.deviceHistory.history(device!.id, {}).entries;
    expect(history[0]).toMatchObject({ type: 'DeviceDiscovered', source: 'dhcp', clientIp: '10.0.0.42' });
  });

  it('refuses a malformed body with the message, and ignores release', async () => {
    const h = await startPhoneHarness(pluginSetOf(testPluginHandle()));
    harnesses.push(h);
    const dhcp = new DhcpService(h.pipeline, pino({ level: 'silent' }));
    expect(dhcp.submit({ dhcp_info: { op: 'renew', ip: '10.0.0.1' } })).toEqual(
      E.left('invalid operation value'),
    );
    const head = await h.head();
    const released = dhcp.submit({ dhcp_info: { op: 'release', ip: '10.0.0.1' } });
    if (E.isLeft(released)) throw new Error(released.left);
    await released.right;
    expect(await h.head()).toBe(head);
  });
});
