// A synthetic but realistic customer book for demos, tests and benchmarks. Deterministic for a seed, so a benchmark
// or a bug report can be reproduced; every record is already normalized (normalizeRecord returns it unchanged).
import type { Channel, CustomerRecord, Link } from '../directory/customer.ts';
import { fold } from '../directory/text-key.ts';
import type { WorkerProfile } from '../directory/worker.ts';

export interface DemoOptions {
  customers: number;
  workers: number;
  /** The same seed yields the same book; default 1. */
  seed?: number;
}

// Names from many languages, chosen for the folding they exercise in search and sort (ë, ø, ł, æ, ß, ı, þ, đ...).
const FIRST_NAMES =
  names(`Zoë José François Łukasz Søren Chloé Renée Björn Ingrid Aoife Siobhán Małgorzata Jiří
  Þóra Ægir Noémie Inès Gaël Maëlle Çağla Şebnem Ömer Ayşe Mei Hiroshi Yuki Minh Thảo Priya Aarav Ananya Oluwaseun
  Chidi Amara Kwame Fatima Youssef Leïla Mateo Sofía Lucía Joaquín Ximena João Giulia Niccolò Dmitri Katarzyna
  Mikuláš Bartosz Åsa Jörg Grete Matthias Emma Liam Olivia Noah Mary James Seán Nora Elena Hannah David Sarah
  Michael Ava Ethan Mia Anh Đức Zoltán Réka Gustavo Anaïs Jürgen Ólöf Eoin Tomás Heiðrún Mārtiņš Dóra Ewa`);
const LAST_NAMES =
  names(`Müller O'Brien Nguyễn Dvořák Ólafsdóttir Ærøe Søndergaard Łukaszewicz Wójcik Kowalski
  Nowak García Martínez Hernández Peña Gonçalves Ferreira Rossi Esposito Dubois Lefèvre Bérubé Côté Schäfer Weiß
  Groß Strauß Öztürk Yılmaz Çelik Şahin Đặng Trần Lê Phạm Kim Park Tanaka Satō Suzuki Zhang Wang Patel Sharma Singh
  Okafor Adeyemi Mensah Haddad Cohen Levi Ivanov Novák Horváth Kovačević Jovanović Papadopoulos Smith Johnson
  Williams Brown Jones Miller Davis Wilson Anderson Taylor Moore Jackson White Harris Thompson Young King Wright
  MacDonald McAllister Fitzgerald Þórsson Jørgensen Åberg Lindqvist Häkkinen Virtanen O'Connor D'Angelo Sánchez`);
// Real area codes; the exchange is 555 (mostly unassigned) so that a demo cannot text a stranger by mistake.
const AREA_CODES = words(`201 202 203 205 206 207 208 210 212 213 214 215 216 217 218 219 224 225 228 229 231
  234 239 240 248 251 252 253 254 256 260 262 267 269 270 276 281 301 302 303 304 305 307 308 309 310 312 313 314
  315 316 317 318 319 320 321 323 325 330 334 336 337 339 347 351 352 360 361 385 386 401 402 404 405 406 407 408
  409 410 412 413 414 415 417 419 423 424 425 432 434 435 440 443 469 470 478 479 480 484 501 502 503 504 505 507
  508 509 510 512 513 515 516 517 518 520 530 540 541 551 559 561 562 563 567 570 571 573 574 575 580 585 586 601
  602 603 605 606 607 608 609 610 612 614 615 616 617 618 619 620 623 626 630 631 636 641 646 650 651 657 660 661
  662 678 682 701 702 703 704 706 707 708 712 713 714 715 716 717 718 719 720 724 727 731 732 734 740 754 757 760
  763 765 770 772 773 774 775 781 785 786 801 802 803 804 805 806 808 810 812 813 814 815 816 817 818 828 830 831
  832 843 845 847 848 850 856 857 858 859 860 862 863 864 865 870 901 903 904 906 907 908 909 910 912 913 914 915
  916 917 918 919 920 925 928 931 936 937 940 941 949 951 952 954 956 970 971 972 973 978 979 980 985 989`);
const COMPANIES = names(
  `Acme Globex Initech Umbrella Hooli Stark Wayne Tyrell Cyberdyne Soylent Vandelay Wonka`,
);
const CITIES =
  words(`Lyon Kraków Reykjavík København Zürich Málaga São_Paulo Hà_Nội Montréal Düsseldorf Austin
  Dublin Osaka Lagos Nairobi Chicago Seattle Toronto Manchester Porto`).map((city) => city.replace('_', ' '));
const TIERS = ['Bronze', 'Silver', 'Gold', 'Platinum'];
const NOTES = [
  'Prefers WhatsApp after 6 pm.',
  'Renewal due next quarter.',
  'Asked for a callback about pricing.',
];

