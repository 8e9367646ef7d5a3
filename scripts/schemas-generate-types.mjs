// Generates schemas/types/ocpp16.ts and schemas/types/ocpp201.ts from the official JSON schemas
// in schemas/ocpp1.6 and schemas/ocpp2.0.1: one exported type per message and per data type,
// the per-direction action maps and the action catalogues. Called by schemas-sync.mjs.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { CSMS, DIRECTIONS, STATION } from './ocpp-directions.mjs';

/** 1.6 schemas inline their nested objects; these properties get the names the 1.6 spec uses. */
const INLINE_NAMES = {
  configurationKey: 'KeyValue',
  localAuthorizationList: 'AuthorizationData',
  csChargingProfiles: 'ChargingProfile',
  transactionData: 'MeterValue',
};

const VERSIONS = [
  {
    version: '1.6',
    dir: 'ocpp1.6',
    out: 'ocpp16.ts',
    prefix: 'V16',
    requestFile: (a) => `${a}.json`,
  },
  {
    version: '2.0.1',
    dir: 'ocpp2.0.1',
    out: 'ocpp201.ts',
    prefix: 'V201',
    requestFile: (a) => `${a}Request.json`,
  },
];

const ANNOTATIONS = new Set(['description', 'javaType', '$comment', 'title', '$id', '$schema']);

/** Canonical JSON: object keys sorted, `required` sorted, annotations left out. */
function canonical(value, key) {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v));
    return key === 'required' ? [...items].sort() : items;
  }
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const k of Object.keys(value).sort()) if (!ANNOTATIONS.has(k)) out[k] = canonical(value[k], k);
  return out;
}

/** Structural identity of a schema (descriptions and property order differ between files). */
function shapeKey(schema) {
  return JSON.stringify(canonical(schema));
}

function upperFirst(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function jsDoc(lines, indent = '') {
  const clean = [];
  for (const raw of lines.flatMap((l) => String(l).split(/\r?\n/))) {
    const line = raw.replace(/\*\//g, '*\\/').trim();
    if (line === '' && (clean.length === 0 || clean[clean.length - 1] === '')) continue;
    clean.push(line);
  }
  while (clean.length > 0 && clean[clean.length - 1] === '') clean.pop();
  if (clean.length === 0) return '';
  if (clean.length === 1) return `${indent}/** ${clean[0]} */\n`;
  return `${indent}/**\n${clean.map((l) => `${indent} *${l === '' ? '' : ` ${l}`}`).join('\n')}\n${indent} */\n`;
}

function constraintNotes(schema) {
  const notes = [];
  if (schema.format !== undefined) notes.push(`Format: ${schema.format}.`);
  if (schema.maxLength !== undefined) notes.push(`At most ${schema.maxLength} characters.`);
  if (schema.minimum !== undefined) notes.push(`Minimum ${schema.minimum}.`);
  if (schema.maximum !== undefined) notes.push(`Maximum ${schema.maximum}.`);
  if (schema.multipleOf !== undefined) notes.push(`Multiple of ${schema.multipleOf}.`);
  if (schema.minItems !== undefined) notes.push(`At least ${schema.minItems} item(s).`);
  if (schema.maxItems !== undefined) notes.push(`At most ${schema.maxItems} item(s).`);
  if (schema.default !== undefined) notes.push(`Default: ${JSON.stringify(schema.default)}.`);
  return notes.length > 0 ? [notes.join(' ')] : [];
}

/** Collects the declarations of one version's file. */
class Declarations {
  constructor() {
    /** name -> { key, code } */
    this.byName = new Map();
    this.order = [];
  }

  /** Declares `name` for a schema of shape `key`; returns the name actually used. */
  claim(name, key, fallbackName, build) {
    const existing = this.byName.get(name);
    if (existing && existing.key === key) return name;
    if (existing) {
      if (fallbackName === undefined) throw new Error(`two different schemas want the type name ${name}`);
      return this.claim(fallbackName, key, undefined, build);
    }
    const entry = { key, code: '' };
    this.byName.set(name, entry);
    this.order.push(name);
    entry.code = build(name);
    return name;
  }
}

function typeOf(schema, ctx, hint) {
  if (schema.$ref !== undefined) {
    const match = /^#\/definitions\/(.+)$/.exec(schema.$ref);
    if (!match) throw new Error(`${ctx.file}: unsupported $ref ${schema.$ref}`);
    const name = match[1];
    const def = ctx.root.definitions?.[name];
    if (def === undefined) throw new Error(`${ctx.file}: $ref to missing definition ${name}`);
    return declareNamed(name, def, ctx, `${ctx.message}${name}`, [`OCPP ${ctx.version} data type ${name}.`]);
  }
  if (schema.enum !== undefined) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array': {
      const item = typeOf(schema.items, ctx, hint);
      return /^[\w]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
    }
    case 'object': {
      const name = INLINE_NAMES[hint] ?? upperFirst(hint);
      return declareNamed(name, schema, ctx, `${ctx.message}${name}`, [
        `OCPP ${ctx.version} \`${hint}\` object (first seen in ${ctx.message}).`,
      ]);
    }
    case undefined:
      return 'unknown';
    default:
      throw new Error(`${ctx.file}: unsupported schema type ${JSON.stringify(schema.type)}`);
  }
}

