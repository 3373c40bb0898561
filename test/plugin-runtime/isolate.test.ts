import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { type FileRequest, PluginRenderError, type RenderedFile } from '../../src/plugin-runtime/contract.js';
import {
  safeAssociate,
  safeIdentify,
  safeIsSensitive,
  safeRenderCommon,
  safeRenderDevice,
  safeSynchronize,
  safeTriggerFilename,
} from '../../src/plugin-runtime/isolate.js';
import { device } from '../plugins/support/plugins.js';
import { recordingLogger, stubPlugin } from './support/stubs.js';

const request: FileRequest = {
  protocol: 'http',
  path: 'a.cfg',
  filename: 'a.cfg',
  clientIp: '10.0.0.5',
  headers: {},
};
const boom = (): never => {
  throw new Error('boom');
};
const renderInput = { device: device({ mac: '00:15:65:12:ab:cd' }), rawConfig: {} };

describe('answers of a throwing plugin count as "no answer", logged with the plugin id', () => {
  const plugin = stubPlugin('broken', '1.0', {
    identify: boom,
    associate: boom,
    triggerFilename: boom,
    isSensitive: boom,
  });

  it.each(['identify', 'associate', 'triggerFilename', 'isSensitive'] as const)('%s', (fn) => {
    const logger = recordingLogger();
    const results = {
      identify: () => safeIdentify(plugin, request, logger),
      associate: () => safeAssociate(plugin, {}, logger),
      triggerFilename: () => safeTriggerFilename(plugin, device(), logger),
      isSensitive: () => safeIsSensitive(plugin, 'a.cfg', logger),
    };
    expect(results[fn]()).toBeUndefined();
    expect(logger.entries).toEqual([
      {
        level: 'warn',
        details: expect.objectContaining({ plugin: 'broken', function: fn, error: 'boom' }),
        message: `plugin broken: ${fn} threw; treated as no answer`,
      },
    ]);
  });
});

describe('answers of the wrong type count as "no answer"', () => {
  it('identify keeps only non-empty string device-info keys', () => {
    const plugin = stubPlugin('p', '1', {
      identify: () => JSON.parse('{"vendor":"V","model":7,"mac":"","extra":"x","version":"1.2"}'),
    });
    expect(safeIdentify(plugin, request, recordingLogger())).toEqual({ vendor: 'V', version: '1.2' });
    const empty = stubPlugin('p', '1', { identify: () => JSON.parse('{"model":null}') });
    expect(safeIdentify(empty, request, recordingLogger())).toBeUndefined();
  });

  it('logs non-object identify results, non-numbers from associate, non-strings and non-booleans', () => {
    const logger = recordingLogger();
    const plugin = stubPlugin('odd', '1', {
      identify: () => JSON.parse('"Yealink"'),
      associate: () => Number.NaN,
      triggerFilename: () => JSON.parse('42'),
      isSensitive: () => JSON.parse('"yes"'),
    });
    expect(safeIdentify(plugin, request, logger)).toBeUndefined();
    expect(safeAssociate(plugin, {}, logger)).toBeUndefined();
    expect(safeTriggerFilename(plugin, device(), logger)).toBeUndefined();
    expect(safeIsSensitive(plugin, 'x', logger)).toBeUndefined();
    expect(logger.entries.map((e) => e.message)).toEqual([
      'plugin odd: identify returned an invalid answer; treated as no answer',
      'plugin odd: associate returned an invalid answer; treated as no answer',
      'plugin odd: triggerFilename returned an invalid answer; treated as no answer',
      'plugin odd: isSensitive returned an invalid answer; treated as no answer',
    ]);
  });

  it('passes good answers through without logging', () => {
    const logger = recordingLogger();
    const plugin = stubPlugin('fine', '1', {
      identify: () => ({ vendor: 'V' }),
      associate: () => 300,
      triggerFilename: () => 'x.cfg',
      isSensitive: () => true,
    });
    expect(safeIdentify(plugin, request, logger)).toEqual({ vendor: 'V' });
    expect(safeAssociate(plugin, {}, logger)).toBe(300);
    expect(safeTriggerFilename(plugin, device(), logger)).toBe('x.cfg');
    expect(safeIsSensitive(plugin, 'x', logger)).toBe(true);
    expect(logger.entries).toEqual([]);
  });
});

