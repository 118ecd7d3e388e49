import Handlebars from 'handlebars';
import { isKnownVariable } from './template-variables';

/**
 * The sandbox templates run in. Three layers, any one of which would stop the classic escapes:
 *  1. an allow-list walk of the parsed template (only the helpers below, no partials or decorators,
 *     no `__proto__`/`constructor`/`prototype` path segments);
 *  2. a private Handlebars environment compiled with `knownHelpersOnly`, `lookup` and `log` removed;
 *  3. data objects without prototypes, rendered with prototype access off.
 * The walk also rewrites the template so every value leaves through one helper that escapes it for
 * the connector and counts it against the output budget: literal template text is never escaped,
 * values always are, and nothing a value contains is ever parsed as a template.
 */

/** Block helpers a template may use, with the number of arguments each takes. */
const BLOCK_HELPERS: Record<string, number> = { if: 1, unless: 1, each: 1, with: 1 };
/** Value helpers, usable as `{{upper X}}` or inside `(…)`. */
const VALUE_HELPERS: Record<string, number> = { eq: 2, upper: 1, lower: 1, default: 2 };
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/** Names of the internal helpers the rewrite inserts; not meant to be written by hand. */
const OUT = 'hookpostOut';
const VAR = 'hookpostVar';

/** Per-render state the output helpers read from `@hookpost`. */
export interface RenderState {
  escape: (value: string) => string;
  variables: Record<string, string>;
  /** Characters still allowed in the output; shared by reference across nested blocks. */
  budget: { left: number };
}

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? message : `Line ${line}, column ${column}: ${message}`);
    this.name = 'TemplateError';
  }
}

type HelperOptions = Handlebars.HelperOptions & { data: { hookpost: RenderState } };

const env = Handlebars.create();
env.unregisterHelper('lookup');
env.unregisterHelper('log');
env.registerHelper({
  eq: (a: unknown, b: unknown) => isPrimitive(a) && isPrimitive(b) && String(a) === String(b),
  upper: (v: unknown) => (isPrimitive(v) ? String(v).toUpperCase() : ''),
  lower: (v: unknown) => (isPrimitive(v) ? String(v).toLowerCase() : ''),
  default: (v: unknown, fallback: unknown) => (v === undefined || v === null || v === '' ? fallback : v),
  [OUT]: (value: unknown, options: HelperOptions) => emit(value, options.data.hookpost),
  [VAR]: (name: string, options: HelperOptions) =>
    emit(options.data.hookpost.variables[name], options.data.hookpost),
});

const COMPILE_OPTIONS = {
  noEscape: true, // escaping is the connector's, applied by OUT/VAR to values only
  knownHelpersOnly: true,
  knownHelpers: {
    lookup: false,
    log: false,
    eq: true,
    upper: true,
    lower: true,
    default: true,
    [OUT]: true,
    [VAR]: true,
  },
  data: true,
};

export type CompiledTemplate = (root: object, state: RenderState) => string;

/** Parses, checks and compiles a template; throws `TemplateError` with a position on any problem. */
export function compileTemplate(source: string): CompiledTemplate {
  const ast = prepare(parse(source));
  const template = env.compile(ast, COMPILE_OPTIONS);
  const run: CompiledTemplate = (root, state) =>
    template(root, {
      data: { hookpost: state },
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
    });
  // Handlebars compiles on first call; do it now so errors surface when saving, not when delivering.
  run(Object.create(null), { escape: (v) => v, variables: Object.create(null), budget: { left: 0 } });
  return run;
}

function emit(value: unknown, state: RenderState): string {
  if (!isPrimitive(value) || state.budget.left <= 0) return '';
  const text = state.escape(String(value)).slice(0, state.budget.left);
  state.budget.left -= text.length;
  return text;
}

