import { ensureTables } from '../../shared/adapters/tables/tableClients';
import type { Desk } from '../../shared/composition';
import { hashApiKey, type ApiKeyRole } from '../../shared/domain/apiKey';
import { settingNames } from '../../shared/resourceNames';

/** The partner that the README's examples act as. */
export const devTenantId = 'contoso-partner';
/** A second partner on the same desk, so tenant isolation can be tried: its keys never see the first one's cases. */
export const secondDevTenantId = 'fabrikam-reseller';

const devKeySettings: Record<string, Record<ApiKeyRole, string>> = {
  [devTenantId]: {
    portal: settingNames.devPortalApiKey,
    agent: settingNames.devAgentApiKey,
    admin: settingNames.devAdminApiKey,
  },
  [secondDevTenantId]: {
    portal: settingNames.devSecondTenantPortalApiKey,
    agent: settingNames.devSecondTenantAgentApiKey,
    admin: settingNames.devSecondTenantAdminApiKey,
  },
};

export interface SeededKey {
  tenantId: string;
  role: ApiKeyRole;
  secret: string;
}

/** Creates the tables and stores the dev tenants' keys from local settings, so the README's curl lines work as written. */
export async function seedDevelopmentData(
  desk: Desk,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<SeededKey[]> {
  await ensureTables(desk.tables);
  const seeded: SeededKey[] = [];
  for (const [tenantId, settings] of Object.entries(devKeySettings)) {
    for (const [role, setting] of Object.entries(settings) as [ApiKeyRole, string][]) {
      const secret = environment[setting];
      if (!secret) continue;
      await desk.apiKeys.save(hashApiKey(secret), {
        keyId: `dev-${role}`,
        tenantId,
        role,
        label: `Development ${role} key (${setting})`,
        createdAt: desk.clock.now().toISOString(),
      });
      seeded.push({ tenantId, role, secret });
    }
  }
  return seeded;
}
