// The Frontline app, played in a browser: sign in, My Customers (paged and searched as the app does), Customer
// details, Start a conversation, and the panel of every callback. Plain ES module, no build: the server signs and
// posts; this page only asks it for the app's four forms. Every value from the integration goes in as text.
const PAGE_SIZE = 30;
const DEBOUNCE_MS = 300;
const LOG_KEEP = 100;
const $ = (id) => document.getElementById(id);
const el = (tag, text, cls) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls !== undefined) node.className = cls;
  return node;
};
const state = {
  worker: '',
  query: '',
  token: undefined,
  gaveToken: false,
  last: undefined,
  ended: false,
  loading: false,
  seen: new Set(),
  generation: 0,
  customer: undefined,
};

async function call(body) {
  const response = await fetch('/api/call', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error?.message ?? `the simulator answered ${response.status}`);
  logCall(answer);
  return answer;
}

function logCall(record) {
  const { exchange, problems } = record;
  const item = el('li');
  item.dataset.operation = record.operation;
  const status =
    exchange.status === undefined
      ? exchange.failure === 'timeout'
        ? 'no answer (timeout)'
        : 'no answer (connection failed)'
      : `status ${exchange.status}`;
  const fails = problems.filter((p) => p.outcome === 'fail').length;
  const verdict =
    fails > 0 ? `FAIL: ${fails} problem${fails === 1 ? '' : 's'}` : problems.length > 0 ? 'WARN' : 'OK';
  const summary = el('summary');
  summary.append(
    el('span', `${verdict}`, `verdict ${fails > 0 ? 'fail' : problems.length > 0 ? 'warn' : 'ok'}`),
    ` ${record.form.Location} · ${status} · ${(exchange.bytes / 1024).toFixed(1)} KB of 64 KB · ${Math.round(exchange.ms)} ms of 6000 ms`,
  );
  const box = el('details');
  box.append(summary);
  if (problems.length > 0) {
    const list = el('ul', undefined, 'problems');
    for (const p of problems) list.append(el('li', `${p.outcome.toUpperCase()} ${p.name}: ${p.saw}`));
    box.append(list);
  }
  box.append(
    el('h3', `Form sent to ${record.url}`),
    el('pre', new URLSearchParams(record.form).toString().replaceAll('&', '\n')),
  );
  const json = exchange.json === undefined ? '(not JSON)' : JSON.stringify(exchange.json, null, 2);
  // A 4 MB answer would stall the page: the panel shows its start.
  box.append(
    el('h3', `Answer (${exchange.contentType || 'no content type'})`),
    el('pre', json.length > 20000 ? `${json.slice(0, 20000)}\n… (cut)` : json),
  );
  item.append(box);
  const list = $('calls');
  list.prepend(item);
  while (list.children.length > LOG_KEEP) list.lastElementChild.remove();
}

function initials(name) {
  // Letters first: "Łukasz Nowak 005" is ŁN, not Ł0; a name of digits only still gets its first.
  const words = name.trim().split(/\s+/);
  const lettered = words.filter((w) => /^\p{L}/u.test(w));
  const use = lettered.length > 0 ? lettered : words;
  return ((use[0]?.[0] ?? '?') + (use.length > 1 ? use.at(-1)[0] : '')).toUpperCase();
}

function avatar(customer) {
  const fallback = el('span', initials(customer.display_name), 'avatar');
  fallback.setAttribute('aria-hidden', 'true');
  if (typeof customer.avatar !== 'string' || customer.avatar === '') return fallback;
  const img = el('img', undefined, 'avatar');
  img.alt = '';
  img.loading = 'lazy';
  img.referrerPolicy = 'no-referrer';
  img.src = customer.avatar;
  img.addEventListener('error', () => img.replaceWith(fallback));
  return img;
}

// The console's "mask contact phone numbers": the last four digits of every phone address hidden.
function masked(value) {
  let left = 4;
  return [...value]
    .reverse()
    .map((c) => (/\d/.test(c) && left-- > 0 ? '•' : c))
    .reverse()
    .join('');
}
const isPhone = (channel) =>
  channel.type === 'sms' || channel.type === 'whatsapp' || /^\+?[\d\s().-]{7,}$/.test(channel.value);

function resetList() {
  state.generation += 1;
  Object.assign(state, {
    token: undefined,
    gaveToken: false,
    last: undefined,
    ended: false,
    loading: false,
    seen: new Set(),
  });
  $('list').replaceChildren();
  $('list-status').textContent = '';
}

