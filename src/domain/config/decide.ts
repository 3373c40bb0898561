import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { type DomainError, domainError } from '../shared/errors.js';
import { invalidIdMessage, isValidDocumentId } from '../shared/ids.js';
import { jsonEqual } from '../shared/json.js';
import type { ConfigCommand } from './commands.js';
import type { ConfigEvent } from './events.js';
import type { ConfigState } from './state.js';
import { validateConfig } from './validation.js';

type Decision = E.Either<DomainError, readonly ConfigEvent[]>;

const NOT_FOUND = domainError('not_found', 'No such resource');

export const decideConfig = (command: ConfigCommand, state: ConfigState): Decision => {
  switch (command.type) {
    case 'CreateConfig':
      return E.flatMap(validateConfig(command.config), (config): Decision => {
        if (!isValidDocumentId(command.configId)) {
          return E.left(domainError('validation', invalidIdMessage(command.configId)));
        }
        // provd answered a duplicate id with the id itself as the message.
        if (state.config !== undefined) return E.left(domainError('already_exists', command.configId));
        const autocreatedFrom = command.autocreatedFrom ?? null;
        return E.right([
          { type: 'ConfigCreated', data: { configId: command.configId, config, autocreatedFrom } },
        ]);
      });
    case 'UpdateConfig': {
      const current = state.config;
      if (current === undefined) return E.left(NOT_FOUND);
      return pipe(
        validateConfig(command.config),
        E.map((config): readonly ConfigEvent[] =>
          jsonEqual(config, current)
            ? []
            : [{ type: 'ConfigUpdated', data: { configId: command.configId, config } }],
        ),
      );
    }
    case 'DeleteConfig':
      if (state.config === undefined) return E.left(NOT_FOUND);
      if (state.config.deletable === false) {
        return E.left(domainError('not_deletable', `The document ${command.configId} is not deletable`));
      }
      return E.right([{ type: 'ConfigDeleted', data: { configId: command.configId } }]);
  }
};