function declareNamed(name, schema, ctx, fallbackName, docLines) {
  return ctx.decls.claim(name, shapeKey(schema), fallbackName, (finalName) =>
    declaration(finalName, schema, ctx, schema.description ? [] : docLines),
  );
}

function declaration(name, schema, ctx, docLines = []) {
  const doc = jsDoc([...docLines, ...(schema.description ? [schema.description] : [])]);
  if (schema.type !== 'object') return `${doc}export type ${name} = ${typeOf(schema, ctx, name)};\n`;
  const props = Object.entries(schema.properties ?? {});
  const open = schema.additionalProperties !== false;
  if (props.length === 0 && !open) return `${doc}export type ${name} = Record<string, never>;\n`;
  const required = new Set(schema.required ?? []);
  const members = props.map(([prop, propSchema]) => {
    const propDoc = jsDoc(
      [...(propSchema.description ? [propSchema.description] : []), ...constraintNotes(propSchema)],
      '  ',
    );
    const optional = required.has(prop) ? '' : '?';
    return `${propDoc}  ${prop}${optional}: ${typeOf(propSchema, ctx, prop)};\n`;
  });
  if (open) members.push('  /** The schema allows further properties here. */\n  [key: string]: unknown;\n');
  return `${doc}export interface ${name} {\n${members.join('')}}\n`;
}

function discoverActions(dir, requestFile) {
  const files = new Set(readdirSync(dir).filter((f) => f.endsWith('.json')));
  const actions = [...files]
    .filter((f) => f.endsWith('Response.json'))
    .map((f) => f.slice(0, -'Response.json'.length))
    .filter((a) => files.has(requestFile(a)))
    .sort();
  return actions;
}

function generateVersion(root, spec) {
  const dir = join(root, 'schemas', spec.dir);
  const actions = discoverActions(dir, spec.requestFile);
  const directions = DIRECTIONS[spec.version];
  const listed = new Set([...directions[STATION], ...directions[CSMS]]);
  const unlisted = actions.filter((a) => !listed.has(a));
  const missing = [...listed].filter((a) => !actions.includes(a));
  if (unlisted.length > 0 || missing.length > 0) {
    throw new Error(
      `OCPP ${spec.version}: direction table out of date: no direction for [${unlisted}], no schemas for [${missing}]`,
    );
  }
  const decls = new Declarations();
  for (const action of actions) {
    for (const [kind, file] of [
      ['request', spec.requestFile(action)],
      ['response', `${action}Response.json`],
    ]) {
      const root = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const message = `${action}${upperFirst(kind)}`;
      const ctx = { root, file, message, decls, version: spec.version };
      decls.claim(message, `message:${message}`, undefined, (name) =>
        declaration(name, root, ctx, [
          `OCPP ${spec.version} ${action} ${kind} (schemas/${spec.dir}/${file}).`,
        ]),
      );
    }
  }
  const map = (direction) =>
    actions
      .filter((a) => directions[direction].includes(a))
      .map((a) => `  ${a}: { request: ${a}Request; response: ${a}Response };\n`)
      .join('');
  const catalogue = actions
    .map((a) => {
      const dirs = [STATION, CSMS].filter((d) => directions[d].includes(a));
      return `  { action: '${a}', directions: [${dirs.map((d) => `'${d}'`).join(', ')}] },\n`;
    })
    .join('');
  const p = spec.prefix;
  return [
    '// Generated by `npm run schemas:sync` from the official OCPP JSON schemas. Do not edit.',
    `import type { OcppActionInfo } from '../action-info.js';`,
    '',
    decls.order.map((n) => decls.byName.get(n).code).join('\n'),
    `/** Actions a station sends to the CSMS in OCPP ${spec.version}, with their payload types. */`,
    `export type ${p}StationToCsms = {\n${map(STATION)}};`,
    '',
    `/** Actions the CSMS sends to a station in OCPP ${spec.version}, with their payload types. */`,
    `export type ${p}CsmsToStation = {\n${map(CSMS)}};`,
    '',
    `/** Every OCPP ${spec.version} action (request and response schema both present), with the way it travels. */`,
    `export const ${p}_ACTIONS = [\n${catalogue}] as const satisfies readonly OcppActionInfo[];`,
    '',
    `/** The name of an OCPP ${spec.version} action. */`,
    `export type ${p}Action = (typeof ${p}_ACTIONS)[number]['action'];`,
    '',
  ].join('\n');
}

/** Renders both type files (formatted) without writing them: [{ path, code }], path relative to `root`. */
export async function renderTypes(root) {
  const rendered = [];
  for (const spec of VERSIONS) {
    const path = join(root, 'schemas', 'types', spec.out);
    const options = (await prettier.resolveConfig(path)) ?? {};
    const code = await prettier.format(generateVersion(root, spec), { ...options, filepath: path });
    rendered.push({ path: path.slice(root.length + 1), code });
  }
  return rendered;
}

/** Generates both type files under `root`/schemas/types; returns the paths written. */
export async function generateTypes(root) {
  mkdirSync(join(root, 'schemas', 'types'), { recursive: true });
  const rendered = await renderTypes(root);
  for (const { path, code } of rendered) writeFileSync(join(root, path), code);
  return rendered.map((r) => r.path);
}
