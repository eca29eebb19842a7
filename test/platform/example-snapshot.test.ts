import { buildExamplePlatform } from '../../examples/platform/platform';

test('the example platform synthesises to the recorded files', () => {
  const { app } = buildExamplePlatform();
  const files = Object.fromEntries(app.renderFiles().map((f) => [f.path, f.content]));
  expect(Object.keys(files).length).toBeGreaterThan(40);
  expect(files).toMatchSnapshot();
});
