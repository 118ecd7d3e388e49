import type { Connector } from '../connector';
import { allSampleEvents } from '../sample-events';
import { HOSTILE_VALUES, hostileEvent, type HostileValueName } from './hostile-values';
import { defaultSampleMessage, renderEverySample, type RenderedSample } from './render-every-sample';

/** How to tell, in a connector's format, that a value's markup survived into the body unescaped. */
export interface MarkupRule {
  /**
   * Markup as the destination parses it, e.g. `/<[^<>]*>/` for Slack's `<!channel>` and `<url|label>`.
   * A match counts when its text is part of the hostile value and the same sample rendered with its own
   * values shows no such markup, so the connector's own (Slack's `<!date^…>` token, a `<b>` around a
   * label) is never taken for an injection.
   */
  markup: RegExp;
  /** Paths (as `body.blocks[0].text.text`) of strings the destination shows as typed, parsing no markup. */
  plainText?: RegExp;
}

export interface HostileSample extends RenderedSample {
  valueName: HostileValueName;
}

/**
 * Renders every sample (as `renderEverySample` does, with its checks) once per HOSTILE_VALUES entry, that
 * value in every context string and, escaped by the connector's `escape` as the core escapes variable
 * values, in the message. With a `rule`, it also reads every string of every body, outside `plainText`,
 * and throws at the first that carries a value's markup, naming the value, the event and the path: the
 * titles, facts and headlines a connector builds from event values itself are covered, not only the
 * message. Returns the renders for the connector's own checks (limits, its destination's validator).
 */
export function renderHostileSamples(connector: Connector, rule?: MarkupRule): HostileSample[] {
  const ownMarkup = renderEverySample(connector).map(
    ({ request }) => new Set(rule ? [...markupIn(request.body, rule)].map(([, match]) => match) : []),
  );
  return (Object.entries(HOSTILE_VALUES) as [HostileValueName, string][]).flatMap(([valueName, value]) => {
    const events = allSampleEvents().map((event) => hostileEvent(value, event));
    return renderEverySample(connector, defaultSampleMessage(connector), events).map((sample, i) => {
      const injected =
        rule &&
        [...markupIn(sample.request.body, rule)].find(
          ([, match]) => value.includes(match) && !ownMarkup[i].has(match),
        );
      if (injected) {
        const [path, match] = injected;
        throw new Error(
          `${connector.type} ${sample.event.event} with ${valueName}: ${path} carries ${JSON.stringify(match)} unescaped`,
        );
      }
      return { ...sample, valueName };
    });
  });
}

/** Every non-empty match of `rule.markup` in the strings of `body` outside `rule.plainText`, with its path. */
function* markupIn(body: unknown, rule: MarkupRule): Generator<[string, string]> {
  const markup = withFlags(rule.markup, 'g');
  const plainText = rule.plainText && withFlags(rule.plainText, '');
  for (const [path, text] of strings(body, 'body')) {
    if (plainText?.test(path)) continue;
    for (const [match] of text.matchAll(markup)) if (match) yield [path, match];
  }
}

/** `pattern` with its `g` flag set as given (a `g` pattern's `test` would remember where it stopped). */
function withFlags(pattern: RegExp, global: 'g' | ''): RegExp {
  return new RegExp(pattern.source, pattern.flags.replace('g', '') + global);
}

function* strings(node: unknown, path: string): Generator<[string, string]> {
  if (typeof node === 'string') yield [path, node];
  else if (Array.isArray(node)) for (const [i, item] of node.entries()) yield* strings(item, `${path}[${i}]`);
  else if (node && typeof node === 'object') {
    for (const [key, item] of Object.entries(node)) yield* strings(item, `${path}.${key}`);
  }
}
