import type { MicrosoftSupportConfig } from '../../config';
import type { MicrosoftSupport } from '../../ports/microsoftSupport';
import { MicrosoftSupportClients, unconfiguredMicrosoftSupport } from './microsoftSupportClients';
import { federatedAppCredentials } from './tenantCredentials';

/** The desk's Microsoft support clients with its keyless app credentials, or none without an app registration. */
export function microsoftSupportFor(config: MicrosoftSupportConfig): MicrosoftSupport {
  if (!config.appClientId) return unconfiguredMicrosoftSupport;
  return new MicrosoftSupportClients(config, {
    credentials: federatedAppCredentials(config.appClientId, config.identityClientId),
  });
}
