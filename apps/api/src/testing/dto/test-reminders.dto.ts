export class QueuedJobDto {
  /** The id of the job queued. */
  jobId!: string;
}
