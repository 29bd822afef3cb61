import { describeBadInput } from '../../test-support/bad-input.ts';

describeBadInput('oi sim', [
  ['--port out of range', ['sim', '--port', '70000'], {}, /--port: expected a whole number 0\.\.65535/],
]);
