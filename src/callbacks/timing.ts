// How long the callbacks may take. Twilio stops waiting after a fixed time that cannot be raised (5 s for a
// Conversations webhook, 10 s for custom routing); these leave a margin for the network on the way back.
// Tests shorten them through AppDeps.timing.

export interface Timing {
  /** Conversations webhooks, retries included. */
  webhookBudgetMs: number;
  /** Custom routing, retries included. */
  routingBudgetMs: number;
  /** A customer lookup by address: onConversationAdd holds up the creation of the conversation while it runs. */
  lookupTimeoutMs: number;
  /** The first pause between Conversations API attempts; each next one doubles, up to maxRetryDelayMs. */
  firstRetryDelayMs: number;
  maxRetryDelayMs: number;
  /** One Frontline API availability call: past it, routing goes on without availability. */
  availabilityTimeoutMs: number;
}

export const DEFAULT_TIMING: Readonly<Timing> = Object.freeze({
  webhookBudgetMs: 4000,
  routingBudgetMs: 8500,
  lookupTimeoutMs: 1500,
  firstRetryDelayMs: 250,
  maxRetryDelayMs: 1500,
  availabilityTimeoutMs: 1000,
});
