import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Operation } from '../../../application/operations/operation.js';
import { PluginManagerError } from '../../../application/plugins/manager/errors.js';
import type { PluginManager } from '../../../application/plugins/manager/plugin-manager.js';
import type { PluginRegistry } from '../../../application/plugins/plugin-registry.js';
import { readEntity, readIdEntity } from '../http/body.js';
import {
  locationUnder,
  requireAcceptable,
  sendCreatedMonitor,
  sendEntity,
  sendNoContent,
} from '../http/reply.js';
import { notFound, RestError } from '../http/rest-error.js';
import type { RouteContext } from '../route-context.js';
import { links, linksRoute } from './link.js';
import { monitorEntity, monitorRoutes, withoutPrefix } from './monitor-routes.js';

export interface PluginRouteOptions extends RouteContext {
  readonly manager: PluginManager;
  readonly registry: PluginRegistry;
}

type WithPlugin = { Params: { plugin_id: string } };
type WithPluginOperation = { Params: { plugin_id: string; operation_id: string } };

/**
 * Refusals of the plugin manager: 400 as provd, except that an index update already running or
 * without a server is a 409/400 where provd answered 500, and a plugin the manager does not know
 * is 404.
 */
const refused =
  (update = false) =>
  (error: unknown): never => {
    if (!(error instanceof PluginManagerError)) throw error;
    if (error.code === 'not_found') throw notFound();
    if (update && /in progress/.test(error.message)) throw new RestError(409, error.message);
    throw new RestError(400, error.message);
  };

const attempt = <T>(fn: () => T, update = false): T => {
  try {
    return fn();
  } catch (error) {
    return refused(update)(error);
  }
};

