import { useCallback, useEffect, useRef, useState } from 'react';
import type { Args, ChangeTopic, JobInfo, OpName, Result } from '../../core/api/contract';
import { call, on } from './api';

export interface Query<T> {
  readonly data: T | undefined;
  readonly error: string | null;
  readonly loading: boolean;
  reload(): void;
}

/**
 * Calls a read operation and keeps its result fresh: it re-runs when its arguments change and whenever the
 * engine says one of `topics` changed (a scan adding people, a merge, a new model version...).
 */
export function useQuery<K extends OpName>(
  op: K,
  args: Args<K> | null,
  topics: readonly ChangeTopic[] = [],
): Query<Result<K>> {
  const [data, setData] = useState<Result<K>>();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const key = args === null ? null : JSON.stringify(args);
  const seq = useRef(0);
  const run = useCallback(() => {
    if (key === null) return;
    const mine = ++seq.current;
    setLoading(true);
    call(op, JSON.parse(key) as Args<K>).then(
      (value) => {
        if (mine !== seq.current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (mine !== seq.current) return;
        setError(err instanceof Error ? err.message : String(err));
        setLoading(false);
      },
    );
  }, [op, key]);
  useEffect(run, [run]);
  const topicKey = topics.join(',');
  useEffect(() => {
    if (!topicKey) return;
    const wanted = topicKey.split(',');
    return on('library.changed', ({ topics: changed }) => {
      if (changed.some((t) => wanted.includes(t))) run();
    });
  }, [topicKey, run]);
  return { data, error, loading, reload: run };
}

/** Every job the engine knows, kept live from `job` events. */
export function useJobs(): JobInfo[] {
  const [jobs, setJobs] = useState<Map<string, JobInfo>>(new Map());
  useEffect(() => {
    let alive = true;
    call('jobs.list', {}).then(
      (list) => alive && setJobs((old) => new Map([...list.map((j) => [j.id, j] as const), ...old])),
      () => undefined,
    );
    const off = on('job', (job) => setJobs((old) => new Map(old).set(job.id, job)));
    return () => {
      alive = false;
      off();
    };
  }, []);
  return [...jobs.values()].sort((a, b) => b.startedAt - a.startedAt);
}

/** The latest job of a kind (running or finished), if any. */
export function useJob(kind: JobInfo['kind'], id?: string | null): JobInfo | undefined {
  const jobs = useJobs();
  return id ? jobs.find((j) => j.id === id) : jobs.find((j) => j.kind === kind);
}

/** The current hash route, e.g. ['person', '12']. */
export function useRoute(): string[] {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onHash = () => setRoute(read());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

export function go(path: string): void {
  window.location.hash = '#/' + path;
}
