import { describe, it } from 'vitest';
import type { CreateToken } from '../../../src/domain/auth/token/commands.js';
import { tokenDecider } from '../../../src/domain/auth/token/decider.js';
import type { TokenEvent, TokenFields } from '../../../src/domain/auth/token/events.js';
import { spec } from '../../support/decider-spec.js';

const token = spec(tokenDecider);

const FIELDS: TokenFields = {
  tokenId: 'b5b8a7e2-0f3c-4c59-9a57-4f1c2f0b8d11',
  secretHash: 'a'.repeat(64),
  tenantUuid: 'tenant-master',
  acls: ['provd.#', '!provd.pg_mgr.#'],
  label: 'confd',
  expiresAt: null,
  createdAt: '2026-03-01T12:00:00.000Z',
};

const create = (fields: Partial<TokenFields> = {}): CreateToken => ({
  type: 'CreateToken',
  ...FIELDS,
  ...fields,
});
const created = (fields: Partial<TokenFields> = {}): TokenEvent => ({
  type: 'TokenCreated',
  data: { ...FIELDS, ...fields },
});
const revoke = { type: 'RevokeToken', tokenId: FIELDS.tokenId } as const;
const revoked: TokenEvent = { type: 'TokenRevoked', data: { tokenId: FIELDS.tokenId } };

describe('CreateToken', () => {
  it('records the token with its hash, never anything else the command carries', () => {
    token.given([]).when(create()).then([created()]);
    const withExtra = { ...create(), secret: 'do not record me' } as CreateToken;
    token.given([]).when(withExtra).then([created()]);
    token
      .given([])
      .when(create({ expiresAt: '2026-04-01T00:00:00.000Z' }))
      .then([created({ expiresAt: '2026-04-01T00:00:00.000Z' })]);
  });

  it('refuses an id already used, revoked or not', () => {
    token
      .given([created()])
      .when(create())
      .thenFails('already_exists', `token ${FIELDS.tokenId} already exists`);
    token
      .given([created(), revoked])
      .when(create({ secretHash: 'b'.repeat(64) }))
      .thenFails('already_exists');
  });

  it('refuses a token without ACLs or with a malformed one', () => {
    token
      .given([])
      .when(create({ acls: [] }))
      .thenFails('validation', 'a token needs at least one ACL');
    for (const acl of [
      '',
      'provd..devices',
      '.provd',
      'provd.',
      'provd.{tenant_uuid}.read',
      'pro vd',
      'provd.!x',
      '!',
    ]) {
      token
        .given([])
        .when(create({ acls: ['provd.#', acl] }))
        .thenFails('validation', /ACL/);
    }
    token
      .given([])
      .when(create({ acls: ['x'.repeat(257)] }))
      .thenFails('validation', /longer than 256/);
  });

  it('accepts the ACL forms Wazo grants', () => {
    const acls = [
      'provd.#',
      'provd.dev_mgr.devices.*.read',
      '!provd.pg_mgr.#',
      'confd.users.me.read',
      'a-b:c@d',
    ];
    token
      .given([])
      .when(create({ acls }))
      .then([created({ acls })]);
  });

  it('refuses an expiry that is not after the creation time', () => {
    token
      .given([])
      .when(create({ expiresAt: FIELDS.createdAt }))
      .thenFails('validation', /must be after the creation time/);
    token
      .given([])
      .when(create({ expiresAt: '2026-02-01T00:00:00.000Z' }))
      .thenFails('validation', /must be after/);
    token
      .given([])
      .when(create({ expiresAt: 'tomorrow' }))
      .thenFails('validation', /not an ISO instant/);
    token
      .given([])
      .when(create({ createdAt: '2026-03-01' }))
      .thenFails('validation', /createdAt/);
  });

  it('checks the id, the hash, the tenant and the label', () => {
    token
      .given([])
      .when(create({ tokenId: 'a/b' }))
      .thenFails('validation', /Invalid id "a\/b"/);
    token
      .given([])
      .when(create({ secretHash: 'A'.repeat(64) }))
      .thenFails('validation', /sha256/);
    token
      .given([])
      .when(create({ secretHash: 'abc' }))
      .thenFails('validation', /sha256/);
    token
      .given([])
      .when(create({ tenantUuid: '' }))
      .thenFails('validation', /invalid tenant/);
    token
      .given([])
      .when(create({ label: 'two\nlines' }))
      .thenFails('validation', /label/);
    token
      .given([])
      .when(create({ label: 'x'.repeat(201) }))
      .thenFails('validation', /label/);
    token
      .given([])
      .when(create({ label: '' }))
      .then([created({ label: '' })]);
  });
});

describe('RevokeToken', () => {
  it('records the revocation once; revoking again changes nothing', () => {
    token.given([created()]).when(revoke).then([revoked]);
    token.given([created(), revoked]).when(revoke).thenNothing();
  });

  it('refuses an unknown token', () => {
    token.given([]).when(revoke).thenFails('not_found', `no token ${FIELDS.tokenId}`);
  });
});