interface Name {
  text: string;
  /** The name as an e-mail local part: folded, letters and digits only. */
  ascii: string;
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

function names(text: string): Name[] {
  return words(text).map((name) => ({ text: name, ascii: fold(name).replace(/\W/g, '') }));
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

export function* demoRecords(options: DemoOptions): Generator<CustomerRecord> {
  checkCount('customers', options.customers);
  checkCount('workers', options.workers);
  const random = mulberry32(options.seed ?? 1);
  const identities = Array.from({ length: options.workers }, (_, index) => workerIdentity(index));
  for (let index = 0; index < options.customers; index++) yield demoCustomer(index, random, identities);
}

function demoCustomer(index: number, random: () => number, identities: readonly string[]): CustomerRecord {
  const id = `C${String(index + 1).padStart(7, '0')}`;
  const first = pick(random, FIRST_NAMES);
  const last = pick(random, LAST_NAMES);
  const company = pick(random, COMPANIES);
  // The first customer has every kind of field, so even a tiny book shows them all.
  const all = index === 0;
  const record = { customer_id: id, display_name: `${first.text} ${last.text}` } as CustomerRecord;
  if (all || random() < 0.3) record.avatar = `https://avatars.example.com/${id}.png`;

  const mobile = mobileNumber(index);
  const sms = all || random() < 0.85;
  const channels: Channel[] = sms ? [{ type: 'sms', value: mobile }] : [];
  if (all || !sms || random() < 0.35) channels.push({ type: 'whatsapp', value: `whatsapp:${mobile}` });
  const links: Link[] = [
    { type: 'CRM', value: `https://crm.example.com/customers/${id}`, display_name: 'Open in CRM' },
  ];
  if (all || random() < 0.7) {
    const local = pick(random, [
      `${first.ascii}.${last.ascii}`,
      `${first.ascii}${last.ascii}`,
      `${first.ascii}_${last.ascii}`,
    ]);
    const email = `${local}${random() < 0.3 ? Math.floor(random() * 100) : ''}@${company.ascii}.example`;
    channels.push({ type: 'email', value: email });
    links.push({ type: 'Email', value: `mailto:${email}`, display_name: `Write to ${first.text}` });
  }
  if (all || random() < 0.08) channels.push({ type: 'chat', value: `web-${id}` });
  record.channels = channels;
  record.links = links;

  const lines = [`Company: ${company.text}`, `City: ${pick(random, CITIES)}`, `Tier: ${pick(random, TIERS)}`];
  lines.push(`Customer since ${2010 + Math.floor(random() * 15)}`);
  if (random() < 0.25) lines.push(pick(random, NOTES));
  record.details = { title: `${company.text} account`, content: lines.join('\n') };
  record.workers = assignedWorkers(random, identities);
  return record;
}

/**
 * Unique per customer index: 80% +1 (NPA-555-XXXX), 10% +44 mobiles, 5% +49, 5% +33. Each country's share of
 * indexes is numbered 0, 1, 2...; digits(n, k) shuffles those numbers (a bijection on k digits), so no two
 * customers share a number and neighbours do not get consecutive ones.
 */
function mobileNumber(index: number): string {
  const slot = index % 20;
  const round = Math.floor(index / 20);
  if (slot < 16) {
    const n = round * 16 + slot;
    const line = Math.floor(n / AREA_CODES.length);
    const area = AREA_CODES[n % AREA_CODES.length];
    return `+1${area}${555 + Math.floor(line / 10_000)}${digits(line % 10_000, 4)}`;
  }
  if (slot < 18) return `+4477${digits(round * 2 + slot - 16, 8)}`;
  return `${slot === 18 ? '+49151' : '+336'}${digits(round, 8)}`;
}

// Multiplying by a number prime to 10 permutes the residues modulo 10^k.
function digits(n: number, k: number): string {
  const modulus = 10 ** k;
  return String(((n % modulus) * 7919 + 4321) % modulus).padStart(k, '0');
}

/** 75% of customers have one worker, 20% two, 5% three: shared books are what scoping must get right. */
function assignedWorkers(random: () => number, identities: readonly string[]): string[] {
  const roll = random();
  const count = Math.min(roll < 0.75 ? 1 : roll < 0.95 ? 2 : 3, identities.length);
  const chosen: string[] = [];
  while (chosen.length < count) {
    const identity = identities[Math.floor(random() * identities.length)] as string;
    if (!chosen.includes(identity)) chosen.push(identity);
  }
  return chosen;
}

const NAMED_WORKERS = ['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com'];
const NAMED_WORKER_NAMES = [
  ['Alice', 'Smith'],
  ['Bob', 'Okafor'],
  ['Carol', 'Nguyen'],
  ['Dave', 'Kowalski'],
];

function workerIdentity(index: number): string {
  return NAMED_WORKERS[index] ?? `rep${String(index + 1).padStart(5, '0')}@example.com`;
}

/** Profiles for the workers of demoRecords({ workers: count }): names to sign templates with (import-workers). */
export function demoWorkers(count: number, seed = 1): WorkerProfile[] {
  checkCount('workers', count);
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, index) => {
    const [first, last] = NAMED_WORKER_NAMES[index] ?? [
      pick(random, FIRST_NAMES).text,
      pick(random, LAST_NAMES).text,
    ];
    return {
      identity: workerIdentity(index),
      display_name: `${first} ${last}`,
      first_name: first,
      last_name: last,
    };
  });
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0`);
}

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG; Math.random cannot be seeded. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