async function loadNext() {
  if (state.loading || state.ended || state.worker === '') return;
  state.loading = true;
  const generation = state.generation;
  $('list-status').textContent = 'Loading…';
  const body = { operation: 'list', worker: state.worker, pageSize: PAGE_SIZE };
  if (state.query !== '') body.query = state.query;
  // As the app: the token while answers give one, else the last customer shown as Anchor.
  if (state.token !== undefined) body.nextPageToken = state.token;
  else if (state.last !== undefined && !state.gaveToken) body.anchor = state.last;
  try {
    const record = await call(body);
    if (generation !== state.generation) return;
    const objects = record.exchange.json?.objects;
    const customers = Array.isArray(objects?.customers) ? objects.customers : undefined;
    if (customers === undefined) {
      state.ended = true;
      $('list-status').textContent = 'The list could not be read: see the callbacks panel.';
      return;
    }
    if (state.query !== '')
      $('search-note').textContent =
        objects.searchable === true
          ? 'Searched by the integration (searchable: true).'
          : 'No searchable: true, so the app would filter the loaded list itself.';
    for (const customer of customers) {
      if (state.seen.has(customer.customer_id)) {
        $('list-status').textContent = `Customer ${customer.customer_id} came twice: the list repeats.`;
        state.ended = true;
        return;
      }
      state.seen.add(customer.customer_id);
      $('list').append(row(customer));
    }
    const token =
      typeof objects.next_page_token === 'string' && objects.next_page_token !== ''
        ? objects.next_page_token
        : undefined;
    if (token !== undefined) state.gaveToken = true;
    state.token = token;
    state.last = customers.at(-1)?.customer_id ?? state.last;
    state.ended = state.gaveToken ? token === undefined : customers.length === 0;
    $('list-status').textContent = state.ended
      ? `End of list: ${state.seen.size} customers.`
      : `${state.seen.size} customers so far; scroll for more.`;
  } catch (error) {
    state.ended = true;
    $('list-status').textContent = `Error: ${error.message}`;
  } finally {
    if (generation === state.generation) state.loading = false;
  }
  if (!state.ended && nearEnd()) loadNext();
}

function nearEnd() {
  return $('list-status').getBoundingClientRect().top < window.innerHeight + 200 && !$('customers').hidden;
}

function row(customer) {
  const item = el('li');
  const button = el('button');
  button.type = 'button';
  button.append(avatar(customer), el('span', customer.display_name, 'name'));
  button.addEventListener('click', () => openDetails(customer.customer_id));
  item.append(button);
  return item;
}

function show(section) {
  for (const id of ['signin', 'customers', 'details']) $(id).hidden = id !== section;
}

async function openDetails(customerId) {
  show('details');
  $('details-name').textContent = 'Loading…';
  $('conversation').hidden = true;
  $('channels').replaceChildren();
  $('links').replaceChildren();
  $('details-block').replaceChildren();
  $('details-avatar').replaceChildren();
  const record = await call({ operation: 'details', worker: state.worker, customerId }).catch((error) => ({
    error,
  }));
  const customer = record.exchange?.json?.objects?.customer;
  if (customer === undefined || typeof customer !== 'object') {
    $('details-name').textContent = record.error
      ? `Error: ${record.error.message}`
      : 'No customer in the answer: see the callbacks panel.';
    return;
  }
  state.customer = customer;
  $('details-name').textContent = customer.display_name;
  $('details-avatar').replaceChildren(avatar(customer));
  renderChannels();
  for (const link of Array.isArray(customer.links) ? customer.links : []) {
    const item = el('li');
    const a = el('a', `${link.display_name ?? link.type} (${link.type})`);
    if (/^(https|mailto):/.test(link.value)) a.href = link.value;
    a.rel = 'noreferrer noopener';
    a.target = '_blank';
    item.append(a, el('span', ` ${link.value}`, 'small'));
    $('links').append(item);
  }
  if (!Array.isArray(customer.links) || customer.links.length === 0) $('links').append(el('li', 'None'));
  if (customer.details && typeof customer.details === 'object')
    $('details-block').append(
      el('h3', customer.details.title ?? 'Details'),
      el('pre', customer.details.content ?? ''),
    );
  $('back').focus();
}

