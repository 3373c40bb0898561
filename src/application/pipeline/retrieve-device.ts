import type { DeviceDocument, DeviceInfo } from '../../domain/device/document.js';
import type { DeviceReadModel } from '../../projections/devices/device-read-model.js';

/**
 * Finds the device a request comes from (provd-spec §3.3): by MAC, then serial number, then
 * UUID, then IP. Lookups are global (all tenants). By IP, candidates that contradict the
 * request (another MAC, vendor or model) are dropped; several remaining candidates is
 * ambiguous (phones behind NAT share an IP), and ambiguity is no match.
 */
export const retrieveDevice = (devices: DeviceReadModel, info: DeviceInfo): DeviceDocument | undefined => {
  if (info.mac !== undefined) {
    const byMac = devices.findByMac(info.mac)[0];
    if (byMac !== undefined) return byMac;
  }
  if (info.sn !== undefined) {
    const bySn = devices.findBySn(info.sn)[0];
    if (bySn !== undefined) return bySn;
  }
  if (info.uuid !== undefined) {
    const byUuid = devices.findByUuid(info.uuid)[0];
    if (byUuid !== undefined) return byUuid;
  }
  if (info.ip !== undefined) {
    const compatible = devices
      .findByIp(info.ip)
      .filter((device) =>
        (['mac', 'vendor', 'model'] as const).every(
          (key) => device[key] === undefined || info[key] === undefined || device[key] === info[key],
        ),
      );
    if (compatible.length === 1) return compatible[0];
  }
  return undefined;
};
