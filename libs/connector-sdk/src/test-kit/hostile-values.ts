import type { HookpostEvent } from '../event-context';
import { sampleEvent } from '../sample-events';

/**
 * Values a producer might send that try to break out of, or inject into, a destination's format.
 * Every connector must render each of them as inert text within its limits.
 */
export const HOSTILE_VALUES = {
  htmlSpecials: '&<>',
  quotes: `"double" 'single' \`back\``,
  newlines: 'line one\nline two\r\nline three',
  hugeAscii: 'A'.repeat(100 * 1024),
  hugeMultibyte: '日本語🚀'.repeat(20 * 1024),
  unicode: 'Ünïcødé — 日本語 🚀 \u202eevil\u202c \u0000 \u2028',
  markdown: '*bold* _italic_ ~strike~ `code` # heading > quote [link](http://evil.example) ||spoiler||',
  markdownLists: '- item\n+ item\n1. item',
  backslashes: '\\*bold\\* \\[link\\](http://evil.example)',
  htmlTags: '<b>bold</b> <a href="http://evil.example">link</a> <font color="red">red</font>',
  slackMention: '<!channel> <!here> <@U024BE7LH>',
  slackLink: '<https://evil.example|Click to verify your account>',
  discordMention: '@everyone @here <@123456789012345678>',
  handlebars: '{{x}} {{constructor.constructor "return process"}} {{> partial}}',
  plextracToken: '%CLIENT_NAME% %REPORT_NAME%',
  jsonBreakout: '"}],"text":"injected","x":[{"',
} as const;

export type HostileValueName = keyof typeof HOSTILE_VALUES;

/**
 * A sample event (FindingPublished by default: it has the most fields) whose every context
 * string, and its `status`, is `value`. Numbers and ids the core assigns stay as they are.
 */
export function hostileEvent(
  value: string,
  base: HookpostEvent = sampleEvent('FindingPublished'),
): HookpostEvent {
  return { ...base, status: value, context: replaceStrings(base.context, value) };
}

function replaceStrings<T>(node: T, value: string): T {
  if (typeof node === 'string') return value as T;
  if (Array.isArray(node)) return node.map((item: unknown) => replaceStrings(item, value)) as T;
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, v]) => [key, replaceStrings(v, value)])) as T;
  }
  return node;
}
