import { defineConnector } from '../connector';
import { allSampleEvents, sampleEvent } from '../sample-events';
import {
  assertJsonSerialisable,
  HOSTILE_VALUES,
  hostileEvent,
  renderEverySample,
  renderHostileSamples,
  unescapedMarkdown,
} from './index';

const echo = defineConnector({
  type: 'echo',
  displayName: 'Echo',
  description: 'Sends the message back as JSON.',
  urlHint: 'https://example.com',
  defaultMessage: '%EVENT_NAME%',
  limits: { maxBodyBytes: 1000 },
  render: (message: string) => ({ body: { message } }),
});

describe('renderEverySample', () => {
  it('renders every sample and measures it', () => {
    const renders = renderEverySample(echo);
    expect(renders).toHaveLength(allSampleEvents().length);
    expect(renders.length).toBeGreaterThanOrEqual(10); // 8 catalog events, many findings, the test
    expect(renders[0]).toEqual({
      event: sampleEvent('ReportPublished'),
      request: { body: { message: 'Report published for Acme Corp' } },
      bytes: 44,
    });
  });

  it('fails a body over the connector limit', () => {
    expect(() => renderEverySample(echo, 'x'.repeat(2000))).toThrow(
      'echo ReportPublished body is 2014 bytes, over the 1000 limit',
    );
  });

  it('fails a body JSON cannot carry, naming the field', () => {
    const dated = defineConnector({ ...echo, render: () => ({ body: { at: new Date(0) } }) });
    expect(() => renderEverySample(dated)).toThrow(
      'echo ReportPublished body.at is a Date, not a plain object',
    );
  });
});

describe('assertJsonSerialisable', () => {
  it('accepts plain data and refuses what JSON would change', () => {
    expect(() => assertJsonSerialisable({ a: [1, 'x', null, true, { b: undefined }] })).not.toThrow();
    expect(() => assertJsonSerialisable({ n: NaN })).toThrow('body.n is NaN');
    expect(() => assertJsonSerialisable({ f: () => 1 })).toThrow('body.f is a function');
    expect(() => assertJsonSerialisable([1n])).toThrow('body[0] is a bigint');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => assertJsonSerialisable(loop)).toThrow('body.self refers back to itself');
  });
});

describe('hostileEvent', () => {
  it('puts the value in every context string and the status, leaving ids alone', () => {
    const event = hostileEvent(HOSTILE_VALUES.slackMention);
    expect(event.status).toBe('<!channel> <!here> <@U024BE7LH>');
    expect(event.context.report?.customFields?.[0]).toEqual({ label: event.status, value: event.status });
    expect(event.context.finding?.title).toBe(event.status);
    expect(event.context.client?.id).toBe(42);
    expect(event.cuid).toBe(sampleEvent('FindingPublished').cuid);
  });

  it('offers a 100 KB value', () => {
    expect(HOSTILE_VALUES.hugeAscii.length).toBe(100 * 1024);
  });
});

describe('renderHostileSamples', () => {
  const escapeHtml = (value: string) =>
    value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  /** Puts the client name in a title it builds itself, escaped by `escapeTitle`, and bolds it. */
  const titled = (escapeTitle: (value: string) => string) =>
    defineConnector({
      ...echo,
      limits: undefined,
      escape: escapeHtml,
      render: (message: string, event) => ({
        body: { title: `<b>${escapeTitle(event.context.client?.name ?? '')}</b>`, message },
      }),
    });
  const html = { markup: /<[^<>]*>/ };

  it('renders every sample with every hostile value, in the context and the escaped message', () => {
    const renders = renderHostileSamples(titled(escapeHtml));
    expect(renders).toHaveLength(Object.keys(HOSTILE_VALUES).length * allSampleEvents().length);
    expect(renders[0]).toMatchObject({
      valueName: 'htmlSpecials',
      event: { event: 'ReportPublished', context: { client: { name: '&<>' } } },
      request: { body: { title: '<b>&amp;&lt;&gt;</b>', message: 'Report published for &amp;&lt;&gt;' } },
    });
  });

  it("fails a value's markup in text the connector builds itself, naming the value, event and path", () => {
    expect(() =>
      renderHostileSamples(
        titled((value) => value),
        html,
      ),
    ).toThrow('echo ReportPublished with htmlSpecials: body.title carries "<>" unescaped');
  });

  it("passes escaped values, the connector's own markup (even where a value has it too) and plain-text paths", () => {
    expect(() => renderHostileSamples(titled(escapeHtml), html)).not.toThrow();
    expect(() =>
      renderHostileSamples(
        titled((value) => value),
        { ...html, plainText: /^body\.title$/ },
      ),
    ).not.toThrow();
  });
});

describe('unescapedMarkdown', () => {
  const marks = (text: string) => text.match(unescapedMarkdown('*['));

  it('finds marks no backslash escapes, also after an escaped backslash', () => {
    expect(marks('\\*a\\* \\[b')).toBeNull();
    expect(marks('*a* \\\\*b [c')).toEqual(['*', '*', '*', '[']);
  });

  it('finds list markers only where they open a line', () => {
    expect(marks('- a\n  + b\n12. c\nx - y 3. z \\- d\n\\+ e')).toEqual(['-', '  +', '12.']);
  });
});
