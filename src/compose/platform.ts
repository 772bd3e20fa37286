// What the composition root keeps of each platform it started: how to stop it, how to tell it is
// connected (for /readyz), and, for Discord shards in child processes, how to reach their metrics.
export interface RunningPlatform {
  name: 'slack' | 'discord';
  connected(): boolean;
  stop(): Promise<void>;
  /** Metrics snapshots of child processes (Discord shards), merged into this process's /metrics. */
  childMetrics?(): Promise<unknown[]>;
}
