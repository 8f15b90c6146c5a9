import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { readConfig as readGatewayConfig } from '../../gateway/src/config.ts';
import { readConfig as readCatalogConfig } from '../../subgraphs/catalog/src/config.ts';
import { readConfig as readStockConfig } from '../../subgraphs/stock/src/config.ts';
import { readConfig as readCmdbConfig } from '../../subgraphs/cmdb/src/config.ts';
import { readConfig as readApprovalsConfig } from '../../subgraphs/approvals/src/config.ts';
import { ConfigError, type Env } from '@inventory/platform';

export const DEPLOY_DIR = fileURLToPath(new URL('../../deploy/', import.meta.url));

/** The long-running services, each started by the image command of the same name. */
export const SERVICES = ['gateway', 'catalog', 'stock', 'cmdb', 'approvals'] as const;
export type Service = (typeof SERVICES)[number];
export const SUBGRAPHS = ['catalog', 'stock', 'cmdb', 'approvals'] as const;

const CONFIG_READERS: Record<Service, (env: Env) => unknown> = {
  gateway: readGatewayConfig,
  catalog: readCatalogConfig,
  stock: readStockConfig,
  cmdb: readCmdbConfig,
  approvals: readApprovalsConfig,
};

/**
 * Every environment variable a service's configuration code reads, found by
 * running it against an environment that records each name asked for, once
 * per runtime mode (some settings are read only in one of them).
 */
export function variablesReadBy(service: Service): string[] {
  const names = new Set<string>();
  for (const mode of ['production', 'development', 'test']) {
    const env = new Proxy<Record<string, string | undefined>>({}, {
      get(_target, key) {
        if (typeof key !== 'string') return undefined;
        names.add(key);
        return key === 'NODE_ENV' ? mode : undefined;
      },
    });
    try {
      CONFIG_READERS[service](env);
    } catch (error) {
      // Missing required settings are expected here; only the names matter.
      if (!(error instanceof ConfigError)) throw error;
    }
  }
  return [...names].sort();
}

/** The variables `npm run migrate` (the image's `migrate` command) reads, from its source. */
export function variablesReadByMigrate(): string[] {
  const source = readFileSync(fileURLToPath(new URL('../../scripts/migrate.ts', import.meta.url)), 'utf8');
  return [...source.matchAll(/\.(?:required|string|integer|boolean|port|url|oneOf)\('([A-Z][A-Z0-9_]*)'/g)].map((match) => match[1]!).sort();
}

export interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, unknown>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
}

/** deploy/compose/compose.yaml, with its YAML merge keys applied. */
export function composeFile(): { services: Record<string, ComposeService> } {
  return parse(readFileSync(`${DEPLOY_DIR}compose/compose.yaml`, 'utf8'), { merge: true });
}

/** A Kubernetes object as written in the manifests. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: any;
}

function readManifest(path: string): KubeObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`${path}: ${document.errors.map((e) => e.message).join('; ')}`);
      return document.toJS() as KubeObject | null;
    })
    .filter((object): object is KubeObject => object !== null);
}

/** The objects of the Kustomize base, read from the files its kustomization lists (no renderer needed). */
export function baseObjects(): KubeObject[] {
  const dir = `${DEPLOY_DIR}kubernetes/base/`;
  const kustomization = parse(readFileSync(`${dir}kustomization.yaml`, 'utf8')) as { resources: string[] };
  return kustomization.resources.flatMap((file) => readManifest(`${dir}${file}`));
}

/** The example Secrets (the names and keys the manifests expect). */
export function exampleSecrets(): KubeObject[] {
  return readManifest(`${DEPLOY_DIR}kubernetes/base/secret.example.yaml`);
}

/**
 * Renders a kustomization with `kubectl kustomize` (the reference renderer,
 * Kustomize built into kubectl). Null when no kubectl is installed.
 */
export function renderKustomization(relativeDir: string): KubeObject[] | null {
  const result = spawnSync('kubectl', ['kustomize', `${DEPLOY_DIR}kubernetes/${relativeDir}`], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  if (result.status !== 0) throw new Error(`kubectl kustomize ${relativeDir} failed: ${result.stderr}`);
  return parseAllDocuments(result.stdout).map((document) => document.toJS() as KubeObject);
}

/** The variable names a container is given: its own `env` and the keys of the ConfigMaps it takes whole. */
export function containerVariables(container: any, objects: readonly KubeObject[]): string[] {
  const names = new Set<string>((container.env ?? []).map((entry: { name: string }) => entry.name));
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const configMap = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === source.configMapRef.name);
      if (!configMap) throw new Error(`ConfigMap ${source.configMapRef.name} is not in the manifests`);
      for (const key of Object.keys(configMap.data ?? {})) names.add(key);
    }
    if (source.secretRef) throw new Error('containers name each secret variable with secretKeyRef, so the names are visible here');
  }
  return [...names].sort();
}
