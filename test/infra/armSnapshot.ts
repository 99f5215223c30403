import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Reads what `npm run infra:build` produces: the compiled ARM template and the `bicep snapshot` of
 * infra/main.bicepparam (every resource the deployment would create, with loops, names and module
 * parameters evaluated; values only Azure knows stay as ARM expressions such as reference(...)).
 */

export const repoRoot = path.resolve(__dirname, '..', '..');
const infraOut = path.join(repoRoot, 'dist', 'infra');
export const templatePath = path.join(infraOut, 'main.json');
export const snapshotPath = path.join(infraOut, 'main.snapshot.json');
const buildScript = path.join(repoRoot, 'scripts', 'infraBuild.js');

/** Generous: a fresh clone first restores the Bicep CLI from NuGet. */
export const infraBuildTimeoutMs = 5 * 60_000;

const predictedResourceSchema = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  apiVersion: z.string(),
  kind: z.string().optional(),
  sku: z.object({ name: z.string(), tier: z.string().optional() }).optional(),
  identity: z
    .object({ type: z.string(), userAssignedIdentities: z.record(z.string(), z.unknown()).optional() })
    .optional(),
  properties: z.record(z.string(), z.unknown()).default({}),
});
export type PredictedResource = z.infer<typeof predictedResourceSchema>;

const snapshotSchema = z.object({
  predictedResources: z.array(predictedResourceSchema),
  diagnostics: z.array(z.unknown()),
  outputs: z.record(z.string(), z.unknown()),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

const templateSchema = z.object({
  outputs: z.record(z.string(), z.object({ type: z.string() })),
});
export type CompiledTemplate = z.infer<typeof templateSchema> & { text: string };

function newestMtime(paths: string[]): number {
  return Math.max(
    ...paths.flatMap((p) =>
      fs.statSync(p).isDirectory()
        ? [newestMtime(fs.readdirSync(p).map((child) => path.join(p, child)))]
        : [fs.statSync(p).mtimeMs],
    ),
  );
}

function runInfraBuild(args: string[]): void {
  try {
    execFileSync(process.execPath, [buildScript, ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: 'pipe',
      timeout: infraBuildTimeoutMs,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run infra:build failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** Builds dist/infra when it is missing or older than anything it is compiled from. */
export function ensureInfraBuilt(): void {
  const outputs = [templatePath, snapshotPath];
  const sources = [path.join(repoRoot, 'infra'), path.join(repoRoot, 'shared', 'resources.json'), buildScript];
  const upToDate =
    outputs.every((o) => fs.existsSync(o)) &&
    Math.min(...outputs.map((o) => fs.statSync(o).mtimeMs)) >= newestMtime(sources);
  if (!upToDate) runInfraBuild([]);
}

export function readTemplate(): CompiledTemplate {
  const text = fs.readFileSync(templatePath, 'utf8');
  return { ...templateSchema.parse(JSON.parse(text)), text };
}

function readSnapshot(file: string): Snapshot {
  return snapshotSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

export function readMainSnapshot(): Snapshot {
  return readSnapshot(snapshotPath);
}

/**
 * Snapshot of main.bicep deployed with main.bicepparam's values overridden by `params`
 * (values are written as Bicep literals, e.g. `"'Reader'"`).
 */
export function snapshotWith(scenario: string, params: Record<string, string>): Snapshot {
  const dir = path.join(infraOut, 'scenarios');
  fs.mkdirSync(dir, { recursive: true });
  const paramsFile = path.join(dir, `${scenario}.bicepparam`);
  const using = path
    .relative(dir, path.join(repoRoot, 'infra', 'main.bicep'))
    .split(path.sep)
    .join('/');
  const lines = [
    `using '${using}'`,
    "param namePrefix = 'cspdesk'",
    ...Object.entries(params).map(([k, v]) => `param ${k} = ${v}`),
  ];
  fs.writeFileSync(paramsFile, `${lines.join('\n')}\n`);
  runInfraBuild(['--snapshot', paramsFile]);
  return readSnapshot(paramsFile.replace(/\.bicepparam$/, '.snapshot.json'));
}

export function resourcesOfType(snapshot: Snapshot, type: string): PredictedResource[] {
  return snapshot.predictedResources.filter((r) => r.type.toLowerCase() === type.toLowerCase());
}

export function singleResourceOfType(snapshot: Snapshot, type: string): PredictedResource {
  const found = resourcesOfType(snapshot, type);
  if (found.length !== 1) throw new Error(`Expected exactly one ${type}, found ${found.length}`);
  return found[0] as PredictedResource;
}

/** Last segment of a (possibly nested) resource name: 'account/default/cases' -> 'cases'. */
export function leafName(resource: PredictedResource): string {
  return resource.name.split('/').pop() ?? resource.name;
}

const roleAssignmentPropertiesSchema = z.object({
  principalId: z.string(),
  principalType: z.string().optional(),
  roleDefinitionId: z.string(),
});

export interface RoleGrant {
  /** Resource id the role is granted on. */
  scope: string;
  /** Role definition GUID. */
  roleId: string;
  /** Principal object id, usually an ARM expression such as reference(<identity>).principalId. */
  principalId: string;
  /** Role assignment name (a GUID or a guid(...) expression). */
  name: string;
}

/** Role assignments of the snapshot, with the scope read from their resource id. */
export function roleGrants(snapshot: Snapshot): RoleGrant[] {
  return resourcesOfType(snapshot, 'Microsoft.Authorization/roleAssignments').map((assignment) => {
    const properties = roleAssignmentPropertiesSchema.parse(assignment.properties);
    const scope = assignment.id.startsWith('[extensionResourceId(')
      ? /^\[extensionResourceId\('([^']+)'/.exec(assignment.id)?.[1]
      : assignment.id.split('/providers/Microsoft.Authorization/roleAssignments/')[0];
    if (!scope) throw new Error(`Cannot read the scope of role assignment ${assignment.id}`);
    return {
      scope,
      roleId: properties.roleDefinitionId.split('/').pop() ?? '',
      principalId: properties.principalId,
      name: assignment.name,
    };
  });
}

/** The ARM expression Azure evaluates to `<property path>` of the resource `resourceId`. */
export function referenceTo(resourceId: string, propertyPath: string): RegExp {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`reference\\('${escape(resourceId)}', '[^']+'\\)\\.${escape(propertyPath)}`);
}
