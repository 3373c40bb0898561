import type { ParameterName } from '../../domain/settings/events.js';
import { PARAMETER_NAMES } from '../../domain/settings/events.js';
import type { JsonValue } from '../../domain/shared/json.js';
import type { EventStore } from '../../eventstore/port.js';
import type { ReadModels } from '../../projections/read-models.js';
import { runSettingsCommand } from '../aggregates.js';
import { AdminError, type Requester } from './admin-context.js';
import { unwrap } from './handle-result.js';

/** The public parameters of provd's /configure, in provd's listing order (provd-spec §7.1). */
export const PUBLIC_PARAMETERS = [...PARAMETER_NAMES, 'provisioning_key'] as const;
export type PublicParameter = (typeof PUBLIC_PARAMETERS)[number];

const DESCRIPTIONS: Readonly<Record<PublicParameter, { en: string; fr: string }>> = {
  plugin_server: { en: 'The plugins repository URL', fr: "L'URL du dépôt de greffons" },
  http_proxy: {
    en: 'The proxy for HTTP requests. Format is "http://[user:password@]host:port"',
    fr: 'Le proxy pour les requêtes HTTP. Le format est "http://[user:password@]host:port"',
  },
  ftp_proxy: {
    en: 'The proxy for FTP requests. Format is "http://[user:password@]host:port"',
    fr: 'Le proxy pour les requêtes FTP. Le format est "http://[user:password@]host:port"',
  },
  https_proxy: {
    en: 'The proxy for HTTPS requests. Format is "host:port"',
    fr: 'Le proxy pour les requêtes HTTPS. Le format est "host:port"',
  },
  locale: { en: 'The current locale. Example: fr_FR', fr: 'La locale courante. Exemple : fr_FR' },
  NAT: {
    en: 'Set to 1 if all the devices are behind a NAT.',
    fr: 'Mettre à 1 si tous les équipements sont derrière un NAT.',
  },
  provisioning_key: {
    en: 'The provisioning key for the tenant. [min: 8, max: 256]',
    fr: 'La clé de provisionnement du tenant. [min : 8, max : 256]',
  },
};

export interface ParamAdminDeps {
  readonly store: EventStore;
  readonly readModels: ReadModels;
  readonly waitFor: (position: number) => Promise<void>;
  /** Values used while a parameter was never set (plugin_server: the bundled repository). */
  readonly defaults: Partial<Record<ParameterName, string>>;
}

const isPublic = (name: string): name is PublicParameter =>
  (PUBLIC_PARAMETERS as readonly string[]).includes(name);

/**
 * provd's /configure (provd-spec §7.1, §4.4) over the Settings aggregate. `provisioning_key` is
 * per tenant (the requester's); the others are server-wide. provd's hidden `tenants` parameter,
 * which exposed every tenant's key, is not offered.
 */
export class ParamAdmin {
  constructor(private readonly deps: ParamAdminDeps) {}

  exists(name: string): boolean {
    return isPublic(name);
  }

  list(requester: Requester): { id: string; description: string; value: JsonValue }[] {
    const french = String(this.value('locale', requester) ?? '').startsWith('fr');
    return PUBLIC_PARAMETERS.map((id) => ({
      id,
      description: french ? DESCRIPTIONS[id].fr : DESCRIPTIONS[id].en,
      value: this.value(id, requester),
    }));
  }

  value(name: string, requester: Requester): JsonValue {
    if (!isPublic(name)) throw new AdminError('not_found', 'No such resource');
    const { settings } = this.deps.readModels;
    if (name === 'provisioning_key') return settings.provisioningKey(requester.tenant);
    const value = settings.parameter(name);
    // provd reads NAT back as an integer, 0 when never set.
    if (name === 'NAT') return value === undefined || value === null ? 0 : Number(value);
    return value ?? this.deps.defaults[name] ?? null;
  }

  async set(name: string, value: JsonValue, requester: Requester): Promise<void> {
    if (!isPublic(name)) throw new AdminError('not_found', 'No such resource');
    const command =
      name === 'provisioning_key'
        ? ({ type: 'SetProvisioningKey', tenantUuid: requester.tenant, key: value } as const)
        : ({ type: 'SetParameter', name, value } as const);
    const handled = unwrap(await runSettingsCommand(this.deps.store, command, requester.metadata));
    if (handled.position !== undefined) await this.deps.waitFor(handled.position);
  }
}
