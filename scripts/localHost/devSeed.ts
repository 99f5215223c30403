import { ensureTables } from '../../shared/adapters/tables/tableClients';
import type { Desk } from '../../shared/composition';
import { hashApiKey, type ApiKeyRole } from '../../shared/domain/apiKey';
import { settingNames } from '../../shared/resourceNames';

/** The partner that the README's examples act as. */
export const devTenantId = 'contoso-partner';

const devKeySettings: Record<ApiKeyRole, string> = {
  portal: settingNames.devPortalApiKey,
  agent: settingNames.devAgentApiKey,
  admin: settingNames.devAdminApiKey,
};

export interface SeededKey {
  tenantId: string;
  role: ApiKeyRole;
  secret: string;
}

/** Creates the tables and stores the dev tenant's keys from local settings, so the README's curl lines work as written. */
export async function seedDevelopmentData(desk: Desk, environment: NodeJS.ProcessEnv = process.env): Promise<SeededKey[]> {
  await ensureTables(desk.tables);
  const seeded: SeededKey[] = [];
  for (const [role, setting] of Object.entries(devKeySettings) as [ApiKeyRole, string][]) {
    const secret = environment[setting];
    if (!secret) continue;
    await desk.apiKeys.save(hashApiKey(secret), {
      keyId: `dev-${role}`,
      tenantId: devTenantId,
      role,
      label: `Development ${role} key (${setting})`,
      createdAt: desk.clock.now().toISOString(),
    });
    seeded.push({ tenantId: devTenantId, role, secret });
  }
  return seeded;
}
