/**
 * The final phase: after the load stopped and a quiet period, read S3 directly
 * and every read path of every instance (by id through the response cache and
 * with no-cache; the unfiltered list and count, each twice so the second comes
 * from the caches, and with no-cache; a list and count filtered at the median
 * S3 value), for {@link checkFinal}.
 */
import type { FinalObservation } from './final-check';
import type { InstanceClient } from './http-client';
import type { S3Reader } from './s3-reader';

/** S3's value of every product, and what each instance path showed. */
export interface FinalReadings {
  readonly s3: Map<string, number | undefined>;
  readonly observations: FinalObservation[];
}

async function byId(client: InstanceClient, ids: readonly string[], noCache: boolean): Promise<FinalObservation> {
  const values = await Promise.all(
    ids.map(async (id) => {
      const outcome = await client.send('GET', `/products/${id}`, { noCache });
      const stock = (outcome.body as { stock?: unknown } | undefined)?.stock;
      return [id, outcome.status === 200 && typeof stock === 'number' ? stock : undefined] as const;
    }),
  );
  return { source: `${client.name} ${noCache ? 'get-nc' : 'get'}`, byId: new Map(values) };
}

async function list(client: InstanceClient, threshold: number, noCache: boolean, label: string): Promise<FinalObservation> {
  const filter = threshold >= 0 ? `&stock__gt=${threshold}` : '';
  const outcome = await client.send('GET', `/products?category=coh${filter}&page_size=100`, { noCache });
  const items = (outcome.body as { items?: Array<{ id: string; stock: number }> } | undefined)?.items ?? [];
  return { source: `${client.name} ${label} (X-Cache ${outcome.xCache ?? '-'})`, list: { threshold, items: new Map(items.map((p) => [p.id, p.stock])) } };
}

async function count(client: InstanceClient, threshold: number, noCache: boolean, label: string): Promise<FinalObservation> {
  const filter = threshold >= 0 ? `&stock__gt=${threshold}` : '';
  const outcome = await client.send('GET', `/products/count?category=coh${filter}`, { noCache });
  const n = (outcome.body as { count?: unknown } | undefined)?.count;
  return { source: `${client.name} ${label} (X-Cache ${outcome.xCache ?? '-'})`, count: { threshold, count: typeof n === 'number' ? n : undefined } };
}

/** Runs the final reads. */
export async function finalReadings(reader: S3Reader, clients: readonly InstanceClient[], ids: readonly string[]): Promise<FinalReadings> {
  const s3 = await reader.stocks(ids);
  const sorted = [...s3.values()].filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const observations: FinalObservation[] = [];
  for (const client of clients) {
    observations.push(await byId(client, ids, false), await byId(client, ids, true));
    for (const [threshold, name] of [[-1, 'list'], [median, `list stock>${median}`]] as const) {
      observations.push(await list(client, threshold, false, name), await list(client, threshold, false, `${name} again`), await list(client, threshold, true, `${name}-nc`));
    }
    for (const [threshold, name] of [[-1, 'count'], [median, `count stock>${median}`]] as const) {
      observations.push(await count(client, threshold, false, name), await count(client, threshold, false, `${name} again`), await count(client, threshold, true, `${name}-nc`));
    }
  }
  return { s3, observations };
}
