// What the page may ask the simulator to send: the four forms the Frontline app sends, never an arbitrary one, so
// the signing proxy signs only protocol requests. Every value is a string, as in the app's forms.
import Type, { type Static } from 'typebox';

const Text = Type.String({ minLength: 1, maxLength: 512 });

export const CallRequest = Type.Object(
  {
    operation: Type.Union([
      Type.Literal('list'),
      Type.Literal('details'),
      Type.Literal('outgoing'),
      Type.Literal('templates'),
    ]),
    worker: Text,
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    anchor: Type.Optional(Text),
    nextPageToken: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    query: Type.Optional(Text),
    customerId: Type.Optional(Text),
    channelType: Type.Optional(Type.Union([Type.Literal('sms'), Type.Literal('whatsapp')])),
    channelValue: Type.Optional(Text),
  },
  { additionalProperties: false },
);
export type CallRequest = Static<typeof CallRequest>;
