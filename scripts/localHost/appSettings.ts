/** Resolves `%SettingName%` in binding properties from app settings, as the Functions host does. */
export function resolveAppSetting(value: string, environment: NodeJS.ProcessEnv = process.env): string {
  return value.replace(/%([^%]+)%/g, (_whole, name: string) => {
    const setting = environment[name];
    if (setting === undefined) throw new Error(`App setting "${name}" is referenced by a binding but not set.`);
    return setting;
  });
}