function isPrimitive(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function parse(source: string): hbs.AST.Program {
  try {
    return env.parse(source);
  } catch (error) {
    throw positioned(error, source);
  }
}

/** Handlebars reports parse errors as text ("Parse error on line 2: …^"); turn that into line and column. */
function positioned(error: unknown, source: string): TemplateError {
  const message = error instanceof Error ? error.message : String(error);
  const parseError = /^Parse error on line (\d+):\n(.*)\n(-*)\^\n(.*)/.exec(message);
  if (parseError) {
    const [, lineText, snippet, dashes, expected] = parseError;
    const line = Number(lineText);
    return new TemplateError(expected, line, columnOf(source, line, snippet.slice(0, dashes.length)));
  }
  const withLoc = error as { lineNumber?: number; column?: number };
  if (typeof withLoc.lineNumber === 'number') {
    return new TemplateError(
      message.replace(/ - \d+:\d+$/, ''),
      withLoc.lineNumber,
      (withLoc.column ?? 0) + 1,
    );
  }
  return new TemplateError(message);
}

/** The parser shows up to 20 characters before the error, newlines removed; find where they end on `line`. */
function columnOf(source: string, line: number, before: string): number {
  const tail = before.replace(/^\.\.\./, '');
  const lines = source.split('\n');
  const lineStart = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  const lineText = lines[line - 1] ?? '';
  for (let col = 0; col <= lineText.length; col++) {
    if (
      source
        .slice(0, lineStart + col)
        .replace(/\n/g, '')
        .endsWith(tail)
    )
      return col + 1;
  }
  return 1;
}

type Node = hbs.AST.Node;

/** Checks every node against the allow-list and rewrites output points; returns the same AST. */
function prepare(program: hbs.AST.Program): hbs.AST.Program {
  program.body = program.body.flatMap((statement) => prepareStatement(statement));
  return program;
}

function prepareStatement(node: hbs.AST.Statement): hbs.AST.Statement[] {
  switch (node.type) {
    case 'ContentStatement':
      return splitTokens(node as hbs.AST.ContentStatement);
    case 'CommentStatement':
      return [node];
    case 'MustacheStatement':
      return [wrapOutput(node as hbs.AST.MustacheStatement)];
    case 'BlockStatement': {
      const block = node as hbs.AST.BlockStatement;
      checkCall(block, block.path, BLOCK_HELPERS, 'block helper');
      if (block.program) prepare(block.program);
      if (block.inverse) prepare(block.inverse);
      return [block];
    }
    case 'PartialStatement':
    case 'PartialBlockStatement':
      throw failAt(node, 'Partials ({{> …}}) are not supported');
    default:
      throw failAt(node, 'Decorators are not supported');
  }
}

/** `{{x}}` and `{{helper x}}` become `{{hookpostOut x}}` / `{{hookpostOut (helper x)}}`. */
function wrapOutput(node: hbs.AST.MustacheStatement): hbs.AST.MustacheStatement {
  const path = node.path as hbs.AST.PathExpression;
  const isCall = node.params.length > 0 || !!node.hash;
  if (isCall) checkCall(node, path, VALUE_HELPERS, 'helper');
  else checkExpression(path);
  const value: hbs.AST.Expression = isCall
    ? ({
        type: 'SubExpression',
        path,
        params: node.params,
        hash: node.hash,
        loc: node.loc,
      } as hbs.AST.SubExpression)
    : path;
  return outputCall(OUT, value, node);
}

/** Splits literal text around known `%NAME%` tokens; unknown tokens stay literal text. */
function splitTokens(node: hbs.AST.ContentStatement): hbs.AST.Statement[] {
  const out: hbs.AST.Statement[] = [];
  const text = node.value;
  const token = /%([^%\r\n]+)%/g;
  let last = 0;
  for (let match = token.exec(text); match; match = token.exec(text)) {
    if (!isKnownVariable(match[1])) {
      token.lastIndex = match.index + 1; // `%oops %CLIENT_NAME%` must still find the second token
      continue;
    }
    if (match.index > last)
      out.push({ ...node, value: text.slice(last, match.index) } as hbs.AST.ContentStatement);
    const name = {
      type: 'StringLiteral',
      value: match[1],
      original: match[1],
      loc: node.loc,
    } as hbs.AST.StringLiteral;
    out.push(outputCall(VAR, name, node));
    last = token.lastIndex;
  }
  if (last === 0) return [node];
  if (last < text.length) out.push({ ...node, value: text.slice(last) } as hbs.AST.ContentStatement);
  return out;
}

function outputCall(helper: string, param: hbs.AST.Expression, at: Node): hbs.AST.MustacheStatement {
  const path = {
    type: 'PathExpression',
    data: false,
    depth: 0,
    parts: [helper],
    original: helper,
    loc: at.loc,
  };
  return {
    type: 'MustacheStatement',
    path: path as hbs.AST.PathExpression,
    params: [param],
    hash: undefined as unknown as hbs.AST.Hash,
    escaped: false,
    strip: { open: false, close: false },
    loc: at.loc,
  };
}

function checkCall(
  node: Node & { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash },
  path: hbs.AST.PathExpression,
  allowed: Record<string, number>,
  kind: string,
): void {
  const name = path.original;
  const arity = Object.hasOwn(allowed, name) ? allowed[name] : undefined;
  if (path.type !== 'PathExpression' || arity === undefined) {
    throw failAt(node, `Unknown ${kind} "${name}"; allowed: ${Object.keys(allowed).join(', ')}`);
  }
  if (node.hash) throw failAt(node, `"${name}" takes no name=value arguments`);
  if (node.params.length !== arity)
    throw failAt(node, `"${name}" takes ${arity} argument${arity > 1 ? 's' : ''}`);
  node.params.forEach(checkExpression);
}

function checkExpression(node: hbs.AST.Expression): void {
  if (node.type === 'SubExpression') {
    const sub = node as hbs.AST.SubExpression;
    checkCall(sub, sub.path, VALUE_HELPERS, 'helper');
  } else if (node.type === 'PathExpression') {
    const forbidden = (node as hbs.AST.PathExpression).parts.find((part) => FORBIDDEN_SEGMENTS.has(part));
    if (forbidden) throw failAt(node, `"${forbidden}" cannot be used in a template`);
  }
}

function failAt(node: Node, message: string): TemplateError {
  return new TemplateError(message, node.loc?.start.line, (node.loc?.start.column ?? 0) + 1);
}
