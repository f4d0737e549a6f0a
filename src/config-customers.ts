// Who may add customers besides the CRM (docs/other-callbacks.md, "Customers created from Frontline"): an inbound
// conversation from an address nobody has (UNKNOWN_CUSTOMERS), and a rep through the CRM callback's CreateCustomer
// location (CRM_ALLOW_CREATE). Both are off by default: the book stays the CRM's alone, as before.
import { boolean, type Env, oneOf } from './config-values.ts';

export const UNKNOWN_CUSTOMER_MODES = ['ignore', 'create'] as const;
export type UnknownCustomerMode = (typeof UNKNOWN_CUSTOMER_MODES)[number];

export interface CustomerCreationSettings {
  /** UNKNOWN_CUSTOMERS, default ignore: create: a stranger's first conversation creates their customer. */
  unknownCustomers: UnknownCustomerMode;
  /** CRM_ALLOW_CREATE, default false: the CRM callback accepts Location=CreateCustomer. */
  crmAllowCreate: boolean;
}

export function customerCreationSettings(env: Env): CustomerCreationSettings {
  return {
    unknownCustomers: oneOf(env, 'UNKNOWN_CUSTOMERS', UNKNOWN_CUSTOMER_MODES, 'ignore'),
    crmAllowCreate: boolean(env, 'CRM_ALLOW_CREATE', false),
  };
}