/** `/pg_mgr` (provd-spec §1.5 #23–#43, §6). Plugins are global: no tenant. */
export const pluginRoutes: FastifyPluginAsync<PluginRouteOptions> = async (app, options) => {
  const { manager, registry } = options;
  const ctx = withoutPrefix(options);

  /** A loaded plugin, resolved before authentication as provd did (404 even with a bad token). */
  const loaded = (request: FastifyRequest<WithPlugin>) => {
    const plugin = registry.loaded(request.params.plugin_id);
    if (plugin === undefined) throw notFound();
    return plugin;
  };
  const hasPackages = (request: FastifyRequest<WithPlugin>): boolean =>
    Object.keys(loaded(request).manifest.packages ?? {}).length > 0;

  linksRoute(app, ctx, '/pg_mgr', 'provd.pg_mgr.read', [
    ['srv.install', '/pg_mgr/install'],
    ['pg.plugins', '/pg_mgr/plugins'],
    ['pg.reload', '/pg_mgr/reload'],
  ]);

  linksRoute(app, ctx, '/pg_mgr/install', 'provd.pg_mgr.install.read', [
    ['srv.install.install', '/pg_mgr/install/install'],
    ['srv.install.uninstall', '/pg_mgr/install/uninstall'],
    ['srv.install.installed', '/pg_mgr/install/installed'],
    ['srv.install.installable', '/pg_mgr/install/installable'],
    ['srv.install.upgrade', '/pg_mgr/install/upgrade'],
    ['srv.install.update', '/pg_mgr/install/update'],
  ]);

  for (const action of ['install', 'upgrade'] as const) {
    app.post(`/pg_mgr/install/${action}`, async (request, reply) => {
      const requester = await ctx.authenticate(request, `provd.pg_mgr.install.${action}.create`);
      const id = readIdEntity(request);
      const operation = new Operation('install');
      attempt(() => manager[action](id, operation, requester.metadata));
      const n = ctx.operations.add(`pg_mgr/install/${action}`, operation);
      return sendCreatedMonitor(reply, locationUnder(request, n));
    });
  }

  app.post('/pg_mgr/install/update', async (request, reply) => {
    await ctx.authenticate(request, 'provd.pg_mgr.install.update.create');
    readEntity(request);
    const operation = new Operation('update');
    attempt(() => manager.updateIndex(operation), true);
    const n = ctx.operations.add('pg_mgr/install/update', operation);
    return sendCreatedMonitor(reply, locationUnder(request, n));
  });

  for (const action of ['install', 'upgrade', 'update'] as const) {
    await app.register(monitorRoutes, {
      ...ctx,
      path: `/pg_mgr/install/${action}`,
      collection: `pg_mgr/install/${action}`,
    });
  }

  app.post('/pg_mgr/install/uninstall', async (request, reply) => {
    const requester = await ctx.authenticate(request, 'provd.pg_mgr.install.uninstall.create');
    const id = readIdEntity(request);
    await manager.uninstall(id, requester.metadata).catch(refused());
    return sendNoContent(reply);
  });

  app.get('/pg_mgr/install/installed', async (request, reply) => {
    requireAcceptable(request);
    await ctx.authenticate(request, 'provd.pg_mgr.install.installed.read');
    return sendEntity(reply, 200, { pkgs: manager.installed() });
  });

  app.get('/pg_mgr/install/installable', async (request, reply) => {
    requireAcceptable(request);
    await ctx.authenticate(request, 'provd.pg_mgr.install.installable.read');
    return sendEntity(reply, 200, { pkgs: manager.installable() });
  });

  app.get('/pg_mgr/plugins', async (request, reply) => {
    requireAcceptable(request);
    await ctx.authenticate(request, 'provd.pg_mgr.plugins.read');
    const plugins = Object.fromEntries(
      registry
        .all()
        .map((plugin) => [
          plugin.id,
          links(['pg.plugin', `/pg_mgr/plugins/${encodeURIComponent(plugin.id)}`]),
        ]),
    );
    return sendEntity(reply, 200, { plugins });
  });

  app.post('/pg_mgr/reload', async (request, reply) => {
    await ctx.authenticate(request, 'provd.pg_mgr.reload.create');
    const id = readIdEntity(request);
    await manager.reload(id).catch(refused());
    return sendNoContent(reply);
  });

  app.get<WithPlugin>('/pg_mgr/plugins/:plugin_id', async (request, reply) => {
    requireAcceptable(request);
    const { plugin_id } = request.params;
    const packages = hasPackages(request);
    await ctx.authenticate(request, 'provd.pg_mgr.plugins.{plugin_id}.read', { plugin_id });
    const base = `/pg_mgr/plugins/${encodeURIComponent(plugin_id)}`;
    return sendEntity(
      reply,
      200,
      links(
        ['pg.info', `${base}/info`],
        ...(packages ? [['srv.install', `${base}/install`] as [string, string]] : []),
      ),
    );
  });

  app.get<WithPlugin>('/pg_mgr/plugins/:plugin_id/info', async (request, reply) => {
    requireAcceptable(request);
    const { plugin_id } = request.params;
    const { manifest } = loaded(request);
    await ctx.authenticate(request, 'provd.pg_mgr.plugins.{plugin_id}.info.read', { plugin_id });
    const info = {
      version: manifest.version,
      description: manifest.description,
      ...(manifest.description_fr === undefined ? {} : { description_fr: manifest.description_fr }),
      capabilities: manifest.capabilities,
    };
    return sendEntity(reply, 200, { plugin_info: info });
  });

  /** The package service exists only for plugins that describe packages (provd's `install` service). */
  const withPackages = (request: FastifyRequest<WithPlugin>): void => {
    if (!hasPackages(request)) throw notFound();
  };

  app.get<WithPlugin>('/pg_mgr/plugins/:plugin_id/install', async (request, reply) => {
    requireAcceptable(request);
    const { plugin_id } = request.params;
    withPackages(request);
    await ctx.authenticate(request, 'provd.pg_mgr.plugins.{plugin_id}.install.read', { plugin_id });
    const base = `/pg_mgr/plugins/${encodeURIComponent(plugin_id)}/install`;
    return sendEntity(
      reply,
      200,
      links(
        ['srv.install.install', `${base}/install`],
        ['srv.install.uninstall', `${base}/uninstall`],
        ['srv.install.installed', `${base}/installed`],
        ['srv.install.installable', `${base}/installable`],
      ),
    );
  });

  app.post<WithPlugin>('/pg_mgr/plugins/:plugin_id/install/install', async (request, reply) => {
    const { plugin_id } = request.params;
    withPackages(request);
    const requester = await ctx.authenticate(
      request,
      'provd.pg_mgr.plugins.{plugin_id}.install.install.create',
      {
        plugin_id,
      },
    );
    const id = readIdEntity(request);
    const operation = new Operation('install_pkg');
    attempt(() => manager.installPackage(plugin_id, id, operation, requester.metadata));
    const n = ctx.operations.add(`pg_mgr/plugins/${plugin_id}/install/install`, operation);
    return sendCreatedMonitor(reply, locationUnder(request, n));
  });

  const packageMonitor = (request: FastifyRequest<WithPluginOperation>) => {
    const { plugin_id, operation_id } = request.params;
    const operation = /^\d+$/.test(operation_id)
      ? ctx.operations.get(`pg_mgr/plugins/${plugin_id}/install/install`, Number(operation_id))
      : undefined;
    if (operation === undefined) throw notFound();
    return operation;
  };

  app.get<WithPluginOperation>(
    '/pg_mgr/plugins/:plugin_id/install/install/:operation_id',
    async (request, reply) => {
      requireAcceptable(request);
      const operation = packageMonitor(request);
      await ctx.authenticate(request, 'provd.operation.read');
      return sendEntity(reply, 200, monitorEntity(operation));
    },
  );

  app.delete<WithPluginOperation>(
    '/pg_mgr/plugins/:plugin_id/install/install/:operation_id',
    async (request, reply) => {
      packageMonitor(request);
      await ctx.authenticate(request, 'provd.operation.delete');
      const { plugin_id, operation_id } = request.params;
      ctx.operations.delete(`pg_mgr/plugins/${plugin_id}/install/install`, Number(operation_id));
      return sendNoContent(reply);
    },
  );

  // Plugin parameters (provd-spec §1.5 #42–#43): provd's plugin-side service could not be used
  // through REST (it failed with 500, §7.1), and no plugin of ours has parameters: the resources
  // exist, and answer 404 for every plugin, after the same checks as provd's.
  type WithParam = { Params: { plugin_id: string; param_id: string } };
  const noParameters = async (request: FastifyRequest<WithParam>, acl: string): Promise<never> => {
    loaded(request);
    await ctx.authenticate(request, acl, { param_id: request.params.param_id });
    throw notFound();
  };
  app.get<WithPlugin>('/pg_mgr/plugins/:plugin_id/configure', async (request) => {
    requireAcceptable(request);
    const { plugin_id } = request.params;
    loaded(request);
    await ctx.authenticate(request, 'provd.pg_mgr.plugins.{plugin_id}.configure.read', { plugin_id });
    throw notFound();
  });
  app.get<WithParam>('/pg_mgr/plugins/:plugin_id/configure/:param_id', async (request) =>
    noParameters(request, 'provd.configure.{tenant_uuid}.{param_id}.read'),
  );
  app.put<WithParam>('/pg_mgr/plugins/:plugin_id/configure/:param_id', async (request) =>
    noParameters(request, 'provd.configure.{tenant_uuid}.{param_id}.update'),
  );

  app.post<WithPlugin>('/pg_mgr/plugins/:plugin_id/install/uninstall', async (request, reply) => {
    const { plugin_id } = request.params;
    withPackages(request);
    const requester = await ctx.authenticate(
      request,
      'provd.pg_mgr.plugins.{plugin_id}.install.uninstall.create',
      { plugin_id },
    );
    const id = readIdEntity(request);
    await manager.uninstallPackage(plugin_id, id, requester.metadata).catch(refused());
    return sendNoContent(reply);
  });

  app.get<WithPlugin>('/pg_mgr/plugins/:plugin_id/install/installed', async (request, reply) => {
    requireAcceptable(request);
    const { plugin_id } = request.params;
    withPackages(request);
    await ctx.authenticate(request, 'provd.pg_mgr.plugins.{plugin_id}.install.installed.read', { plugin_id });
    return sendEntity(reply, 200, { pkgs: attempt(() => manager.installedPackages(plugin_id)) });
  });

  app.get<WithPlugin>('/pg_mgr/plugins/:plugin_id/install/installable', async (request, reply) => {
    requireAcceptable(request);
    const { plugin_id } = request.params;
    withPackages(request);
    await ctx.authenticate(request, 'provd.pg_mgr.plugins.{plugin_id}.install.installable.read', {
      plugin_id,
    });
    return sendEntity(reply, 200, { pkgs: attempt(() => manager.installablePackages(plugin_id)) });
  });
};

/** The plugin routes as a plugin of the REST app, given the server's plugin manager and registry. */
export const pluginRoutesWith =
  (parts: {
    readonly manager: PluginManager;
    readonly registry: PluginRegistry;
  }): FastifyPluginAsync<RouteContext> =>
  async (app, ctx) => {
    await app.register(pluginRoutes, { ...withoutPrefix(ctx), ...parts });
  };