function renderChannels() {
  const customer = state.customer;
  const list = $('channels');
  list.replaceChildren();
  const channels = Array.isArray(customer.channels) ? customer.channels : [];
  if (channels.length === 0) list.append(el('li', 'None'));
  for (const channel of channels) {
    const item = el('li');
    const shown = $('mask').checked && isPhone(channel) ? masked(channel.value) : channel.value;
    item.append(el('strong', `${channel.type}: `), el('span', shown, 'address'));
    if (channel.type === 'sms' || channel.type === 'whatsapp') {
      const start = el('button', `Start conversation by ${channel.type}`);
      start.type = 'button';
      start.addEventListener('click', () => startConversation(channel));
      item.append(' ', start);
    }
    list.append(item);
  }
}

async function startConversation(channel) {
  $('conversation').hidden = false;
  $('templates').replaceChildren();
  $('proxy').textContent = 'Asking the outgoing callback…';
  try {
    const record = await call({
      operation: 'outgoing',
      worker: state.worker,
      customerId: state.customer.customer_id,
      channelType: channel.type,
      channelValue: channel.value,
    });
    const proxy = record.exchange.json?.proxy_address;
    $('proxy').textContent =
      typeof proxy === 'string'
        ? `From ${proxy} (the proxy address) to the customer by ${channel.type}`
        : `No proxy_address: status ${record.exchange.status ?? 'none'}`;
  } catch (error) {
    $('proxy').textContent = `Error: ${error.message}`;
  }
  $('open-templates').focus();
}

async function openTemplates() {
  const box = $('templates');
  box.replaceChildren(el('p', 'Asking the templates callback…'));
  try {
    const record = await call({
      operation: 'templates',
      worker: state.worker,
      customerId: state.customer.customer_id,
    });
    const categories = Array.isArray(record.exchange.json) ? record.exchange.json : [];
    box.replaceChildren();
    if (categories.length === 0) box.append(el('p', 'No template offered.'));
    for (const category of categories) {
      box.append(el('h3', category.display_name));
      for (const template of Array.isArray(category.templates) ? category.templates : []) {
        const item = el('div', undefined, 'template');
        item.append(el('p', template.content));
        if (template.whatsAppApproved === true) item.append(el('p', 'WhatsApp approved', 'small'));
        if (/\{\{.*?\}\}/.test(template.content)) item.append(el('p', 'Placeholder left unfilled', 'small'));
        box.append(item);
      }
    }
  } catch (error) {
    box.replaceChildren(el('p', `Error: ${error.message}`));
  }
}

async function loadWorkers(from) {
  const response = await fetch(`/api/workers?from=${encodeURIComponent(from)}`);
  if (response.status === 404) {
    $('workers-note').textContent = 'Type the identity a rep signs in with.';
    return;
  }
  const { workers } = await response.json();
  $('workers').replaceChildren(...workers.map((w) => Object.assign(el('option'), { value: w })));
  $('workers-note').textContent =
    workers.length > 0
      ? `Workers in the directory: ${workers.slice(0, 5).join(', ')}${workers.length > 5 ? ', …' : ''}`
      : 'No worker in the directory from there.';
}

async function start() {
  const target = await (await fetch('/api/target')).json();
  $('target').textContent = `Target: ${target.crmUrl}${target.directory ? ' (this service)' : ''}`;
  if (target.directory) loadWorkers('');
  let pickTimer;
  $('worker').addEventListener('input', () => {
    clearTimeout(pickTimer);
    if (target.directory) pickTimer = setTimeout(() => loadWorkers($('worker').value), DEBOUNCE_MS);
  });
  $('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    state.worker = $('worker').value.trim();
    state.query = '';
    $('search').value = '';
    $('signed-in').textContent = `Signed in as ${state.worker}`;
    show('customers');
    resetList();
    loadNext();
    $('search').focus();
  });
  $('signout').addEventListener('click', () => {
    state.worker = '';
    resetList();
    show('signin');
    $('worker').focus();
  });
  let searchTimer;
  $('search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    // Debounced as a person types: one request when they pause, not one a key.
    searchTimer = setTimeout(() => {
      state.query = $('search').value.trim();
      $('search-note').textContent = '';
      resetList();
      loadNext();
    }, DEBOUNCE_MS);
  });
  $('back').addEventListener('click', () => {
    show('customers');
    $('search').focus();
  });
  $('mask').addEventListener('change', () => state.customer && renderChannels());
  $('open-templates').addEventListener('click', openTemplates);
  new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadNext(), {
    rootMargin: '200px',
  }).observe($('list-status'));
}

start();
