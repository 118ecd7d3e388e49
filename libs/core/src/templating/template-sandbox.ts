import Handlebars from 'handlebars';
import { isKnownVariable } from '@hookpost/connector-sdk';
import { RENDER_LIMITS, RenderBudget } from './render-budget';
import { withRenderState, type RenderState } from './render-state';
import { TemplateError } from './template-error';
import { BLOCK_HELPERS, OUTPUT_HELPERS, TEMPLATE_HELPERS, VALUE_HELPERS } from './template-helpers';

/**
 * The sandbox templates run in. Three layers, any one of which would stop the classic escapes:
 *  1. an allow-list walk of the parsed template (only the helpers below, no partials or decorators,
 *     no `__proto__`/`constructor`/`prototype` path segments, no `@` data but loop data);
 *  2. a private Handlebars environment compiled with `knownHelpersOnly`, `lookup` and `log` removed;
 *  3. data objects without prototypes, rendered with prototype access off.
 * The walk also rewrites the template so everything it outputs leaves through a helper that counts it
 * against the render budget: values are escaped for the connector, literal template text never is,
 * and nothing a value contains is ever parsed as a template.
 */

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);
/** The `@` data `each` sets; any other (`@root`, …) is refused, so templates see only the variables. */
const LOOP_DATA = new Set(['index', 'key', 'first', 'last']);

const env = Handlebars.create();
env.unregisterHelper('lookup');
env.unregisterHelper('log');
env.registerHelper(TEMPLATE_HELPERS);

const COMPILE_OPTIONS = {
  noEscape: true, // escaping is the connector's, applied by the output helpers to values only
  knownHelpersOnly: true,
  knownHelpers: {
    lookup: false,
    log: false,
    ...Object.fromEntries(Object.keys(TEMPLATE_HELPERS).map((name) => [name, true])),
  },
  data: true, // for the loop data above
};

export type CompiledTemplate = (root: object, state: RenderState) => string;

/** Parses, checks and compiles a template; throws `TemplateError` with a position on any problem. */
export function compileTemplate(source: string): CompiledTemplate {
  const ast = prepare(parse(source));
  const template = env.compile(ast, COMPILE_OPTIONS);
  const run: CompiledTemplate = (root, state) =>
    withRenderState(state, () =>
      template(root, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false }),
    );
  // Handlebars compiles on first call; do it now so errors surface when saving, not when delivering.
  // The clock is stopped: this call's time is Handlebars compiling, which the render budget does not cover.
  try {
    const budget = new RenderBudget(RENDER_LIMITS, () => 0);
    run(Object.create(null), { escape: (v) => v, variables: Object.create(null), budget, room: 0 });
  } catch (error) {
    throw toTemplateError(error, source);
  }
  return run;
}

function parse(source: string): hbs.AST.Program {
  try {
    return env.parse(source);
  } catch (error) {
    throw toTemplateError(error, source);
  }
}

/**
 * Any error from Handlebars as a `TemplateError` with line and column when known: parse errors come
 * as text ("Parse error on line 2: …^"), others may carry a position.
 */
export function toTemplateError(error: unknown, source: string): TemplateError {
  if (error instanceof TemplateError) return error;
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
      return splitText(node as hbs.AST.ContentStatement);
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
  return outputCall(OUTPUT_HELPERS.value, value, node);
}

/**
 * Literal text becomes counted output: text pieces and the known `%NAME%` tokens between them
 * (unknown tokens stay literal text). Empty pieces (whitespace control strips some) are dropped.
 */
function splitText(node: hbs.AST.ContentStatement): hbs.AST.Statement[] {
  const out: hbs.AST.Statement[] = [];
  const text = node.value;
  const literal = (value: string) =>
    value && out.push(outputCall(OUTPUT_HELPERS.text, stringLiteral(value, node), node));
  const token = /%([^%\r\n]+)%/g;
  let last = 0;
  for (let match = token.exec(text); match; match = token.exec(text)) {
    if (!isKnownVariable(match[1])) {
      token.lastIndex = match.index + 1; // `%oops %CLIENT_NAME%` must still find the second token
      continue;
    }
    literal(text.slice(last, match.index));
    out.push(outputCall(OUTPUT_HELPERS.variable, stringLiteral(match[1], node), node));
    last = token.lastIndex;
  }
  literal(text.slice(last));
  return out;
}

function stringLiteral(value: string, at: Node): hbs.AST.StringLiteral {
  return { type: 'StringLiteral', value, original: value, loc: at.loc } as hbs.AST.StringLiteral;
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
    const path = node as hbs.AST.PathExpression;
    if (path.data && !(path.parts.length === 1 && LOOP_DATA.has(path.parts[0]))) {
      throw failAt(
        node,
        `"${path.original}" cannot be used in a template; of @ data only @index, @key, @first and @last exist`,
      );
    }
    const forbidden = path.parts.find((part) => FORBIDDEN_SEGMENTS.has(part));
    if (forbidden) throw failAt(node, `"${forbidden}" cannot be used in a template`);
  }
}

function failAt(node: Node, message: string): TemplateError {
  return new TemplateError(message, node.loc?.start.line, (node.loc?.start.column ?? 0) + 1);
}
