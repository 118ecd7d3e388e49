import { recordId } from './record-id';

describe('recordId', () => {
  it('has cuid2’s shape: 24 lowercase letters and digits, starting with a letter', () => {
    for (let i = 0; i < 1000; i++) expect(recordId()).toMatch(/^[a-z][0-9a-z]{23}$/);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 100_000 }, recordId));
    expect(ids.size).toBe(100_000);
  });
});
