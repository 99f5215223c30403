import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = join(__dirname, '..', '..');

/** Debian's Chromium (apt-get install chromium; .ci/run installs it when missing). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the tests keep screenshots of the main pages (dist/ is not committed). */
export const screenshotFolder = join(root, 'dist', 'test-artifacts', 'console');

function newestChange(folder: string): number {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((file) => statSync(join(folder, file)).mtimeMs)
    .reduce((newest, time) => Math.max(newest, time), 0);
}

/**
 * Builds the console into dist/console (what the console function serves) unless it is newer than every file of
 * console/, as npm run build:console does.
 */
export function buildConsole(): void {
  const built = join(root, 'dist', 'console', 'index.html');
  let builtAt = 0;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    builtAt = 0;
  }
  if (builtAt > newestChange(join(root, 'console'))) return;
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'console/vite.config.mts',
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: 'pipe' },
  );
}

/** Headless Chromium with a fresh profile, without anything that would reach the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core on the page as it is now (WCAG 2.1 A and AA rules and best practices) and returns what it reports.
 * axe is evaluated through the DevTools protocol, so the page's own Content-Security-Policy stays as served.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  const { passed, violations } = await page.evaluate(async () => {
    const inPage = (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<any> } })
      .axe;
    // axe's context: the whole document of the page.
    const result = await inPage.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return {
      passed: result.passes.length as number,
      violations: result.violations.map((violation: any) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.map((node: any) => ({ target: node.target })),
      })),
    };
  });
  // An empty list from a run that checked nothing would prove nothing.
  if (passed === 0) throw new Error('axe-core checked no rule on the page');
  return violations;
}

/** Saves a screenshot of the page as a test artifact. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotFolder, { recursive: true });
  await page.screenshot({ path: join(screenshotFolder, `${name}.png`), fullPage: true });
}
