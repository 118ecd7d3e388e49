import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from './hookpost-config';

const ROOT = join(__dirname, '../../../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The README table, docker-compose.yml and the loader must name the same variables. */
describe('configuration documentation', () => {
  it('README lists exactly the variables the loader reads', () => {
    const section = read('README.md').split('## Configuration')[1].split('\n## ')[0];
    const documented = [...section.matchAll(/^\| `([A-Z_]+)`\s*\|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('docker-compose.yml passes every variable through to the service', () => {
    const service = read('docker-compose.yml').split(/^ {2}hookpost:$/m)[1];
    const passed = [...service.matchAll(/^\s{6}([A-Z_]+): /gm)]
      .map((m) => m[1])
      .filter((v) => v !== 'NODE_ENV');
    expect(passed.sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('npm start and the image run the server with the same Node flags', () => {
    const flags = (command: string | undefined) =>
      /node ((?:--\S+ )*)dist\/apps\/server\/src\/main\.js/.exec(command ?? '')?.[1].trim();
    const start: string = JSON.parse(read('package.json')).scripts.start;
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'))?.[1];
    const image = cmd && (JSON.parse(cmd) as string[]).join(' ');
    expect(flags(start)).toBe('--max-old-space-size=1024');
    expect(flags(image)).toBe(flags(start));
  });
});
