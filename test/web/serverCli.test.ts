/** The browser harness's command line, as an OS process: it refuses to serve a renderer that was never built. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

it('exits 2 and says to build first when the renderer directory has no index.html', async () => {
  const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'src/web/server.ts', '--port', '0', '--static', 'test/fixtures/no-renderer-here'], { cwd: ROOT, timeout: 30_000 }, (_err, _stdout, stderr) =>
      resolve({ code: child.exitCode, stderr }),
    );
  });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('no built renderer in test/fixtures/no-renderer-here');
  expect(result.stderr).toContain('npm run build');
});
