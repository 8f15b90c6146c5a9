import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHUTDOWN_DRAIN_LIMIT_MS } from '@inventory/platform';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { baseObjects, exampleSecrets, renderKustomization, SERVICES, SUBGRAPHS, type KubeObject } from './deploy-files.ts';

const source = (path: string) => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8');

/** The routes a service's HTTP server answers with GET, read from its source. */
function getRoutes(service: string): Set<string> {
  const file = service === 'gateway' ? 'gateway/src/server.ts' : 'platform/src/subgraph-server.ts';
  return new Set([...source(file).matchAll(/app\.get\('(\/[^']*)'/g)].map((match) => match[1]!));
}

/** The commands the image's entry point knows. */
const IMAGE_COMMANDS = new Set([...source('deploy/container/entrypoint.sh').matchAll(/^ {2}([a-z]+)\)/gm)].map((match) => match[1]!));
const IMAGE_USER = Number(/^USER (\d+):/m.exec(source('deploy/Containerfile'))![1]);

/**
 * The model classes of kubernetes-models, whose `validate()` checks an object
 * against the Kubernetes API's OpenAPI schema (bundled in the package, so
 * this works offline). A kind missing here is a problem, not a pass.
 */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

function schemaProblems(objects: readonly KubeObject[]): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    const Model = MODELS[`${object.apiVersion}/${object.kind}`];
    if (!Model) {
      problems.push(`${object.kind}/${object.metadata?.name}: no schema known for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${object.kind}/${object.metadata?.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  selector !== undefined && Object.entries(selector).every(([key, value]) => labels?.[key] === value);

/**
 * Everything that must hold between the objects for the system to work, as a
 * list of problems (empty when the wiring is right).
 */
function wiringProblems(objects: readonly KubeObject[], secrets: readonly KubeObject[]): string[] {
  const problems: string[] = [];
  const ofKind = (kind: string) => objects.filter((object) => object.kind === kind);
  const named = (kind: string, name: string) => ofKind(kind).find((object) => object.metadata.name === name);
  const deployments = ofKind('Deployment');
  const podsOf = (service: string) => deployments.find((d) => d.spec.template.spec.containers.some((c: any) => c.args?.[0] === service));

  for (const service of SERVICES) {
    const deployment = podsOf(service);
    if (!deployment) {
      problems.push(`no Deployment runs "${service}"`);
      continue;
    }
    const pod = deployment.spec.template;
    if (!matches(deployment.spec.selector.matchLabels, pod.metadata.labels)) problems.push(`${service}: the selector does not match its pods`);
    const container = pod.spec.containers.find((c: any) => c.args?.[0] === service);
    const portNames = new Map<string, number>((container.ports ?? []).map((p: any) => [p.name, p.containerPort]));
    const portVariable = container.env?.find((e: any) => e.name === 'PORT')?.value;
    if (Number(portVariable) !== portNames.get('http')) problems.push(`${service}: PORT ${portVariable} is not its http container port ${portNames.get('http')}`);
    const routes = getRoutes(service);
    for (const [probe, path] of [['readinessProbe', '/readyz'], ['livenessProbe', '/healthz'], ['startupProbe', '/healthz']] as const) {
      const get = container[probe]?.httpGet;
      if (!get) {
        problems.push(`${service}: no ${probe}`);
        continue;
      }
      if (get.path !== path) problems.push(`${service}: ${probe} asks ${get.path}, expected ${path}`);
      if (!routes.has(get.path)) problems.push(`${service}: ${probe} asks ${get.path}, which the service does not serve`);
      if (!portNames.has(get.port)) problems.push(`${service}: ${probe} port ${get.port} is not a container port`);
    }
    for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
      if (!IMAGE_COMMANDS.has(c.args?.[0])) problems.push(`${service}: container ${c.name} runs "${c.args?.[0]}", not an image command`);
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) problems.push(`${service}: container ${c.name} lacks cpu/memory requests or a memory limit`);
      if (c.securityContext?.allowPrivilegeEscalation !== false || c.securityContext?.readOnlyRootFilesystem !== true) problems.push(`${service}: container ${c.name} may escalate or write its root filesystem`);
    }
    if (pod.spec.securityContext?.runAsNonRoot !== true || pod.spec.securityContext?.runAsUser !== IMAGE_USER) problems.push(`${service}: pods must run as the image's non-root user ${IMAGE_USER}`);
    if (!(pod.spec.initContainers ?? []).some((c: any) => c.args?.[0] === 'migrate')) problems.push(`${service}: no migrate init container, so a new version could serve before its migrations`);
    const preStopSeconds = Number(container.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
    const grace = pod.spec.terminationGracePeriodSeconds ?? 30;
    if (grace < preStopSeconds + SHUTDOWN_DRAIN_LIMIT_MS / 1000) problems.push(`${service}: termination grace ${grace} s is shorter than preStop ${preStopSeconds} s + the drain limit ${SHUTDOWN_DRAIN_LIMIT_MS / 1000} s`);

    const hpa = ofKind('HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === deployment.metadata.name);
    const pdb = ofKind('PodDisruptionBudget').find((p) => matches(p.spec.selector.matchLabels, pod.metadata.labels));
    if (!hpa) problems.push(`${service}: no HorizontalPodAutoscaler`);
    if (!pdb) problems.push(`${service}: no PodDisruptionBudget`);
    if (hpa && pdb && !(pdb.spec.minAvailable < hpa.spec.minReplicas)) problems.push(`${service}: the disruption budget (${pdb.spec.minAvailable}) leaves no pod to evict at ${hpa.spec.minReplicas} replicas`);
    if (hpa && hpa.spec.minReplicas < 2) problems.push(`${service}: fewer than 2 replicas`);
    if (!ofKind('Service').some((s) => matches(s.spec.selector, pod.metadata.labels))) problems.push(`${service}: no Service`);

    // Every ConfigMap and Secret the pods read exists, with the keys read.
    for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
      for (const source of c.envFrom ?? []) if (source.configMapRef && !named('ConfigMap', source.configMapRef.name)) problems.push(`${service}: ConfigMap ${source.configMapRef.name} is missing`);
      for (const entry of c.env ?? []) {
        const ref = entry.valueFrom?.secretKeyRef;
        if (!ref) continue;
        const secret = secrets.find((s) => s.metadata.name === ref.name);
        if (!secret || !(ref.key in (secret.stringData ?? secret.data ?? {}))) problems.push(`${service}: ${entry.name} reads Secret ${ref.name} key ${ref.key}, which secret.example.yaml does not define`);
      }
    }
  }

  // The gateway's subgraph URLs each reach the Service in front of that subgraph's pods.
  const gateway = podsOf('gateway');
  const gatewayConfig = gateway?.spec.template.spec.containers[0].envFrom
    ?.map((source: any) => source.configMapRef && named('ConfigMap', source.configMapRef.name)?.data)
    .reduce((all: Record<string, string>, data: Record<string, string> | undefined) => ({ ...all, ...data }), {});
  for (const subgraph of SUBGRAPHS) {
    const raw = gatewayConfig?.[`SUBGRAPH_${subgraph.toUpperCase()}_URL`];
    if (!raw) {
      problems.push(`the gateway is not given SUBGRAPH_${subgraph.toUpperCase()}_URL`);
      continue;
    }
    const url = new URL(raw);
    const service = named('Service', url.hostname.split('.')[0]!);
    const pods = podsOf(subgraph);
    if (!service) {
      problems.push(`${raw}: no Service named ${url.hostname.split('.')[0]}`);
      continue;
    }
    const servicePort = service.spec.ports.find((p: any) => p.port === Number(url.port));
    if (!servicePort) problems.push(`${raw}: Service ${service.metadata.name} has no port ${url.port}`);
    if (!pods || !matches(service.spec.selector, pods.spec.template.metadata.labels)) problems.push(`${raw}: Service ${service.metadata.name} does not select the ${subgraph} pods`);
    const container = pods?.spec.template.spec.containers[0];
    if (servicePort && !container?.ports?.some((p: any) => p.name === servicePort.targetPort || p.containerPort === servicePort.targetPort)) problems.push(`${raw}: target port ${servicePort.targetPort} is not a ${subgraph} container port`);
    if (url.pathname !== '/graphql') problems.push(`${raw}: subgraphs answer on /graphql`);
  }

  // Only the gateway reaches the subgraphs: every policy selecting a subgraph's
  // pods admits only pods that are the gateway's, and at least one selects them.
  const policies = ofKind('NetworkPolicy');
  for (const subgraph of SUBGRAPHS) {
    const labels = podsOf(subgraph)?.spec.template.metadata.labels;
    const selecting = policies.filter((p) => p.spec.policyTypes?.includes('Ingress') && matches(p.spec.podSelector.matchLabels, labels));
    if (selecting.length === 0) problems.push(`${subgraph}: no NetworkPolicy isolates its pods`);
    for (const policy of selecting) {
      for (const rule of policy.spec.ingress ?? []) {
        const peers = rule.from ?? [];
        if (peers.length === 0) problems.push(`${subgraph}: NetworkPolicy ${policy.metadata.name} admits anyone`);
        for (const peer of peers) {
          if (peer.namespaceSelector || peer.ipBlock || !matches(peer.podSelector?.matchLabels, gateway?.spec.template.metadata.labels) || podsOf(subgraph) === gateway) {
            problems.push(`${subgraph}: NetworkPolicy ${policy.metadata.name} admits something other than the gateway`);
          } else if (Object.keys(peer.podSelector.matchLabels).some((key) => deployments.filter((d) => d !== gateway).some((d) => matches({ [key]: peer.podSelector.matchLabels[key] }, d.spec.template.metadata.labels)))) {
            problems.push(`${subgraph}: NetworkPolicy ${policy.metadata.name} selects pods other than the gateway's`);
          }
        }
      }
    }
  }

  // Migrations run as a Job.
  const job = ofKind('Job').find((j) => j.spec.template.spec.containers.some((c: any) => c.args?.[0] === 'migrate'));
  if (!job) problems.push('no Job runs the migrations');
  return problems;
}

describe('the Kubernetes manifests', () => {
  const base = baseObjects();
  const secrets = exampleSecrets();

  it('hold a Deployment, Service, autoscaler and disruption budget per service, the migrate Job, ConfigMaps and policies', () => {
    const count = (kind: string) => base.filter((object) => object.kind === kind).length;
    expect({
      Deployment: count('Deployment'),
      Service: count('Service'),
      HorizontalPodAutoscaler: count('HorizontalPodAutoscaler'),
      PodDisruptionBudget: count('PodDisruptionBudget'),
      Job: count('Job'),
    }).toEqual({ Deployment: 5, Service: 5, HorizontalPodAutoscaler: 5, PodDisruptionBudget: 5, Job: 1 });
    expect(count('ConfigMap')).toBeGreaterThan(0);
    expect(count('NetworkPolicy')).toBeGreaterThan(0);
  });

  it('validate against the Kubernetes API schemas, the example Secrets too', async () => {
    expect(schemaProblems([...base, ...secrets])).toEqual([]);
  });

  it('catch an object that breaks the schema (the validator is really checking)', async () => {
    const broken = structuredClone(base.find((object) => object.kind === 'Deployment')!);
    broken.spec.replicas = 'two';
    delete broken.spec.selector;
    const problems = schemaProblems([broken]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/replicas must be integer|selector/);
  });

  it('are wired together: probes on served paths, subgraph URLs on Services, only the gateway reaching subgraphs, secrets, grace', () => {
    expect(wiringProblems(base, secrets)).toEqual([]);
  });

  it('report broken wiring (the checks are really checking)', () => {
    const broken = structuredClone(base);
    const stock = broken.find((object) => object.kind === 'Deployment' && object.metadata.name === 'stock')!;
    stock.spec.template.spec.containers[0].readinessProbe.httpGet.path = '/ready';
    stock.spec.template.spec.terminationGracePeriodSeconds = 5;
    broken.find((object) => object.kind === 'ConfigMap' && object.metadata.name === 'inventory-gateway')!.data.SUBGRAPH_CMDB_URL = 'http://cmdb-v2:4003/graphql';
    broken.find((object) => object.kind === 'NetworkPolicy' && object.metadata.name === 'subgraphs-from-gateway-only')!.spec.ingress[0].from.push({ namespaceSelector: {} });
    expect(wiringProblems(broken, secrets)).toEqual([
      'stock: readinessProbe asks /ready, expected /readyz',
      'stock: readinessProbe asks /ready, which the service does not serve',
      `stock: termination grace 5 s is shorter than preStop 5 s + the drain limit ${SHUTDOWN_DRAIN_LIMIT_MS / 1000} s`,
      'http://cmdb-v2:4003/graphql: no Service named cmdb-v2',
      ...SUBGRAPHS.map((subgraph) => `${subgraph}: NetworkPolicy subgraphs-from-gateway-only admits something other than the gateway`),
    ]);
  });

  const overlays = ['base', 'overlays/production'];
  for (const overlay of overlays) {
    const rendered = renderKustomization(overlay);
    it.skipIf(rendered === null)(`render with kubectl kustomize (${overlay}), validate and are wired together${rendered === null ? ' [skipped: no kubectl on the PATH to render Kustomize with]' : ''}`, async () => {
      expect(schemaProblems(rendered!)).toEqual([]);
      expect(wiringProblems(rendered!, secrets)).toEqual([]);
      if (overlay !== 'base') {
        expect(new Set(rendered!.filter((object) => object.kind !== 'Namespace').map((object) => object.metadata.namespace))).toEqual(new Set(['inventory']));
        const images = new Set(rendered!.flatMap((object) => (object.spec?.template?.spec ? [...object.spec.template.spec.containers, ...(object.spec.template.spec.initContainers ?? [])].map((c: any) => c.image) : [])));
        expect([...images]).toEqual(['registry.example.com/inventory:1.0.0']);
      }
    });
  }
});

