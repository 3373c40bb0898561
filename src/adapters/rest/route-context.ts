import type { ConfigAdmin } from '../../application/admin/config-admin.js';
import type { DeviceAdmin } from '../../application/admin/device-admin.js';
import type { DeviceFiles } from '../../application/admin/device-files.js';
import type { DeviceSync } from '../../application/admin/device-sync.js';
import type { ParamAdmin } from '../../application/admin/param-admin.js';
import type { AuditService } from '../../application/audit/audit-service.js';
import type { DhcpService } from '../../application/dhcp/dhcp-service.js';
import type { OperationRegistry } from '../../application/operations/operation.js';
import type { DeviceHistoryReadModel } from '../../projections/history/device-history-read-model.js';
import type { Authenticate } from './auth/authenticate.js';
import type { StatusSource } from './routes/status-routes.js';

/** What every route plugin of the REST app gets: authentication and the application services. */
export interface RouteContext {
  readonly authenticate: Authenticate;
  /** The master tenant now (provd's own tenant; new devices in it are `is_new`). */
  readonly masterTenant: () => string;
  readonly devices: DeviceAdmin;
  readonly deviceSync: DeviceSync;
  readonly deviceFiles: DeviceFiles;
  readonly history: DeviceHistoryReadModel;
  /** The audit trail: events, a device's state and files at an instant (audit-routes.ts). */
  readonly audit: AuditService;
  readonly configs: ConfigAdmin;
  readonly params: ParamAdmin;
  readonly dhcp: DhcpService;
  readonly operations: OperationRegistry;
  readonly status: StatusSource;
}
