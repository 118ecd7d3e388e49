import { createHash } from 'node:crypto';
import { isToken, tokenDigest } from './token-digest';

describe('token digest', () => {
  const expected = tokenDigest('s3cret-admin-token');

  it('is the SHA-256 digest of the token', () => {
    expect(expected.equals(createHash('sha256').update('s3cret-admin-token').digest())).toBe(true);
  });

  it('accepts the token itself', () => {
    expect(isToken('s3cret-admin-token', expected)).toBe(true);
  });

  it.each([
    ['another token of the same length', 's3cret-admin-tokem'],
    ['a prefix', 's3cret-admin'],
    ['a longer token', 's3cret-admin-token-and-more'],
    ['nothing', ''],
    ['other case', 'S3CRET-ADMIN-TOKEN'],
  ])('refuses %s without throwing', (_case, presented) => {
    expect(isToken(presented, expected)).toBe(false);
  });
});
