import * as path from 'node:path';

import { graphql } from '@ferry/testing';

import { CORPUS, createDeployment, registerModel, setAlias, usePlatform, v2Infer } from './support';

const MODEL = path.join(CORPUS, 'ops', 'gemm_default_matrix_bias', 'model.onnx');

interface Status {
  deployment: {
    status: Array<{
      alias: string | null;
      pinnedVersion: number | null;
      servingVersion: number | null;
      served: number;
      shadow: boolean;
    }>;
  };
}

async function status(url: string, name: string) {
  return (
    await graphql<Status>(
      url,
      `{ deployment(name: "${name}") { status { alias pinnedVersion servingVersion served shadow } } }`,
    )
  ).data?.deployment.status;
}

async function inputsOf(baseUrl: string, deployment: string) {
  const metadata = (await (await fetch(`${baseUrl}/v2/models/${deployment}`)).json()) as {
    inputs: Array<{ name: string; datatype: string; shape: number[] }>;
  };
  return metadata.inputs.map((input) => {
    const shape = input.shape.map((d) => (d < 0 ? 1 : d));
    return {
      name: input.name,
      datatype: input.datatype,
      shape,
      data: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i / 10),
    };
  });
}

describe('traffic: alias moves under load, splits and shadows', () => {
  const platform = usePlatform('traffic');
  let versions: number[] = [];

  beforeAll(async () => {
    versions = [];
    for (let i = 0; i < 4; i++) {
      versions.push(await registerModel(platform, 'gemm', MODEL));
    }
    await setAlias(platform, 'gemm', 'production', 1);
  });

  it('moves the alias 10 times under steady load with no failed request, each answer from a live version', async () => {
    const created = await createDeployment(platform, { name: 'live', modelName: 'gemm', alias: 'production' });
    expect(created.errors).toBeUndefined();
    const inputs = await inputsOf(platform.inference.url, 'live');
    let running = true;
    const answered: number[] = [];
    const failures: unknown[] = [];
    const client = async (): Promise<void> => {
      while (running) {
        const answer = await v2Infer(platform.inference.url, 'live', { inputs });
        if (answer.status === 200) {
          answered.push(Number(answer.body.model_version));
        } else {
          failures.push(answer.body);
        }
      }
    };
    const clients = Array.from({ length: 16 }, () => client());
    const moves = [2, 3, 1, 4, 2, 3, 4, 1, 3, 2];
    for (const version of moves) {
      await setAlias(platform, 'gemm', 'production', version);
      // The swap happens when this replica has loaded the new version: wait until it serves it.
      for (let i = 0; i < 200 && (await status(platform.url, 'live'))?.[0]?.servingVersion !== version; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      expect((await status(platform.url, 'live'))?.[0]?.servingVersion).toBe(version);
      await new Promise((r) => setTimeout(r, 30));
    }
    running = false;
    await Promise.all(clients);
    expect(failures).toEqual([]);
    expect(answered.length).toBeGreaterThan(100);
    expect(new Set(answered).size).toBeGreaterThan(1);
    for (const version of answered) {
      expect(versions).toContain(version);
    }
    // After the last move settles, only the last version answers.
    const last = await v2Infer(platform.inference.url, 'live', { inputs });
    expect(last.body.model_version).toBe('2');
  });

  it('splits 90/10 within ±3 points over 10,000 requests, and the shadow sees every one without ever answering', async () => {
    const created = await createDeployment(platform, {
      name: 'split',
      modelName: 'gemm',
      traffic: [
        { version: 1, weight: 90 },
        { version: 2, weight: 10 },
      ],
      shadow: { version: 3 },
    });
    expect(created.errors).toBeUndefined();
    const inputs = await inputsOf(platform.inference.url, 'split');
    const counts = new Map<string, number>();
    let next = 0;
    const total = 10_000;
    const worker = async (): Promise<void> => {
      while (next < total) {
        next += 1;
        const answer = await v2Infer(platform.inference.url, 'split', { inputs });
        expect(answer.status).toBe(200);
        const version = String(answer.body.model_version);
        counts.set(version, (counts.get(version) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 32 }, () => worker()));
    expect(counts.get('3')).toBeUndefined();
    const share = (counts.get('1') ?? 0) / total;
    expect(share).toBeGreaterThan(0.87);
    expect(share).toBeLessThan(0.93);
    // The shadow's copies run after each answer: wait for the last of them.
    for (let i = 0; i < 100; i++) {
      const shadow = (await status(platform.url, 'split'))?.find((s) => s.shadow);
      if (shadow?.served === total) {
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const routes = (await status(platform.url, 'split')) ?? [];
    expect(routes.find((s) => s.shadow)?.served).toBe(total);
    expect(routes.filter((s) => !s.shadow).reduce((sum, s) => sum + s.served, 0)).toBe(total);
  });
});
