// CPU time of processes, from /proc (Linux): what a benchmark target spent
// serving, whatever share of a busy machine's cores it was given.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** USER_HZ: /proc/<pid>/stat counts CPU time in these ticks a second (100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

interface ProcessStat {
  parent: number;
  cpuSeconds: number;
}

function statOf(pid: number): ProcessStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ")".
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { parent: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return null; // gone
  }
}

/** The process ids of an embedded PostgreSQL: its postmaster and every backend and helper it started. */
export function postgresProcesses(dataDir: string): number[] {
  const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => statOf(pid)?.parent === postmaster);
  return [postmaster, ...children];
}

/** CPU seconds (user + system) each process still running has used so far. */
export function cpuSnapshot(pids: readonly number[]): Map<number, number> {
  const snapshot = new Map<number, number>();
  for (const pid of pids) {
    const stat = statOf(pid);
    if (stat) snapshot.set(pid, stat.cpuSeconds);
  }
  return snapshot;
}

/**
 * CPU seconds used between two snapshots by the processes running at the
 * second (one started between them counts from zero; one that ended between
 * them, such as a PostgreSQL autovacuum worker, is not counted).
 */
export function cpuSecondsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}
