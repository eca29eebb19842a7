import { CLI, OPERATOR, PACKAGE_VERSION, runEntry } from './entry';

test.each([
  ['mission-control-constructs', CLI],
  ['mission-control-operator', OPERATOR],
])('%s --version prints the package version and exits 0', (_bin, entry) => {
  const result = runEntry(entry, ['--version']);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(`${PACKAGE_VERSION}\n`);
  expect(result.status).toBe(0);
});
