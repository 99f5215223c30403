import type * as CoreRestPipeline from '@azure/core-rest-pipeline';

let corePipeline: Promise<typeof CoreRestPipeline> | undefined;

/**
 * @azure/core-rest-pipeline for the clients that build their own pipeline (Graph, Partner Center), loaded with their
 * first request rather than at start-up: its Node.js HTTP client and proxy support (http, https, net, tls and the proxy
 * agents) would otherwise cost every function's cold start. scripts/package.js bundles it on its own (LAZY_PACKAGES);
 * `isRestError` and the like, imported statically elsewhere, stay in the app bundle and recognise its errors by name.
 */
export function loadCorePipeline(): Promise<typeof CoreRestPipeline> {
  corePipeline ??= import('@azure/core-rest-pipeline');
  return corePipeline;
}
