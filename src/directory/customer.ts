// The Customer object exactly as Frontline reads it, plus the assignment list that import and export carry.
export const CHANNEL_TYPES = ['sms', 'whatsapp', 'chat', 'email'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export interface Channel {
  type: ChannelType;
  value: string;
}

export interface Link {
  type: string;
  value: string;
  display_name: string;
}

export interface Details {
  title: string;
  content: string;
}

export interface Customer {
  customer_id: string;
  display_name: string;
  avatar?: string;
  channels?: Channel[];
  links?: Link[];
  details?: Details;
}

/** One line of an import file once validated and normalized; what export writes back. */
export interface CustomerRecord extends Customer {
  /** Worker identities as given (case kept for a lossless export); matched case-insensitively. */
  workers: string[];
}

/** What a list page shows of a customer: the only fields the list screen reads. */
export interface CustomerSummary {
  customer_id: string;
  display_name: string;
  avatar?: string;
}
