/**
 * A MarkupRule pattern for Markdown dialects escaped with a backslash (Teams cards, Discord): one of
 * `marks` after an even number of backslashes (none, or escaped backslashes: `\\*` is a live `*`), or a
 * list marker (`-`, `+`, `1.`) opening a line.
 */
export function unescapedMarkdown(marks: string): RegExp {
  const set = marks.replace(/[\\\]^-]/g, '\\$&');
  return new RegExp(String.raw`(?<=(?:^|[^\\])(?:\\\\)*)[${set}]|^[^\S\n]*(?:[-+]|\d+\.)(?=\s)`, 'gm');
}
