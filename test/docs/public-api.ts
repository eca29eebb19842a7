import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

export const ROOT = resolve(__dirname, '..', '..');

/**
 * The TypeScript sources behind package.json `exports`. `imports/*` is left out: those are
 * bindings generated from the upstream CRDs, whose descriptions the importer strips.
 */
export function entryPoints(): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string | { default: string }> };
  return Object.values(manifest.exports)
    .map((target) => (typeof target === 'string' ? target : target.default))
    .filter((target) => target.startsWith('./build/lib/'))
    .map((target) => join(ROOT, target.replace('./build/', '').replace(/\.js$/, '.ts')));
}

/** One documentable declaration of the public API, named as users see it. */
export interface ApiItem {
  readonly name: string;
  readonly kind: 'prop' | 'member';
  readonly optional: boolean;
  readonly documented: boolean;
  readonly hasDefault: boolean;
}

/**
 * Props of exported interfaces and object types, and public members of exported classes,
 * declared in this package's sources (inherited members of Construct or ComponentResource are
 * documented upstream).
 */
export function publicApi(): ApiItem[] {
  const entries = entryPoints();
  const program = ts.createProgram(entries, { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, types: ['node'], noEmit: true });
  const checker = program.getTypeChecker();
  const ownSources = join(ROOT, 'lib') + '/';
  const items = new Map<string, ApiItem>();
  const documented = (node: ts.Node & { name?: ts.Node }) => {
    const symbol = node.name ? checker.getSymbolAtLocation(node.name) : undefined;
    return !!symbol && ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== '';
  };
  const add = (owner: string, file: ts.SourceFile, node: ts.Node & { name?: ts.PropertyName }, kind: ApiItem['kind'], optional: boolean) => {
    if (ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'internal')) return;
    const name = `${owner}.${node.name?.getText(file)} (${relative(ROOT, file.fileName)})`;
    const hasDefault = ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'default');
    items.set(name, { name, kind, optional, documented: documented(node), hasDefault });
  };
  for (const entry of entries) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    for (const exported of checker.getExportsOfModule(module)) {
      // TypeScript's flags are bit sets.
      // eslint-disable-next-line no-bitwise
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      for (const declaration of symbol.declarations ?? []) {
        const file = declaration.getSourceFile();
        if (!file.fileName.startsWith(ownSources)) continue;
        const members = ts.isInterfaceDeclaration(declaration) ? declaration.members
          : ts.isTypeAliasDeclaration(declaration) && ts.isTypeLiteralNode(declaration.type) ? declaration.type.members
            : undefined;
        for (const member of members ?? []) {
          if (ts.isPropertySignature(member) || ts.isMethodSignature(member)) add(symbol.name, file, member, 'prop', !!member.questionToken);
        }
        if (!ts.isClassDeclaration(declaration)) continue;
        for (const member of declaration.members) {
          if (!(ts.isPropertyDeclaration(member) || ts.isMethodDeclaration(member) || ts.isGetAccessor(member) || ts.isSetAccessor(member))) continue;
          if (ts.isPrivateIdentifier(member.name)) continue;
          if (member.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
          add(symbol.name, file, member, 'member', false);
        }
      }
    }
  }
  return [...items.values()];
}
