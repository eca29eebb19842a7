import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../lib/core/kube-object';
import { UPSTREAM_CRD_FILES, upstreamCrdDir } from '../../lib/crds/upstream-crd-files';

type Schema = Record<string, unknown>;

/**
 * Go's `(?i)` flag, which JavaScript patterns lack, spelt out as `[xX]` per letter (escapes
 * and character classes kept as they are), so the API server's patterns compile here.
 */
function goPattern(pattern: string): string {
  if (!pattern.includes('(?i)')) return pattern;
  let out = '';
  let inClass = false;
  const source = pattern.replace('(?i)', '');
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (c === '[' || c === ']') {
      inClass = c === '[';
      out += c;
    } else if (!inClass && /[a-z]/i.test(c)) {out += `[${c.toLowerCase()}${c.toUpperCase()}]`;} else {out += c;}
  }
  return out;
}

/**
 * Rewrites a structural schema so that ajv judges an object as the API server would:
 * unknown fields are errors (the server would prune them silently, and a pruned field means
 * our output relies on something the schema does not have), int-or-string accepts both.
 */
function toAjvSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toAjvSchema);
  if (!node || typeof node !== 'object') return node;
  const schema = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'x-kubernetes-validations') continue; // CEL is checked by the real API server tests.
    if (key === 'pattern' && typeof value === 'string') {
      out[key] = goPattern(value);
      continue;
    }
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, toAjvSchema(v)])) : toAjvSchema(value);
  }
  if (schema['x-kubernetes-int-or-string']) {
    delete out.type;
    if (!out.anyOf) out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (schema.nullable) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
  }
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (schema.properties && schema.additionalProperties === undefined && !preserve) out.additionalProperties = false;
  return out;
}

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  for (const keyword of ['x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-embedded-resource']) {
    ajv.addKeyword(keyword);
  }
  for (const format of ['int32', 'int64', 'byte', 'date-time', 'duration', 'double', 'float', 'quantity']) ajv.addFormat(format, true);
  return ajv;
}

/** Validates objects against the openAPIV3Schema of the CRDs it was given. */
export class CrdSchemaValidator {
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv = newAjv();

  /** Adds every version of a CustomResourceDefinition object. */
  addCrd(crd: Record<string, any>): void {
    const group = crd.spec.group as string;
    const kind = crd.spec.names.kind as string;
    for (const version of crd.spec.versions as Array<Record<string, any>>) {
      const schema = toAjvSchema(version.schema.openAPIV3Schema) as Schema;
      // Root metadata is validated by the API server itself, not by the CRD schema.
      if (schema.properties) (schema.properties as Schema).metadata = { type: 'object' };
      this.validators.set(`${group}/${version.name}/${kind}`, this.ajv.compile(schema));
    }
  }

  /** Whether a schema is known for the object's apiVersion and kind. */
  knows(obj: KubeObject): boolean {
    return this.validators.has(`${obj.apiVersion}/${obj.kind}`);
  }

  /** Problems of one object, as `path: message` strings; empty when valid. */
  validate(obj: KubeObject): string[] {
    const validate = this.validators.get(`${obj.apiVersion}/${obj.kind}`);
    if (!validate) return [`no schema for ${obj.apiVersion}/${obj.kind}`];
    if (validate(obj)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  }
}

/** A validator loaded with the installed upstream CRDs (install-ready CassandraDatacenter). */
export function upstreamCrdValidator(): CrdSchemaValidator {
  const validator = new CrdSchemaValidator();
  const dir = upstreamCrdDir();
  for (const file of UPSTREAM_CRD_FILES) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file.path), 'utf8'))) validator.addCrd(doc.toJS());
  }
  return validator;
}
