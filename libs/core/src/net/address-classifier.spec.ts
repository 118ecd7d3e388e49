import { checkUrlTarget, classifyAddress, normalizeIpLiteral, parseCidrList } from './address-classifier';

describe('classifyAddress', () => {
  // [address as written, expected reason, or null when the address is global unicast]
  const table: [string, string | null][] = [
    // IPv4 special-purpose ranges
    ['0.0.0.0', 'unspecified address'],
    ['0.1.2.3', 'unspecified address'],
    ['10.0.0.1', 'private address'],
    ['10.255.255.255', 'private address'],
    ['100.64.0.1', 'shared (CGNAT) address'],
    ['100.127.255.254', 'shared (CGNAT) address'],
    ['127.0.0.1', 'loopback address'],
    ['127.255.0.9', 'loopback address'],
    ['169.254.169.254', 'link-local address'],
    ['172.16.0.1', 'private address'],
    ['172.31.255.255', 'private address'],
    ['192.0.0.8', 'IETF protocol address'],
    ['192.0.2.10', 'documentation address'],
    ['192.88.99.1', '6to4 relay address'],
    ['192.168.1.1', 'private address'],
    ['198.18.0.1', 'benchmarking address'],
    ['198.19.255.255', 'benchmarking address'],
    ['198.51.100.7', 'documentation address'],
    ['203.0.113.200', 'documentation address'],
    ['224.0.0.251', 'multicast address'],
    ['239.255.255.250', 'multicast address'],
    ['240.0.0.1', 'reserved address'],
    ['255.255.255.255', 'broadcast address'],
    // IPv4 global unicast, including neighbours of blocked ranges
    ['8.8.8.8', null],
    ['1.1.1.1', null],
    ['172.15.255.255', null],
    ['172.32.0.0', null],
    ['100.63.255.255', null],
    ['100.128.0.0', null],
    ['192.169.0.1', null],
    ['198.20.0.1', null],
    ['223.255.255.255', null],
    // numeric spellings of IPv4
    ['2130706433', 'loopback address'],
    ['0x7f000001', 'loopback address'],
    ['0x7f.1', 'loopback address'],
    ['0177.0.0.1', 'loopback address'],
    ['0177.1', 'loopback address'],
    ['127.1', 'loopback address'],
    ['127.0.1', 'loopback address'],
    ['0xA9.0xFE.0xA9.0xFE', 'link-local address'],
    ['012.0.0.1', 'private address'],
    ['3232235777', 'private address'],
    ['134744072', null],
    ['0x08080808', null],
    // IPv6
    ['::', 'unspecified address'],
    ['::1', 'loopback address'],
    ['[::1]', 'loopback address'],
    ['0:0:0:0:0:0:0:1', 'loopback address'],
    ['fe80::1', 'link-local address'],
    ['fe80::1%eth0', 'link-local address'],
    ['[fe80::1%25en0]', 'link-local address'],
    ['febf:ffff::1', 'link-local address'],
    ['fec0::1', 'site-local address'],
    ['fc00::1', 'unique-local address'],
    ['fd12:3456:789a::1', 'unique-local address'],
    ['ff02::1', 'multicast address'],
    ['ff05::fb', 'multicast address'],
    ['100::1', 'discard address'],
    ['2001:db8::1', 'documentation address'],
    ['3fff::1', 'documentation address'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo address'],
    ['2001:2::1', 'benchmarking address'],
    ['2001:10::1', 'IETF protocol address'],
    ['::7f00:1', 'IPv4-compatible address'],
    ['::8.8.8.8', 'IPv4-compatible address'],
    ['4000::1', 'reserved address'],
    ['::ffff:0:808:808', 'reserved address'],
    ['2606:4700:4700::1111', null],
    ['2a00:1450:4001:80b::200e', null],
    ['2001:4860:4860::8888', null],
    ['[2620:fe::fe]', null],
    // IPv4-mapped: the embedded IPv4 address is what gets connected to
    ['::ffff:127.0.0.1', 'loopback address (IPv4-mapped)'],
    ['::ffff:7f00:1', 'loopback address (IPv4-mapped)'],
    ['[::ffff:10.0.0.1]', 'private address (IPv4-mapped)'],
    ['::ffff:169.254.169.254', 'link-local address (IPv4-mapped)'],
    ['0:0:0:0:0:ffff:c0a8:0101', 'private address (IPv4-mapped)'],
    ['::ffff:8.8.8.8', null],
    // NAT64 (well-known and local-use prefixes)
    ['64:ff9b::127.0.0.1', 'loopback address (NAT64)'],
    ['64:ff9b::a00:1', 'private address (NAT64)'],
    ['64:ff9b::808:808', null],
    ['64:ff9b:1::c0a8:1', 'private address (NAT64)'],
    ['64:ff9b:1::808:808', null],
    ['64:ff9b:1:a00:1::', 'local-use NAT64 address'],
    // 6to4
    ['2002:7f00:1::1', 'loopback address (6to4)'],
    ['2002:c0a8:101::1', 'private address (6to4)'],
    ['2002:a9fe:a9fe::', 'link-local address (6to4)'],
    ['2002:808:808::1', null],
  ];

  it.each(table)('%s → %s', (address, reason) => {
    expect(classifyAddress(address)).toEqual(reason ? { blocked: true, reason } : { blocked: false });
  });

  it('covers at least 50 spellings', () => {
    expect(table.length).toBeGreaterThanOrEqual(50);
  });

  it('refuses text that is not an IP address', () => {
    expect(classifyAddress('example.com')).toEqual({ blocked: true, reason: 'not an IP address' });
  });

  describe('allow list', () => {
    const allow = parseCidrList('127.0.0.1/32,::1/128,10.20.0.0/16,fd00:1234::/32');

    it.each([
      ['127.0.0.1', false],
      ['2130706433', false],
      ['127.0.0.2', true],
      ['::1', false],
      ['::ffff:127.0.0.1', false],
      ['10.20.30.40', false],
      ['10.21.0.1', true],
      ['64:ff9b::a14:1e28', false],
      ['fd00:1234:5678::1', false],
      ['fd00:1235::1', true],
      ['192.168.1.1', true],
    ])('%s blocked=%s', (address, blocked) => {
      expect(classifyAddress(address, allow).blocked).toBe(blocked);
    });
  });
});

describe('normalizeIpLiteral', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['0X7F.0.0.1', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['10.1.65535', '10.1.255.255'],
    ['1.2.3.4.', '1.2.3.4'],
    ['[::1]', '::1'],
    ['[0:0:0:0:0:0:0:1]', '::1'],
    ['FE80::1%eth0', 'fe80::1'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['::ffff:192.168.0.1', '::ffff:c0a8:1'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
  ])('%s → %s', (host, canonical) => {
    expect(normalizeIpLiteral(host)).toBe(canonical);
  });

  it.each([
    'example.com',
    'localhost',
    '1.2.3.4.5',
    '256.1.1.1',
    '4294967296',
    '08.1.1.1',
    '1..2',
    '[example]',
    '',
  ])('%s is not an IP literal', (host) => {
    expect(normalizeIpLiteral(host)).toBeNull();
  });
});

describe('parseCidrList', () => {
  it('parses IPv4 and IPv6 networks, bare addresses and blank input', () => {
    expect(parseCidrList('')).toEqual([]);
    expect(parseCidrList('  ')).toEqual([]);
    const list = parseCidrList(' 127.0.0.1/32 , ::1/128,10.1.2.3/8,192.168.0.7');
    expect(list.map((cidr) => [cidr.family, cidr.prefix])).toEqual([
      [4, 32],
      [6, 128],
      [4, 8],
      [4, 32],
    ]);
    expect(classifyAddress('10.200.0.1', list).blocked).toBe(false);
  });

  it.each([
    ['127.0.0.1/33', /invalid prefix/],
    ['::1/129', /invalid prefix/],
    ['10.0.0.0/x', /invalid prefix/],
    ['10.0.0.0/', /invalid prefix/],
    ['example.com/8', /not a CIDR/],
    ['0x7f.1/32', /not a CIDR/],
    ['10.0.0.0/8/8', /not a CIDR/],
    ['10.0.0.0/8,,::1/128', /empty entry/],
  ])('rejects %s', (text, message) => {
    expect(() => parseCidrList(text)).toThrow(message);
  });
});

describe('checkUrlTarget', () => {
  it.each([
    ['https://hooks.example.com/x', null],
    ['http://8.8.8.8:8080/hook', null],
    ['http://[2606:4700::1]/', null],
    ['https://internal.corp/hook', null],
    ['ftp://example.com/', 'must use http or https'],
    ['javascript:alert(1)', 'must use http or https'],
    ['not a url', 'must be a valid http or https URL'],
    ['https://user:pass@example.com/', 'must not contain a user name or password'],
    ['https://user@example.com/', 'must not contain a user name or password'],
    ['http://127.0.0.1/', 'points to a blocked address (127.0.0.1: loopback address)'],
    ['http://2130706433/', 'points to a blocked address (127.0.0.1: loopback address)'],
    ['http://0x7f.1/', 'points to a blocked address (127.0.0.1: loopback address)'],
    ['http://0177.0.0.1/', 'points to a blocked address (127.0.0.1: loopback address)'],
    ['http://%31%30.0.0.1/', 'points to a blocked address (10.0.0.1: private address)'],
    [
      'http://169.254.169.254/latest/meta-data',
      'points to a blocked address (169.254.169.254: link-local address)',
    ],
    ['http://[::1]:8080/', 'points to a blocked address (::1: loopback address)'],
    [
      'http://[::ffff:127.0.0.1]/',
      'points to a blocked address (::ffff:7f00:1: loopback address (IPv4-mapped))',
    ],
    ['http://[64:ff9b::10.0.0.1]/', 'points to a blocked address (64:ff9b::a00:1: private address (NAT64))'],
    ['http://localhost:3000/', 'points to a blocked address (localhost: loopback address)'],
    ['http://LOCALHOST./', 'points to a blocked address (localhost.: loopback address)'],
    ['http://api.localhost/', 'points to a blocked address (api.localhost: loopback address)'],
  ])('%s → %s', (url, reason) => {
    expect(checkUrlTarget(url)).toBe(reason);
  });

  it('accepts blocked hosts that the allow list exempts', () => {
    const allow = parseCidrList('127.0.0.1/32');
    expect(checkUrlTarget('http://127.0.0.1:4000/hook', allow)).toBeNull();
    expect(checkUrlTarget('http://0x7f000001:4000/hook', allow)).toBeNull();
    expect(checkUrlTarget('http://localhost:4000/hook', allow)).toBeNull();
    expect(checkUrlTarget('http://127.0.0.2/', allow)).toBe(
      'points to a blocked address (127.0.0.2: loopback address)',
    );
  });
});
