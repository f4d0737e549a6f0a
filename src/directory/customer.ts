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

/**
 * Where a record came from when not from the CRM: `inbound`, created by this service from Frontline (a stranger's
 * first message, or a rep's CreateCustomer) and not yet adopted by the CRM. Absent for every other record.
 */
export const RECORD_SOURCES = ['inbound'] as const;
export type RecordSource = (typeof RECORD_SOURCES)[number];

/** One line of an import file once validated and normalized; what export writes back. */
export interface CustomerRecord extends Customer {
  /** Worker identities as given (case kept for a lossless export); matched case-insensitively. */
  workers: string[];
  /** Never shown to Frontline: the directory API, export and import carry it. */
  source?: RecordSource;
}

/** What a list page shows of a customer: the only fields the list screen reads. */
export interface CustomerSummary {
  customer_id: string;
  display_name: string;
  avatar?: string;
}
