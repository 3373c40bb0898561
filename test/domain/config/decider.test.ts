import { describe, it } from 'vitest';
import { configDecider } from '../../../src/domain/config/decider.js';
import type { ConfigDocument, ConfigEvent } from '../../../src/domain/config/events.js';
import { spec } from '../../support/decider-spec.js';

const config = spec(configDecider);

const doc: ConfigDocument = { parent_ids: ['base'], raw_config: { X_key: 'xivo' } };
const createdEvent = (d: ConfigDocument = doc, autocreatedFrom: string | null = null): ConfigEvent => ({
  type: 'ConfigCreated',
  data: { configId: 'c1', config: d, autocreatedFrom },
});

describe('CreateConfig', () => {
  it('records the validated document', () => {
    config
      .given([])
      .when({
        type: 'CreateConfig',
        configId: 'c1',
        config: { id: 'c1', parent_ids: ['base'], raw_config: { X_key: 'xivo' } },
      })
      .then([createdEvent()]);
  });

  it('records where an autocreated config comes from', () => {
    config
      .given([])
      .when({
        type: 'CreateConfig',
        configId: 'c1',
        config: { parent_ids: ['base'], raw_config: { X_key: 'xivo' } },
        autocreatedFrom: 'autoprov',
      })
      .then([createdEvent(doc, 'autoprov')]);
  });

  it('answers an existing id with the id', () => {
    config
      .given([createdEvent()])
      .when({ type: 'CreateConfig', configId: 'c1', config: { parent_ids: [], raw_config: {} } })
      .thenFails('already_exists', 'c1');
  });

  it('refuses invalid documents and ids', () => {
    config
      .given([])
      .when({ type: 'CreateConfig', configId: 'c1', config: { raw_config: {} } })
      .thenFails('validation', 'missing "parent_ids" field in config');
    config
      .given([])
      .when({ type: 'CreateConfig', configId: 'a/b', config: { parent_ids: [], raw_config: {} } })
      .thenFails('validation', /^Invalid id/);
  });

  it('creates again after deletion', () => {
    config
      .given([createdEvent(), { type: 'ConfigDeleted', data: { configId: 'c1' } }])
      .when({
        type: 'CreateConfig',
        configId: 'c1',
        config: { parent_ids: ['base'], raw_config: { X_key: 'xivo' } },
      })
      .then([createdEvent()]);
  });
});

describe('UpdateConfig', () => {
  it('records the replacement document', () => {
    const next = { parent_ids: ['base'], raw_config: { X_key: 'other' }, deletable: true };
    config
      .given([createdEvent()])
      .when({ type: 'UpdateConfig', configId: 'c1', config: { id: 'c1', ...next } })
      .then([{ type: 'ConfigUpdated', data: { configId: 'c1', config: next } }]);
  });

  it('records nothing for an identical document', () => {
    config
      .given([createdEvent()])
      .when({
        type: 'UpdateConfig',
        configId: 'c1',
        config: { id: 'c1', raw_config: { X_key: 'xivo' }, parent_ids: ['base'] },
      })
      .thenNothing();
  });

  it('validates like a create', () => {
    config
      .given([createdEvent()])
      .when({ type: 'UpdateConfig', configId: 'c1', config: { parent_ids: [], raw_config: { bad: 1 } } })
      .thenFails('validation', 'raw_config: Custom fields must start with `X_`: bad');
  });

  it('reports unknown and deleted configs as not found', () => {
    config
      .given([])
      .when({ type: 'UpdateConfig', configId: 'c1', config: { parent_ids: [], raw_config: {} } })
      .thenFails('not_found', 'No such resource');
    config
      .given([createdEvent(), { type: 'ConfigDeleted', data: { configId: 'c1' } }])
      .when({ type: 'UpdateConfig', configId: 'c1', config: { parent_ids: [], raw_config: {} } })
      .thenFails('not_found');
  });
});

describe('DeleteConfig', () => {
  it('deletes a deletable config', () => {
    config
      .given([createdEvent()])
      .when({ type: 'DeleteConfig', configId: 'c1' })
      .then([{ type: 'ConfigDeleted', data: { configId: 'c1' } }]);
  });

  it('refuses a config marked deletable: false, until it is made deletable', () => {
    const locked = { ...doc, deletable: false };
    config
      .given([createdEvent(locked)])
      .when({ type: 'DeleteConfig', configId: 'c1' })
      .thenFails('not_deletable', 'The document c1 is not deletable');
    config
      .given([
        createdEvent(locked),
        { type: 'ConfigUpdated', data: { configId: 'c1', config: { ...doc, deletable: true } } },
      ])
      .when({ type: 'DeleteConfig', configId: 'c1' })
      .then([{ type: 'ConfigDeleted', data: { configId: 'c1' } }]);
  });

  it('reports an unknown config as not found', () => {
    config
      .given([])
      .when({ type: 'DeleteConfig', configId: 'c1' })
      .thenFails('not_found', 'No such resource');
  });
});
