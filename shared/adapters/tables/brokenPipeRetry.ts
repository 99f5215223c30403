import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { errorCodeOf } from './restErrors';

/** How many times a request that met a broken pipe is sent again before its error is thrown. */
export const brokenPipeRetries = 2;

/**
 * Sends a request again when writing it failed with EPIPE: the service (or Azurite) had closed the kept-alive
 * connection the request was written to, so nothing was received. The Tables SDK's retry policy retries ECONNRESET
 * and timeouts but not EPIPE, which the Storage and Cosmos SDKs added to theirs for the same cause
 * (Azure/azure-sdk-for-js#7018, Azure/azure-cosmos-js#399). Table bodies are strings, so a request can be sent again
 * as it is; any other error, and the last EPIPE, is thrown unchanged. It wraps the SDK's retry policy, so each of the
 * 1 + `brokenPipeRetries` sends is itself retried by the SDK for ECONNRESET and timeouts (its 3 retries): a request
 * that alternately meets both is sent at most 12 times before its error is thrown.
 */
export const brokenPipeRetryPolicy: PipelinePolicy = {
  name: 'brokenPipeRetry',
  sendRequest: async (request, next) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await next(request);
      } catch (error) {
        if (attempt >= brokenPipeRetries || errorCodeOf(error) !== 'EPIPE') throw error;
      }
    }
  },
};
