import type { RawQuery } from '../../../application/audit/event-query.js';
import { instantOption, SOURCE_OPTIONS } from '../source/open-source.js';

/** The filters `events tail` and `events export` take, as the REST API's parameters. */
export const FILTER_OPTIONS = {
  ...SOURCE_OPTIONS,
  type: { type: 'string' },
  tenant: { type: 'string' },
  device: { type: 'string' },
} as const;

export const FILTER_USAGE = `  --type <types>     only these event types (comma-separated, e.g. ConfigUpdated,DeviceCreated)
  --tenant <uuid>    only events of devices that were in this tenant then
  --device <id>      only this device's timeline (with what each event changed)`;

export const filterQuery = (
  values: {
    readonly type?: string;
    readonly tenant?: string;
    readonly device?: string;
    readonly from?: string;
    readonly to?: string;
  },
  usage: string,
): RawQuery => ({
  type: values.type,
  tenant: values.tenant,
  device: values.device,
  from: instantOption('from', values.from, usage),
  to: instantOption('to', values.to, usage),
});
