import type { ConnectorSummary, Webhook } from './types';
import {
  emptyForm,
  filterJson,
  formOf,
  inputOf,
  localErrors,
  parseFilter,
  withType,
  type FormState,
} from './webhook-form';

const http = { type: 'http', defaultMessage: 'HTTP default' } as ConnectorSummary;
const slack = { type: 'slack', defaultMessage: 'Slack default' } as ConnectorSummary;

const saved: Webhook = {
  cuid: 'w1',
  name: 'Findings to SIEM',
  type: 'http',
  url: 'https://siem.example/hooks',
  secret: null,
  hasSecret: true,
  sslVerification: false,
  events: ['ReportStatusChanged', 'FindingPublished'],
  clientCuids: ['c1', 'c2'],
  statuses: ['Published', 'Draft'],
  enabled: true,
  message: 'Custom {{REPORT_NAME}}',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ordering: 'target',
  rateLimit: 20,
  maxInFlight: null,
  filter: { field: 'context.finding.severity', op: 'in', value: ['Critical', 'High'] },
  signatureScheme: 'hmac',
  health: {} as Webhook['health'],
};

/** The webhook editor's form: what it shows of a saved webhook, what it sends, what it refuses itself. */
describe('webhook form', () => {
  it('sends a saved webhook back as it was, its secret left alone', () => {
    const {
      cuid: _c,
      secret: _s,
      hasSecret: _h,
      createdAt: _a,
      updatedAt: _u,
      health: _he,
      ...fields
    } = saved;
    expect(inputOf(formOf(saved), { mode: 'keep' })).toEqual(fields);
  });

  it('starts a new webhook on the connector default message, for every client, no limits, no filter', () => {
    expect(inputOf(emptyForm(http), { mode: 'keep' })).toEqual({
      name: '',
      type: 'http',
      url: '',
      sslVerification: true,
      events: [],
      clientCuids: [],
      statuses: [],
      enabled: true,
      message: 'HTTP default',
      ordering: 'none',
      rateLimit: null,
      maxInFlight: null,
      filter: null,
      signatureScheme: 'hmac',
    });
  });

  it('trims name and URL, splits clients and statuses, and sends statuses only for status events', () => {
    const form: FormState = {
      ...formOf(saved),
      name: '  SIEM ',
      url: ' https://siem.example/x ',
      clientText: 'c1\n c3, c1 ,\n',
      statusesText: 'Published, Draft',
      rateLimitText: ' 50 ',
    };
    expect(inputOf(form, { mode: 'keep' })).toMatchObject({
      name: 'SIEM',
      url: 'https://siem.example/x',
      clientCuids: ['c1', 'c3'],
      statuses: ['Published', 'Draft'],
      rateLimit: 50,
    });
    expect(inputOf({ ...form, events: ['FindingPublished'] }, { mode: 'keep' }).statuses).toEqual([]);
    expect(inputOf({ ...form, allClients: true }, { mode: 'keep' }).clientCuids).toEqual([]);
  });

  it.each<[string, Parameters<typeof inputOf>[1], unknown]>([
    ['keeps the stored secret', { mode: 'keep' }, undefined],
    ['sets a typed one', { mode: 'set', value: 's3cret-value' }, 's3cret-value'],
    ['keeps it when the typed one is empty', { mode: 'set', value: '' }, undefined],
    ['asks the server for one', { mode: 'generate' }, 'generate'],
    ['removes it', { mode: 'clear' }, null],
  ])('%s', (_label, change, secret) => {
    const input = inputOf(formOf(saved), change);
    if (secret === undefined) expect(input).not.toHaveProperty('secret');
    else expect(input.secret).toBe(secret);
  });

  it('opens a rule the builder can show in the builder, and any other as JSON', () => {
    expect(formOf(saved).filterText).toBeNull();
    const negated = { ...saved, filter: { not: saved.filter } } as Webhook;
    expect(formOf(negated).filterText).toBe(filterJson(negated.filter));
    expect(JSON.parse(formOf(negated).filterText!)).toEqual(negated.filter);
    expect(filterJson(null)).toBe('');
  });

  describe('localErrors', () => {
    const valid: FormState = formOf(saved);

    it('finds nothing wrong with a saved webhook', () => {
      expect(localErrors(valid)).toEqual({});
    });

    it('names each field that is missing, in the API words', () => {
      expect(localErrors({ ...emptyForm(http), allClients: false })).toEqual({
        name: ['name is required'],
        url: ['url is required'],
        events: ['events must list at least one event'],
        clientCuids: ['clientCuids must list at least one client cuid, or choose all clients'],
      });
    });

    it.each<[string, string, string]>([
      ['rateLimitText', '2.5', 'rateLimit must be an integer number'],
      ['rateLimitText', 'ten', 'rateLimit must be an integer number'],
      ['rateLimitText', '0', 'rateLimit must not be less than 1'],
      ['rateLimitText', '100001', 'rateLimit must not be greater than 100000'],
      ['maxInFlightText', '-1', 'maxInFlight must not be less than 1'],
      ['maxInFlightText', '1001', 'maxInFlight must not be greater than 1000'],
    ])('refuses %s %j', (field, text, message) => {
      const name = field.replace('Text', '');
      expect(localErrors({ ...valid, [field]: text })).toEqual({ [name]: [message] });
    });

    it('takes limits at their bounds, and empty as no limit', () => {
      expect(localErrors({ ...valid, rateLimitText: '100000', maxInFlightText: '1' })).toEqual({});
      expect(localErrors({ ...valid, rateLimitText: ' ', maxInFlightText: '' })).toEqual({});
    });

    it('refuses a filter typed as JSON that does not parse', () => {
      expect(localErrors({ ...valid, filterText: '{"field": ' }).filter?.[0]).toMatch(
        /^filter is not valid JSON: /,
      );
      expect(localErrors({ ...valid, filterText: '' })).toEqual({});
    });
  });

  it('parses the JSON editor text: empty is no filter, the rule itself is the API to judge', () => {
    expect(parseFilter('  ')).toEqual({ rule: null });
    expect(parseFilter('{"not": 1}')).toEqual({ rule: { not: 1 } });
    expect(parseFilter('nope')).toEqual({ error: expect.stringMatching(/^filter is not valid JSON/) });
  });

  describe('withType', () => {
    it('follows the new connector default while the message is untouched or empty', () => {
      expect(withType(emptyForm(http), http, slack)).toMatchObject({
        type: 'slack',
        message: 'Slack default',
      });
      expect(withType({ ...emptyForm(http), message: '  ' }, http, slack).message).toBe('Slack default');
    });

    it('keeps a message the admin wrote', () => {
      const written = { ...emptyForm(http), message: 'Mine' };
      expect(withType(written, http, slack)).toMatchObject({ type: 'slack', message: 'Mine' });
      expect(withType(written, undefined, slack).message).toBe('Mine');
    });
  });
});
