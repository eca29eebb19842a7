/** Kinds of asynchronous operations the management API runs as jobs. */
export type JobType =
  | 'rebuild'
  | 'cleanup'
  | 'decommission'
  | 'move'
  | 'flush'
  | 'compaction'
  | 'scrub'
  | 'upgradesstables'
  | 'garbagecollect';

/** Job status strings as the management API reports them (cass-operator matches COMPLETED and ERROR). */
export type JobStatus = 'WAITING' | 'COMPLETED' | 'ERROR';

/** A job in a node's executor. */
export interface Job {
  readonly id: string;
  readonly type: JobType;
  status: JobStatus;
  readonly submitTime: number;
  /** When the job finishes; the simulator settles it lazily against its clock. */
  readonly dueAt: number;
  endTime: number | undefined;
  error: string | undefined;
  /** Runs when the job is due; returns an error message to fail the job. */
  readonly complete: () => string | undefined;
}

/** Read-only view of a job for assertions. */
export interface JobInfo {
  /** Job id, as returned by the submitting call. */
  readonly id: string;
  /** Operation. */
  readonly type: JobType;
  /** Current status. */
  readonly status: JobStatus;
  /** Simulated submission time (ms). */
  readonly submitTime: number;
  /** Simulated end time (ms) once finished. */
  readonly endTime: number | undefined;
  /** Cassandra's error message for an ERROR job. */
  readonly error: string | undefined;
  /** IP of the node that runs it. */
  readonly ip: string;
}

/** Settles a job whose time has come. */
export function settleJob(job: Job, now: number): void {
  if (job.status !== 'WAITING' || now < job.dueAt) return;
  const error = job.complete();
  job.endTime = now;
  if (error) {
    job.status = 'ERROR';
    job.error = error;
  } else {
    job.status = 'COMPLETED';
  }
}

/**
 * The JSON body of `GET ops/executor/job`. Times are strings because cass-operator decodes them
 * into string fields.
 */
export function jobToJson(job: Job): Record<string, string> {
  const out: Record<string, string> = {
    id: job.id,
    type: job.type,
    status: job.status,
    submit_time: String(job.submitTime),
  };
  if (job.endTime !== undefined) out.end_time = String(job.endTime);
  if (job.error !== undefined) out.error = job.error;
  return out;
}
