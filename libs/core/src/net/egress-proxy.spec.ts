import { parseEgressProxy } from './egress-proxy';

describe('parseEgressProxy', () => {
  it('reads host and port, defaulting to port 80', () => {
    expect(parseEgressProxy('http://10.0.0.5:3128')).toEqual({
      host: '10.0.0.5',
      port: 3128,
      label: 'http://10.0.0.5:3128',
    });
    expect(parseEgressProxy('http://proxy.internal/')).toMatchObject({ host: 'proxy.internal', port: 80 });
    expect(parseEgressProxy('http://[fd00::1]:8080')).toMatchObject({
      host: 'fd00::1',
      port: 8080,
      label: 'http://[fd00::1]:8080',
    });
  });

  it('turns credentials into a Proxy-Authorization value and keeps them out of the label', () => {
    const proxy = parseEgressProxy('http://egress%40corp:p%3Ass@proxy.internal:3128');
    expect(proxy.authorization).toBe(`Basic ${Buffer.from('egress@corp:p:ss').toString('base64')}`);
    expect(proxy.label).toBe('http://proxy.internal:3128');
  });

  it.each([
    ['not a url', 'is not a valid URL'],
    ['https://proxy:3128', 'must use http: (got "https:")'],
    ['socks5://proxy:1080', 'must use http:'],
    ['http://proxy:3128/path', 'without a path, query or fragment'],
    ['http://proxy:3128/?x=1', 'without a path, query or fragment'],
    ['http://user:%zz@proxy:3128', 'not valid percent-encoding'],
  ])('refuses %s', (text, problem) => {
    expect(() => parseEgressProxy(text)).toThrow(problem);
  });

  it('never repeats a password in its refusals', () => {
    expect(() => parseEgressProxy('https://user:hunter2@proxy:3128')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});
