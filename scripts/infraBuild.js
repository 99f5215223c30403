'use strict';
// Compiles and lints infra/ with the real Bicep CLI:
//   dist/infra/main.json             ARM template (bicep build)
//   dist/infra/main.parameters.json  parameters from infra/main.bicepparam (bicep build-params)
//   dist/infra/main.snapshot.json    the resources main.bicepparam would deploy, with loops, names and
//                                    module parameters evaluated (bicep snapshot); test/infra reads it
// Lint runs with infra/bicepconfig.json and fails on any diagnostic, warnings included.
// Bicep comes from PATH, else the copy the Azure CLI manages, else the NuGet package restored into .tools/.
//
// `node scripts/infraBuild.js --snapshot <file.bicepparam>` only writes <file>.snapshot.json beside that
// file: the tests use it to evaluate main.bicep with other parameter values.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const BICEP_VERSION = '0.49.2';
const repoRoot = path.resolve(__dirname, '..');
const outDir = path.join(repoRoot, 'dist', 'infra');
const bicepConfig = path.join(repoRoot, 'infra', 'bicepconfig.json');
const restoreProject = path.join(repoRoot, 'scripts', 'restoreBicep', 'restoreBicep.csproj');
const nugetFolder = path.join(repoRoot, '.tools', 'nuget');

// Stand-in deployment context for `bicep snapshot`: fixed so the snapshot is reproducible.
const snapshotContext = [
  '--tenant-id',
  '00000000-0000-0000-0000-000000000000',
  '--subscription-id',
  '00000000-0000-0000-0000-000000000000',
  '--resource-group',
  'rg-snapshot',
  '--location',
  'westeurope',
  '--deployment-name',
  'main',
];

class InfraBuildError extends Error {}

function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', ...options });
}

function isRunnable(command, args) {
  const result = run(command, args);
  return !result.error && result.status === 0;
}

function executableName(name) {
  return process.platform === 'win32' ? `${name}.exe` : name;
}

/** NuGet runtime id of the Azure.Bicep.CommandLine.<rid> package for this machine. */
function bicepRuntimeId() {
  const osPart = { linux: 'linux', darwin: 'osx', win32: 'win' }[process.platform];
  const archPart = { x64: 'x64', arm64: 'arm64' }[process.arch];
  if (!osPart || !archPart) {
    throw new InfraBuildError(`No Bicep CLI package exists for ${process.platform}/${process.arch}.`);
  }
  return `${osPart}-${archPart}`;
}

function restoredBicepPath(runtimeId) {
  return path.join(
    nugetFolder,
    `azure.bicep.commandline.${runtimeId}`,
    BICEP_VERSION,
    'tools',
    executableName('bicep'),
  );
}

function restoreBicep(runtimeId) {
  console.log(
    `Restoring Bicep CLI ${BICEP_VERSION} (${runtimeId}) from NuGet into ${path.relative(repoRoot, nugetFolder)} ...`,
  );
  const result = run(
    'dotnet',
    [
      'restore',
      restoreProject,
      '--packages',
      nugetFolder,
      `-p:BicepVersion=${BICEP_VERSION}`,
      `-p:BicepRuntime=${runtimeId}`,
    ],
    { stdio: 'inherit' },
  );
  if (result.error || result.status !== 0) {
    throw new InfraBuildError('dotnet restore of the Bicep CLI package failed (see the output above).');
  }
}

/** @returns {{ path: string, source: string }} */
function findBicep() {
  if (isRunnable('bicep', ['--version'])) {
    return { path: 'bicep', source: 'PATH' };
  }
  const azureCliBicep = path.join(os.homedir(), '.azure', 'bin', executableName('bicep'));
  if (!fs.existsSync(azureCliBicep) && isRunnable('az', ['version'])) {
    run('az', ['bicep', 'install'], { stdio: 'inherit' });
  }
  if (fs.existsSync(azureCliBicep)) {
    return { path: azureCliBicep, source: 'Azure CLI (az bicep)' };
  }
  const runtimeId = bicepRuntimeId();
  const restored = restoredBicepPath(runtimeId);
  if (!fs.existsSync(restored)) {
    if (!isRunnable('dotnet', ['--version'])) {
      throw new InfraBuildError(
        'No Bicep CLI found. Install one of: the Bicep CLI on PATH (https://aka.ms/bicep-install), ' +
          "the Azure CLI ('az bicep install'), or the .NET SDK so this script can restore " +
          `Azure.Bicep.CommandLine.${runtimeId} ${BICEP_VERSION} from NuGet.`,
      );
    }
    restoreBicep(runtimeId);
  }
  if (!fs.existsSync(restored)) {
    throw new InfraBuildError(`dotnet restore finished but ${restored} does not exist.`);
  }
  fs.chmodSync(restored, 0o755);
  return { path: restored, source: `NuGet package Azure.Bicep.CommandLine.${runtimeId}` };
}

/** Runs one Bicep command; any diagnostic it prints (warning or error) fails the build. */
function bicep(bicepPath, args) {
  const result = run(bicepPath, args);
  if (result.error) {
    throw new InfraBuildError(`Could not run ${bicepPath}: ${result.error.message}`);
  }
  const diagnostics = `${result.stdout}${result.stderr}`.trim();
  if (result.status !== 0 || diagnostics !== '') {
    throw new InfraBuildError(`bicep ${args[0]} failed (exit ${result.status}):\n${diagnostics}`);
  }
}

function snapshot(bicepPath, paramsFile) {
  bicep(bicepPath, ['snapshot', paramsFile, '--mode', 'overwrite', '--config', bicepConfig, ...snapshotContext]);
  return paramsFile.replace(/\.bicepparam$/, '.snapshot.json');
}

function buildAll(bicepPath) {
  fs.mkdirSync(outDir, { recursive: true });

  bicep(bicepPath, ['lint', '--pattern', 'infra/**/*.bicep']);
  console.log('Lint: 0 errors, 0 warnings (infra/main.bicep and infra/modules/*.bicep).');

  const template = path.join(outDir, 'main.json');
  bicep(bicepPath, ['build', 'infra/main.bicep', '--outfile', template]);
  console.log(`Built ${path.relative(repoRoot, template)}`);

  const parameters = path.join(outDir, 'main.parameters.json');
  bicep(bicepPath, ['build-params', 'infra/main.bicepparam', '--outfile', parameters]);
  console.log(`Built ${path.relative(repoRoot, parameters)}`);

  // `bicep snapshot` always writes next to the .bicepparam file; move it out of the source tree.
  const mainSnapshot = path.join(outDir, 'main.snapshot.json');
  fs.renameSync(snapshot(bicepPath, path.join(repoRoot, 'infra', 'main.bicepparam')), mainSnapshot);
  console.log(`Built ${path.relative(repoRoot, mainSnapshot)}`);
}

function main(args) {
  const found = findBicep();
  const version = run(found.path, ['--version']).stdout.trim();
  console.log(`Using ${version} from ${found.source} (${found.path}).`);

  if (args[0] === '--snapshot') {
    if (!args[1]) throw new InfraBuildError('--snapshot needs the path of a .bicepparam file.');
    console.log(`Built ${snapshot(found.path, path.resolve(args[1]))}`);
  } else {
    buildAll(found.path);
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof InfraBuildError)) throw error;
  console.error(`infra:build failed: ${error.message}`);
  process.exitCode = 1;
}
