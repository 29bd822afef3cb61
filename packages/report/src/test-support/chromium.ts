import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser; nothing is ever downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that keep the browser from calling home, so a page's own requests are all that is seen. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-quic',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with a fresh profile; `close` ends it and removes the profile. */
export interface HeadlessChromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Options of {@link launchChromium}. */
export interface LaunchChromiumOptions {
  /** The viewport. @default 1280 x 900 */
  readonly viewport?: { readonly width: number; readonly height: number };
}

/**
 * Starts Debian's Chromium headless with a fresh profile directory. Throws, never skips, when the
 * browser is missing: the report's browser tests must run wherever the suite runs.
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<HeadlessChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: the report's browser tests open the page in a real ` +
        'headless Chromium and never download one; install it with `apt-get install -y chromium`',
    );
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'oi-report-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: { width: options.viewport?.width ?? 1280, height: options.viewport?.height ?? 900 },
    });
    return {
      context,
      close: async () => {
        await context.close();
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
