import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_SPEC } from './env-spec';

/** The README's configuration table and .env.example must name every variable the code reads. */
describe('ENV_SPEC documentation', () => {
  const root = join(__dirname, '..', '..');
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const example = readFileSync(join(root, '.env.example'), 'utf8');

  it.each(ENV_SPEC.map((spec) => spec.name))('should document %s in the README and .env.example', (name) => {
    expect(readme).toContain(`\`${name}\``);
    expect(example).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });
});
