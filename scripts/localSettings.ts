import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const localSettingsSchema = z.object({
  IsEncrypted: z.boolean().optional(),
  Values: z.record(z.string(), z.string()).default({}),
});

/**
 * Loads local.settings.json `Values` into the environment as Core Tools does (variables already set win), creating the
 * file from the committed sample on first run.
 */
export function loadLocalSettings(root: string): { created: boolean } {
  const settingsFile = join(root, 'local.settings.json');
  const created = !existsSync(settingsFile);
  if (created) copyFileSync(join(root, 'local.settings.sample.json'), settingsFile);
  applySettingsFile(settingsFile);
  return { created };
}

/** Puts a settings file's `Values` into the environment, leaving variables that are already set alone. */
export function applySettingsFile(settingsFile: string): void {
  const parsed = localSettingsSchema.safeParse(JSON.parse(readFileSync(settingsFile, 'utf8')));
  if (!parsed.success) throw new Error(`${settingsFile} is not valid: ${parsed.error.message}`);
  for (const [name, value] of Object.entries(parsed.data.Values)) process.env[name] ??= value;
}
