/**
 * The JSON Schema (draft 2020-12) of a regulation file, generated from the zod schema, so an editor completes
 * and checks a file (`# yaml-language-server: $schema=./schema.json`), with the doc comments of schema.ts as
 * descriptions (read with the TypeScript compiler: this module runs at development time only, from
 * `npm run regulations:schema` and its test). Committed as `regulations/schema.json`, which
 * `klachtwijs regulations schema` prints.
 *
 * What zod cannot say in JSON Schema stays with the validation at start and `klachtwijs regulations check`:
 * the cross-field rules of the superRefine (a role that exists, unique keys, a milestone from a committee
 * only with a committee) and real calendar dates.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { z } from 'zod';
import * as schemas from '../domain/regulation/schema.ts';
import { REGULATION_FORMAT, RegulationSchema } from '../domain/regulation/schema.ts';
import { PART_COMMENTS } from './yaml.ts';

/** The named parts of the zod schema (`TermRuleSchema` → `$defs/TermRule`), so a reader of schema.json sees their names. */
function namedParts() {
  const registry = z.registry<{ id: string }>();
  for (const [name, value] of Object.entries(schemas)) {
    if (name === 'RegulationSchema' || !name.endsWith('Schema') || !(value instanceof z.ZodType)) continue;
    registry.add(value, { id: name.slice(0, -'Schema'.length) });
  }
  return registry;
}

const SCHEMA_SOURCE = fileURLToPath(new URL('../domain/regulation/schema.ts', import.meta.url));

interface Docs {
  /** The doc comment of the `const XSchema`. */
  doc?: string;
  /** Doc comments of its properties by path (`members.minimum`). */
  props: Map<string, string>;
}

function jsDocText(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const text = docs.map((d) => ts.getTextOfJSDocComment(d.comment) ?? '').join('\n').trim();
  return text === '' ? undefined : text;
}

/** The doc comments of schema.ts: per `const …Schema`, its own and those of the properties of its objects. */
function docComments(): Map<string, Docs> {
  const source = ts.createSourceFile(SCHEMA_SOURCE, readFileSync(SCHEMA_SOURCE, 'utf8'), ts.ScriptTarget.Latest, true);
  const out = new Map<string, Docs>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      const name = decl.name.getText(source);
      if (!name.endsWith('Schema') || !decl.initializer) continue;
      const docs: Docs = { doc: jsDocText(statement), props: new Map() };
      const visit = (node: ts.Node, prefix: string): void => {
        if (ts.isCallExpression(node) && /^z\.(strictObject|object|looseObject)$/.test(node.expression.getText(source)) && node.arguments[0] && ts.isObjectLiteralExpression(node.arguments[0])) {
          for (const prop of node.arguments[0].properties) {
            if (!ts.isPropertyAssignment(prop)) continue;
            const key = prop.name.getText(source).replace(/^['"]|['"]$/g, '');
            const doc = jsDocText(prop);
            if (doc) docs.props.set(`${prefix}${key}`, doc);
            visit(prop.initializer, `${prefix}${key}.`);
          }
          return;
        }
        ts.forEachChild(node, (child) => visit(child, prefix));
      };
      visit(decl.initializer, '');
      out.set(name, docs);
    }
  }
  return out;
}

type ZodDef = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; options?: z.ZodType[]; in?: z.ZodType; out?: z.ZodType };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: ZodDef } })._zod.def;

/** Every zod object reachable from the exported `…Schema` parts, with the part it belongs to and its path there. */
function objectPlaces(): Map<z.ZodType, { name: string; prefix: string }> {
  const roots = new Map<z.ZodType, string>();
  for (const [name, value] of Object.entries(schemas)) if (name.endsWith('Schema') && value instanceof z.ZodType) roots.set(value, name);
  const places = new Map<z.ZodType, { name: string; prefix: string }>();
  const walk = (schema: z.ZodType | undefined, name: string, prefix: string, root: boolean): void => {
    if (!schema || (!root && roots.has(schema)) || places.has(schema)) return;
    const def = defOf(schema);
    if (def.type === 'object') {
      places.set(schema, { name, prefix });
      for (const [key, value] of Object.entries(def.shape ?? {})) walk(value, name, `${prefix}${key}.`, false);
      return;
    }
    for (const inner of [def.innerType, def.element, def.in, def.out, ...(def.options ?? [])]) walk(inner, name, prefix, root);
  };
  for (const [schema, name] of roots) walk(schema, name, '', true);
  return places;
}

const DOCS = 'x-klachtwijs-docs';

/** A copy of `schema` (nothing shared) with the noted doc comments on the properties. */
function putDocs(schema: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(schema)) as unknown;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      const o = node as Record<string, unknown>;
      const notes = o[DOCS] as Record<string, string> | undefined;
      if (notes) {
        delete o[DOCS];
        const props = (o.properties ?? {}) as Record<string, Record<string, unknown>>;
        for (const [key, doc] of Object.entries(notes)) if (props[key] && props[key].description === undefined) props[key].description = doc;
      }
      Object.values(o).forEach(visit);
    }
  };
  visit(copy);
  return copy;
}

/** Puts the doc comments on the objects of the JSON Schema and on their properties. */
function describe(docs: Map<string, Docs>, places: Map<z.ZodType, { name: string; prefix: string }>) {
  return (ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown> }): void => {
    const place = places.get(ctx.zodSchema as z.ZodType);
    const found = place && docs.get(place.name);
    if (!place || !found) return;
    if (place.prefix === '' && found.doc && ctx.jsonSchema.description === undefined) ctx.jsonSchema.description = found.doc;
    // Noted on the object itself and put on its properties afterwards (putDocs): zod may share one JSON object
    // between every use of a schema (a plain text), so a property's own object is not ours to change here.
    const notes = Object.fromEntries([...found.props].filter(([path]) => path.startsWith(place.prefix) && !path.slice(place.prefix.length).includes('.')).map(([path, doc]) => [path.slice(place.prefix.length), doc]));
    if (Object.keys(notes).length > 0) ctx.jsonSchema[DOCS] = notes;
  };
}

/** The JSON Schema as an object. */
export function regulationJsonSchema(): Record<string, unknown> {
  const raw = z.toJSONSchema(RegulationSchema, {
    target: 'draft-2020-12',
    // The file as written (input): an optional field may be left out.
    io: 'input',
    // The named parts of the zod schema once under $defs (below), the rest inline.
    reused: 'inline',
    unrepresentable: 'any',
    metadata: namedParts(),
    override: describe(docComments(), objectPlaces()),
  });
  const generated = putDocs(raw) as Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };
  const parts = generated.properties ?? {};
  for (const [key, schema] of Object.entries(parts)) {
    // The top-level parts in Dutch, as in the comments of the files; the doc comment of schema.ts after it.
    const comment = PART_COMMENTS[key];
    if (comment) parts[key] = { ...schema, description: schema.description === undefined ? comment : `${comment}\n\n${String(schema.description)}` };
  }
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'Klachtwijs: klachtenregeling',
    description: `Een klachtenregeling als bestand (${REGULATION_FORMAT}); zie docs/regulation-format.md. Controleer een bestand met: klachtwijs regulations check <bestand>.`,
    ...rest,
  };
}

/** The text of `regulations/schema.json`. */
export function regulationJsonSchemaText(): string {
  return `${JSON.stringify(regulationJsonSchema(), null, 2)}\n`;
}
