/**
 * Bad input is refused with an error notice that says what is wrong, starts nothing, and leaves
 * the app working: a port out of range, a host that is not a host; a remote seed where nothing
 * listens, a port that is not a seed, and an address that is not an address — those three under
 * the remote-seed field, in words.
 */
import type { Page } from '@playwright/test';
import { addPeers, coreNodes, expect, graphNodes, submitSeed, test } from './fixtures';
import { freePort } from '../test/helpers/ports';


/** Expects the newest notice to be an error matching `text`, then dismisses it. */
async function expectError(page: Page, text: RegExp): Promise<void> {
  const newest = page.getByTestId('notice').first();
  await expect(newest).toHaveAttribute('data-level', 'error');
  await expect(newest).toContainText(text);
  await newest.getByRole('button', { name: 'dismiss' }).click();
  await expect(page.getByTestId('notice').filter({ hasText: text })).toHaveCount(0);
}

/** Expects the remote-seed field's own error (under it, no notice) to say `text`. */
async function expectFieldError(page: Page, text: string | RegExp): Promise<void> {
  await expect(page.getByTestId('remote-seed-error')).toHaveText(text);
  await expect(page.getByTestId('remote-seed')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('notice').filter({ hasText: /Connect to remote seed/ })).toHaveCount(0);
}

/** Types a remote seed address and clicks Connect. */
async function connectRemote(page: Page, address: string): Promise<void> {
  await page.getByTestId('remote-seed').fill(address);
  await page.getByTestId('connect-remote').click();
}

test('bad input gives clear error notices and the app keeps working', async ({ lab }) => {
  const { page } = lab;
  await expect(page.getByTestId('status')).toContainText('connected');

  // a port out of range
  await submitSeed(page, '127.0.0.1', 70000);
  await expectError(page, /Add seed failed: .*port must be between 0 .* and 65535/);

  // a host that is neither an IP address nor a host name
  await submitSeed(page, 'not a host', 0);
  await expectError(page, /Add seed failed: .*host is not an IP address or host name/);

  // a port that is not a number at all (caught by the form itself)
  await submitSeed(page, '127.0.0.1', 'eighty');
  await expectError(page, /Add seed: port must be a number/);

  // a remote seed where nothing listens: said under the field, in words, not as a notice
  const port = await freePort();
  await connectRemote(page, `127.0.0.1:${port}`);
  await expectFieldError(page, `nothing listens at 127.0.0.1:${port}: the connection was refused (is the seed running, and is the port right?)`);

  // a port that answers something else (this page's own HTTP server): not a Gossip Lab seed
  const httpPort = new URL(page.url()).port;
  if (httpPort !== '') {
    await connectRemote(page, `127.0.0.1:${httpPort}`);
    // (the harness closes a connection that does not speak HTTP; a plain HTTP server answers 400: test/host/remoteErrors.test.ts)
    await expectFieldError(page, /not a Gossip Lab seed/);
  }

  // an address that is not IP:Port
  await connectRemote(page, 'garbage!!');
  await expectFieldError(page, /"garbage!!" is not a seed address \(IP:Port\)/);
  await connectRemote(page, '127.0.0.1:99999');
  await expectFieldError(page, /not a seed address \(IP:Port\): port 99999 is out of range/);
  // typing clears it
  await page.getByTestId('remote-seed').fill('');
  await expect(page.getByTestId('remote-seed-error')).toHaveCount(0);

  // peers without any seed: refused, with the reason
  await page.getByTestId('peer-count').fill('3');
  await page.getByTestId('add-peers').click();
  await expectError(page, /Add peers failed: start a seed first/);

  // nothing was started, nothing is watched
  expect(await graphNodes(page)).toEqual([]);
  if (lab.server) {
    expect(await coreNodes(lab)).toHaveLength(0);
    expect(lab.server.session.snapshot().remoteSeeds).toEqual([]);
  }

  // and the app still works: a seed and 3 peers
  await submitSeed(page, '127.0.0.1', 0);
  await expect(page.getByTestId('notice').filter({ hasText: /Seed started at 127\.0\.0\.1:\d+/ })).toBeVisible();
  await addPeers(page, 3);
  await expect.poll(async () => (await graphNodes(page)).length).toBe(4);
  const nodes = await graphNodes(page);
  expect(nodes.filter((n) => n.role === 'seed')).toHaveLength(1);
  expect(nodes.filter((n) => n.role === 'peer' && n.life === 'up')).toHaveLength(3);
  await expect(page.getByTestId('degree-histogram')).toHaveAttribute('data-total', '3');
  await expect(page.locator('[data-testid="notice"][data-level="error"]')).toHaveCount(0);
});
