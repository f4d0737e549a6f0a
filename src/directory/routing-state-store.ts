// The port for routing's shared state, one member of every CustomerStore (`store.routingState`), so that every
// instance sharing the store routes as one: the round robin's turn, the conversations routed lately (for
// ROUTING_POOL=least_busy) and the identity each worker's own signed callbacks spell. Defined by
// test/stores/routing-state-store.test.ts, run on every store.

export interface RoutingStateStore {
  /** The pool's next turn, 0, 1, 2, ...: one atomic increment, so of two instances asking at once each gets its own. */
  nextTurn(pool: string): Promise<number>;
  /**
   * Records a routed conversation (a conversation routed twice, as a retried callback is, counts once) and prunes
   * the ones routed before `pruneBefore`, so the table holds one window of conversations and no more.
   */
  recordRouted(conversationSid: string, workerKey: string, pruneBefore: Date): Promise<void>;
  /** How many conversations each of these workers (workerKey) got since `since`; a worker with none is absent. */
  routedSince(workerKeys: readonly string[], since: Date): Promise<Map<string, number>>;
  /** Keeps the identity as a worker's own signed callback spelled it, under its workerKey. */
  rememberIdentity(identity: string): Promise<void>;
  /** The identity last seen in that worker's callbacks; null when none was. */
  knownIdentity(workerKey: string): Promise<string | null>;
}