describe('renders', () => {
  it('return the files', () => {
    const files: RenderedFile[] = [{ path: 'sub/dir/a.cfg', content: 'x' }];
    const plugin = stubPlugin('p', '1', { renderDevice: () => files, renderCommon: () => files });
    expect(safeRenderDevice(plugin, renderInput, recordingLogger())).toEqual(E.right(files));
    expect(safeRenderCommon(plugin, {}, recordingLogger())).toEqual(E.right(files));
  });

  it('report a PluginRenderError verbatim, without logging it as a plugin bug', () => {
    const logger = recordingLogger();
    const plugin = stubPlugin('p', '1', {
      renderDevice: () => {
        throw new PluginRenderError('device has no MAC address');
      },
    });
    expect(safeRenderDevice(plugin, renderInput, logger)).toEqual(
      E.left({ pluginId: 'p', kind: 'unconfigurable', message: 'device has no MAC address' }),
    );
    expect(logger.entries).toEqual([]);
  });

  it('recognise a PluginRenderError from another copy of the contract by its name', () => {
    class ForeignRenderError extends Error {
      override readonly name = 'PluginRenderError';
    }
    const plugin = stubPlugin('p', '1', {
      renderCommon: () => {
        throw new ForeignRenderError('no http');
      },
    });
    expect(safeRenderCommon(plugin, {}, recordingLogger())).toEqual(
      E.left({ pluginId: 'p', kind: 'unconfigurable', message: 'no http' }),
    );
  });

  it('report other exceptions as "plugin <id> failed to render: <message>", logged', () => {
    const logger = recordingLogger();
    const plugin = stubPlugin('p', '1', { renderDevice: boom });
    expect(safeRenderDevice(plugin, renderInput, logger)).toEqual(
      E.left({ pluginId: 'p', kind: 'plugin-error', message: 'plugin p failed to render: boom' }),
    );
    expect(logger.entries).toMatchObject([
      { level: 'error', details: { plugin: 'p', function: 'renderDevice' } },
    ]);
  });

  it.each([
    ['', 'is empty'],
    ['/etc/passwd', 'is absolute'],
    ['../escape.cfg', 'contains ".."'],
    ['a/../../b', 'contains ".."'],
    ['a\\b.cfg', 'contains a backslash'],
    ['a\0.cfg', 'contains a NUL character'],
    ['a//b', 'contains an empty or "." segment'],
    ['./a', 'contains an empty or "." segment'],
    ['dir/', 'contains an empty or "." segment'],
  ])('refuse the unsafe path %j', (path, reason) => {
    const plugin = stubPlugin('p', '1', { renderDevice: () => [{ path, content: '' }] });
    expect(safeRenderDevice(plugin, renderInput, recordingLogger())).toEqual(
      E.left({
        pluginId: 'p',
        kind: 'invalid-output',
        message: `plugin p rendered path ${JSON.stringify(path)} ${reason}`,
      }),
    );
  });

  it('refuse a duplicate path and malformed results', () => {
    const twice = stubPlugin('p', '1', {
      renderDevice: () => [
        { path: 'a', content: '1' },
        { path: 'a', content: '2' },
      ],
    });
    expect(safeRenderDevice(twice, renderInput, recordingLogger())).toMatchObject(
      E.left({ kind: 'invalid-output', message: 'plugin p rendered path "a" twice' }),
    );
    const notAList = stubPlugin('p', '1', { renderDevice: () => JSON.parse('{}') });
    expect(safeRenderDevice(notAList, renderInput, recordingLogger())).toMatchObject(
      E.left({ message: 'plugin p did not return a list of files' }),
    );
    const noContent = stubPlugin('p', '1', { renderDevice: () => JSON.parse('[{"path":"a"}]') });
    expect(safeRenderDevice(noContent, renderInput, recordingLogger())).toMatchObject(
      E.left({ message: 'plugin p returned a file without a string path and content' }),
    );
  });
});

describe('safeSynchronize', () => {
  it('passes the plan through, or turns an exception into an unsupported plan', () => {
    const ok = stubPlugin('p', '1', { synchronize: () => ({ kind: 'sip-notify', event: 'check-sync' }) });
    expect(safeSynchronize(ok, device(), {}, recordingLogger())).toEqual({
      kind: 'sip-notify',
      event: 'check-sync',
    });
    const logger = recordingLogger();
    expect(safeSynchronize(stubPlugin('bad', '1', { synchronize: boom }), device(), {}, logger)).toEqual({
      kind: 'unsupported',
      reason: 'plugin bad failed to plan a synchronization',
    });
    expect(logger.entries).toHaveLength(1);
  });
});
