/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser: these machines have no
 * internet). `chromium.launch` gives every launch a fresh, empty user data dir of its own
 * (`playwright_chromiumdev_profile-*` in the temp dir, removed on close); the flags keep Chromium
 * from trying to reach the network (see /work/shared/TOOLCHAIN.md, "Browsers").
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether Debian's Chromium is installed (`apt-get install -y chromium`). */
export const hasChromium = existsSync(CHROMIUM_PATH);

/** Launches headless Chromium with a fresh profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
}

/**
 * `it` for a browser test. Without Chromium: in CI (`CI=true`) a test that fails and says how to
 * install it; elsewhere a `todo` entry that says why the test did not run.
 */
export function browserIt(name: string, fn: () => Promise<void>, timeoutMs = 60_000): void {
  if (hasChromium) {
    it(name, fn, timeoutMs);
  } else if (process.env.CI === 'true') {
    it(`${name} (needs Chromium)`, () => {
      throw new Error(`${CHROMIUM_PATH} is missing: CI must install Debian's Chromium first (apt-get install -y chromium).`);
    });
  } else {
    it.todo(`${name} -- not run: ${CHROMIUM_PATH} is missing (apt-get install -y chromium)`);
  }
}
