import { describe, expect, it } from 'vitest';
import { baseObjects, composeFile, containerVariables, SERVICES, variablesReadBy, variablesReadByMigrate } from './deploy-files.ts';

describe('the compose file and the Kubernetes manifests name the variables the configuration code reads', () => {
  const compose = composeFile();
  const objects = baseObjects();
  const deployment = (name: string) => {
    const found = objects.find((object) => object.kind === 'Deployment' && object.metadata.name === name);
    if (!found) throw new Error(`no Deployment ${name}`);
    return found;
  };

  it('finds the settings every service reads, and the secrets', () => {
    expect(variablesReadBy('gateway')).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'SUBGRAPH_STOCK_URL', 'SUBGRAPH_STOCK_SECRET', 'JWT_SECRET']));
    expect(variablesReadBy('stock')).toEqual(expect.arrayContaining(['DATABASE_URL', 'GATEWAY_SIGNING_SECRET', 'STOCK_APPROVAL_VALUE_THRESHOLD']));
    expect(variablesReadBy('catalog')).not.toContain('STOCK_APPROVAL_VALUE_THRESHOLD');
    expect(variablesReadByMigrate()).toEqual(['DATABASE_URL']);
  });

  for (const service of SERVICES) {
    it(`gives the ${service} exactly the variables its configuration reads, in compose`, () => {
      expect(Object.keys(compose.services[service]?.environment ?? {}).sort()).toEqual(variablesReadBy(service));
    });

    it(`gives the ${service} exactly the variables its configuration reads, in its Kubernetes Deployment`, () => {
      const container = deployment(service).spec.template.spec.containers.find((c: { name: string }) => c.name === service);
      expect(containerVariables(container, objects)).toEqual(variablesReadBy(service));
    });
  }

  it('gives every migration run exactly the variables the migrate command reads', () => {
    expect(Object.keys(compose.services.migrate?.environment ?? {}).sort()).toEqual(variablesReadByMigrate());
    const job = objects.find((object) => object.kind === 'Job' && object.metadata.name === 'migrate')!;
    expect(containerVariables(job.spec.template.spec.containers[0], objects)).toEqual(variablesReadByMigrate());
    for (const service of SERVICES) {
      for (const init of deployment(service).spec.template.spec.initContainers ?? []) {
        expect(init.args).toEqual(['migrate']);
        expect(containerVariables(init, objects)).toEqual(variablesReadByMigrate());
      }
    }
  });
});
