import { entryPoints, publicApi } from './public-api';

const api = publicApi();

test('the entry points are those package.json exports', () => {
  expect(entryPoints().map((e) => e.replace(/.*\/lib\//, 'lib/'))).toEqual(['lib/index.ts', 'lib/testing/index.ts', 'lib/pulumi/index.ts']);
  expect(api.length).toBeGreaterThan(400);
});

test('every public prop and class member has a doc comment', () => {
  expect(api.filter((i) => !i.documented).map((i) => i.name)).toEqual([]);
});

test('every optional prop states its @default', () => {
  expect(api.filter((i) => i.optional && !i.hasDefault).map((i) => i.name)).toEqual([]);
});
