// A worker's profile: the names templates sign a message with (`frontline import-workers`). Matched to a request's
// Worker by workerKey (text-key.ts), as assignments are; every name is optional.
export interface WorkerProfile {
  /** The Frontline identity as given (case kept), usually the rep's SSO e-mail address. */
  identity: string;
  display_name?: string;
  first_name?: string;
  last_name?: string;
}
