// Jest's own order (failed first, then slowest first), except that the real-Pulumi tier runs
// last: on a fresh machine its binaries are still building while the other tiers run.
const Sequencer = require('@jest/test-sequencer').default;

const LAST = /[\\/]test[\\/]pulumi-real[\\/]/;

class RealPulumiLast extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    const sortLast = (list) => [...list.filter((t) => !LAST.test(t.path)), ...list.filter((t) => LAST.test(t.path))];
    return ordered instanceof Promise ? ordered.then(sortLast) : sortLast(ordered);
  }
}

module.exports = RealPulumiLast;
