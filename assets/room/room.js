// cocreate: a group's page in the workshop room. It shows the group's own desirability ×
// ambition grid and the commitments, and sends each change to the facilitator's laptop as
// one numbered edit: in order, one at a time, kept in localStorage until the server has it,
// so a dropped connection or a reload loses nothing and the server applies each edit once
// (an edit it already has answers "duplicate").
//
// Every text from the server goes in with textContent or setAttribute, never as markup.
// No framework, no build step, nothing fetched from anywhere else (see the page's CSP).
'use strict';

(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const CRITERIA =
    'Desirability — the commitment 1) has a tangible impact on Ontarians 2) advances my work / the open-government movement 3) enables more meaningful public participation';
  // The session's ambition scale, low to high (level i sits at ambition i): the state says
  // which; the IRM's 2016 scale until it has.
  let LEVELS = ['none', 'minor', 'moderate', 'transformative'];
  const topLevel = () => LEVELS.length - 1;
  // The middle of "minor", as the window's Place.
  const DEFAULT_SPOT = { desirability: 5, ambition: 1 };
  // Arrow keys: [ambition, desirability] steps, and the fine ones with Shift.
  const STEP = { ambition: 0.25, desirability: 0.5 };
  const FINE = { ambition: 0.05, desirability: 0.1 };
  const NOTE_DELAY = 800; // ms of quiet typing before a reason is sent
  const NOTE_MAX = 2000;
  const REQUEST_TIMEOUT = 15000; // the server answers an edit within 5 s, or says "retry"
  const BEAT_EVERY = 2000;
  const BEAT_FRESH = 6000;

  // ---------------------------------------------------------------- the link and storage

  // The page is served at /g/{token}; the token is the group's link.
  const token = decodeURIComponent(location.pathname.split('/')[2] || '');
  const api = (what) => '/api/' + encodeURIComponent(token) + '/' + what;

  // localStorage where the browser allows it; memory otherwise (then a reload forgets).
  const memory = new Map();
  const store = {
    get(key) {
      if (memory.has(key)) return memory.get(key);
      try {
        return localStorage.getItem(key);
      } catch (_) {
        return null;
      }
    },
    set(key, value) {
      memory.set(key, value);
      try {
        localStorage.setItem(key, value);
      } catch (_) {
        // private mode or full: memory only
      }
    },
    remove(key) {
      memory.delete(key);
      try {
        localStorage.removeItem(key);
      } catch (_) {
        // nothing to remove
      }
    },
    keys() {
      try {
        return Object.keys(localStorage);
      } catch (_) {
        return [];
      }
    },
    // What another tab wrote: never from this page's memory.
    shared(key) {
      try {
        return localStorage.getItem(key);
      } catch (_) {
        return null;
      }
    },
  };

  function randomHex(bytes) {
    const a = new Uint8Array(bytes);
    crypto.getRandomValues(a);
    return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  // The device's id (128 random bits) and its numbered edits, per group link. One id is used
  // by one open page at a time: two tabs numbering edits under one id would make one tab's
  // edit look like a duplicate of the other's. A page says it is alive every 2 s; a new page
  // takes over an id nobody is using (preferring one with edits still to send, so a reload
  // or a reopened tab sends them), else makes a new one.
  const PAGE = randomHex(8);
  const recordPrefix = 'cocreate:room:' + token + ':';
  const beatKey = (id) => 'cocreate:beat:' + id;

  function beatOf(id) {
    try {
      const beat = JSON.parse(store.shared(beatKey(id)) || 'null');
      return beat && typeof beat.at === 'number' ? beat : null;
    } catch (_) {
      return null;
    }
  }
  const aliveElsewhere = (id) => {
    const beat = beatOf(id);
    return !!beat && beat.page !== PAGE && Math.abs(Date.now() - beat.at) < BEAT_FRESH;
  };

  function readRecord(id) {
    try {
      const r = JSON.parse(store.get(recordPrefix + id) || 'null');
      if (r && Number.isSafeInteger(r.seq) && Array.isArray(r.queue)) return r;
    } catch (_) {
      // unreadable: start again
    }
    return { seq: 0, queue: [] };
  }

  const unsentIn = (q) => q.filter((e) => e && !e.sent).length;

  function claimDevice() {
    const free = store
      .keys()
      .filter((k) => k.startsWith(recordPrefix))
      .map((k) => k.slice(recordPrefix.length))
      .filter((id) => /^[0-9a-f]{32}$/.test(id) && !aliveElsewhere(id))
      .map((id) => ({ id, record: readRecord(id) }))
      .sort((x, y) => unsentIn(y.record.queue) - unsentIn(x.record.queue));
    const mine = free.length ? free[0] : { id: randomHex(16), record: { seq: 0, queue: [] } };
    // Ids left over with nothing to send are forgotten.
    for (const other of free.slice(1)) {
      if (!unsentIn(other.record.queue)) store.remove(recordPrefix + other.id);
    }
    return mine;
  }

  let { id: client, record } = claimDevice();
  let seq = record.seq;
  // The edits not yet in a state from the server, in order: those to send, and those sent
  // (`sent`) that the server has but whose new state has not arrived yet, so the page never
  // shows a point jump back in between.
  let queue = record.queue.filter(
    (e) => e && e.client === client && Number.isSafeInteger(e.seq) && e.seq <= seq,
  );

  function persist() {
    store.set(recordPrefix + client, JSON.stringify({ seq, queue }));
  }

  // Another page has taken this id over while this one slept (a background tab's timers
  // are slowed down): its edits went with the id, and this page goes on with a new one.
  // Checked before every edit and every request, not only at the next beat.
  function keepOwnId() {
    if (!aliveElsewhere(client)) return;
    client = randomHex(16);
    seq = 0;
    queue = [];
    inflight = null;
    lastApplied = 0;
    beat();
  }

  function beat() {
    keepOwnId();
    store.set(beatKey(client), JSON.stringify({ page: PAGE, at: Date.now() }));
    persist();
  }

  // ---------------------------------------------------------------------------- state

  let server = null; // the last state the server sent
  let text = {};
  let chosen = null; // the commitment the group is working on
  let drag = null; // a point being dragged: { id, pointer, dx, dy, moved, d, a }
  let inflight = null; // the edit being sent
  let retryTimer = null;
  let fails = 0; // edits that failed in a row
  let failing = false; // an edit is waiting for the connection
  let eventsUp = false; // the live stream is open
  let eventsTried = false; // it has been tried once
  let eventsFails = 0;
  let events = null;
  let lastApplied = 0; // the last edit of this device that the server's state includes
  let invalid = false; // the link or this device was refused: stop
  let refusedLocked = false; // an edit was answered 423, and no state has come since
  let streamed = 0; // states received from the live stream
  let saved = false; // something was sent this session
  let noteTimer = null;
  let noteFor = null; // the commitment the reason box holds

  const $ = (id) => document.getElementById(id);
  const el = {
    top: $('top'),
    groupName: $('group-name'),
    workshop: $('workshop-name'),
    progress: $('progress'),
    status: $('save-status'),
    banner: $('banner'),
    main: $('main'),
    criteria: $('criteria'),
    hint: $('hint'),
    wrap: $('grid-wrap'),
    svg: $('grid'),
    trayTitle: $('tray-title'),
    list: $('list'),
  };

  // A text of the page in the room's language: the server sends them keyed by the English
  // text; a missing one shows in English. %{name} placeholders are filled in.
  function t(key, values) {
    const s = Object.prototype.hasOwnProperty.call(text, key) ? String(text[key]) : key;
    if (!values) return s;
    return s.replace(/%\{(\w+)\}/g, (m, name) =>
      Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m,
    );
  }

  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  // What is sent: desirability to 0.1 in 0–10, ambition to 0.05 in 0–3.
  const roundD = (d) => clamp(Math.round(d * 10) / 10, 0, 10);
  const roundA = (a) => clamp(Math.round(a * 20) / 20, 0, topLevel());
  const levelOf = (a) => LEVELS[clamp(Math.round(a), 0, topLevel())];
  const isLocked = () => invalid || !!(server && server.locked) || refusedLocked;

  function commitments() {
    return server && Array.isArray(server.commitments) ? server.commitments : [];
  }
  function commitmentOf(id) {
    return commitments().find((c) => String(c.id) === id) || null;
  }

  // The group's placements as the server has them, with this page's unsent edits on top.
  function placements() {
    const m = new Map();
    for (const p of (server && server.placements) || []) {
      m.set(String(p.commitment), {
        d: Number(p.desirability),
        a: Number(p.ambition),
        note: p.note ? String(p.note) : '',
      });
    }
    for (const e of queue) {
      const p = m.get(e.commitment);
      if (e.op === 'place') {
        m.set(e.commitment, { d: e.desirability, a: e.ambition, note: p ? p.note : '' });
      } else if (e.op === 'unplace') {
        m.delete(e.commitment);
      } else if (e.op === 'note' && p) {
        p.note = e.note;
      }
    }
    if (drag && drag.moved) {
      const p = m.get(drag.id);
      m.set(drag.id, { d: drag.d, a: drag.a, note: p ? p.note : '' });
    }
    return m;
  }

  // ---------------------------------------------------------------- sending the edits

  // Queues an edit and sends it when its turn comes. An unsent edit of the same kind on the
  // same commitment is updated rather than followed by another: a burst of arrow keys or of
  // typing is one request.
  function edit(op, commitment, fields) {
    if (isLocked()) return;
    keepOwnId();
    const last = queue[queue.length - 1];
    if (last && !last.sent && last !== inflight && last.op === op && last.commitment === commitment && op !== 'unplace') {
      Object.assign(last, fields);
    } else {
      seq += 1;
      queue.push(Object.assign({ client, seq, op, commitment }, fields));
    }
    persist();
    render();
    send();
  }

  async function request(url, options) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT);
    try {
      return await fetch(url, Object.assign({ cache: 'no-store', signal: abort.signal }, options));
    } finally {
      clearTimeout(timer);
    }
  }

  function forget(e) {
    queue = queue.filter((x) => x.seq !== e.seq);
    persist();
  }

  // Edits the server's state already includes are done with (their answer may have been
  // lost: they are not sent again).
  function prune() {
    const before = queue.length;
    queue = queue.filter((e) => e.seq > lastApplied || e === inflight);
    if (queue.length !== before) persist();
  }

  const unsent = () => queue.filter((e) => !e.sent);

  async function send() {
    if (inflight || retryTimer || invalid) return;
    keepOwnId();
    const e = queue.find((x) => !x.sent);
    if (!e) return;
    inflight = e;
    let status = 0;
    try {
      const body = { client: e.client, seq: e.seq, op: e.op, commitment: e.commitment };
      if (e.op === 'place') Object.assign(body, { desirability: e.desirability, ambition: e.ambition });
      if (e.op === 'note') body.note = e.note;
      const res = await request(api('edit'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      status = res.status;
    } catch (_) {
      status = 0; // no connection, or no answer in time
    }
    if (inflight !== e) return; // this page's id was taken over meanwhile
    inflight = null;
    if (status === 200) {
      // Applied now, or already before (a duplicate): either way the server has it. It is
      // drawn until the state that includes it arrives.
      e.sent = true;
      persist();
      prune();
      fails = 0;
      failing = false;
      saved = true;
    } else if (status === 401) {
      stop();
      return;
    } else if (status === 423) {
      // Locked: nothing is kept to send later; the state shows the placements as they are.
      queue = queue.filter((x) => x.sent);
      persist();
      refusedLocked = true;
      failing = false;
      fails = 0;
    } else if (status >= 400 && status < 500 && status !== 408 && status !== 413 && status !== 429) {
      forget(e); // a request the server will never take
      failing = false;
    } else {
      // 408, 413, 429, 5xx, no connection: keep it and try again, waiting longer each time.
      fails += 1;
      failing = true;
      const wait = Math.min(1000 * 2 ** (fails - 1), 10000);
      retryTimer = setTimeout(() => {
        retryTimer = null;
        send();
      }, wait);
    }
    render();
    send();
  }

  // The connection is back: send what waits now, not at the end of the back-off.
  function retryNow() {
    if (retryTimer) {
      clearTimeout(retryTimer);
      retryTimer = null;
    }
    send();
  }

  // The link or this device was refused: nothing more is sent or shown. What was not sent
  // stays in this browser's storage (never deleted here): if the facilitator opens the room
  // again with the same link, a reload sends it.
  function stop() {
    invalid = true;
    inflight = null;
    if (events) events.close();
    if (retryTimer) clearTimeout(retryTimer);
    clearTimeout(noteTimer);
    render();
  }

  // ---------------------------------------------------------------- receiving the state

  // A state from the server. Its `version` is the document's generation, which goes back
  // on the facilitator's undo: states are taken in the order the stream sends them, and a
  // state fetched on its own only when the stream sent nothing newer meanwhile.
  function receive(s) {
    if (!s || typeof s !== 'object' || invalid) return;
    if (s.error) {
      stop();
      return;
    }
    server = s;
    text = s.text && typeof s.text === 'object' ? s.text : {};
    if (Array.isArray(s.levels) && s.levels.length >= 2 && s.levels.every((l) => typeof l === 'string')) {
      LEVELS = s.levels.slice();
    }
    refusedLocked = false;
    // Edits the server already has (their answer was lost) are not sent again, and new ones
    // are numbered after them (this page's storage may have been cleared).
    lastApplied = Number((s.last_seq || {})[client]) || 0;
    if (lastApplied > seq) seq = lastApplied;
    prune();
    if (chosen && !commitmentOf(chosen)) chosen = null;
    render();
    send();
  }

  async function load() {
    const before = streamed;
    try {
      const res = await request(api('state'));
      if (res.status === 401) {
        stop();
        return;
      }
      if (res.ok) {
        const s = await res.json();
        if (streamed === before) receive(s);
      }
    } catch (_) {
      // offline: the stream below tries again
    }
    listen();
  }

  function listen() {
    if (invalid) return;
    const es = new EventSource(api('events'));
    events = es;
    es.addEventListener('open', () => {
      eventsUp = true;
      eventsTried = true;
      eventsFails = 0;
      fails = 0;
      render();
      retryNow();
    });
    es.addEventListener('state', (ev) => {
      let s = null;
      try {
        s = JSON.parse(ev.data);
      } catch (_) {
        return;
      }
      streamed += 1;
      receive(s);
    });
    es.addEventListener('error', () => {
      eventsUp = false;
      eventsTried = true;
      render();
      // EventSource reconnects by itself, except after a refusal (its readyState is then
      // CLOSED): ask the state why, then listen again, waiting longer each time.
      if (es.readyState === EventSource.CLOSED && events === es) {
        es.close();
        eventsFails += 1;
        setTimeout(load, Math.min(1000 * 2 ** (eventsFails - 1), 10000));
      }
    });
  }

  // ---------------------------------------------------------------------- drawing

  function node(tag, cls, content) {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (content !== undefined) n.textContent = content;
    return n;
  }
  function svgNode(tag, attrs, content) {
    const n = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, String(v));
    if (content !== undefined) n.textContent = content;
    return n;
  }
  function setText(n, s) {
    if (n.textContent !== s) n.textContent = s;
  }

  function render() {
    document.documentElement.lang = (server && server.lang) || document.documentElement.lang;
    renderBanner();
    if (invalid || !server) {
      el.main.hidden = true;
      el.top.hidden = true;
      return;
    }
    el.main.hidden = false;
    el.top.hidden = false;
    const placed = placements();
    const group = (server.group && server.group.name) || '';
    setText(el.groupName, group);
    setText(el.workshop, server.workshop || '');
    document.title = group ? group + ' · cocreate' : 'cocreate';
    setText(el.progress, t('%{placed}/%{total} placed', { placed: placed.size, total: commitments().length }));
    setText(el.status, unsent().length ? t('Sending…') : saved ? t('Saved') : '');
    renderCriteria();
    setText(
      el.hint,
      t('Choose a commitment in the list, then tap the grid to place it. Drag a point to move it.'),
    );
    setText(el.trayTitle, t('Commitments'));
    document.body.classList.toggle('locked', isLocked());
    renderGrid(placed);
    renderList(placed);
  }

  // The criteria line: its heading, then "1) … 2) … 3) …" one under the other.
  function renderCriteria() {
    const line = t(CRITERIA);
    if (el.criteria.dataset.line === line) return;
    el.criteria.dataset.line = line;
    const [head, ...items] = line.split(/\s+(?=\d\)\s)/);
    const parts = [node('strong', '', head)];
    if (items.length) {
      const list = node('ul');
      list.append(...items.map((item) => node('li', '', item)));
      parts.push(list);
    }
    el.criteria.replaceChildren(...parts);
  }

  function renderBanner() {
    const lines = [];
    if (invalid) {
      lines.push(['invalid', t("This link is no longer valid. Ask the facilitator for your group's link.")]);
    } else {
      if (isLocked()) lines.push(['locked', t('Placing is locked by the facilitator')]);
      const offline = failing || (eventsTried && !eventsUp) || (!server && eventsTried);
      if (offline) lines.push(['offline', t('Offline: your changes will be sent when the connection is back')]);
    }
    const b = el.banner;
    const key = lines.map((l) => l.join(':')).join('|');
    if (b.dataset.key === key) return;
    b.dataset.key = key;
    b.replaceChildren(...lines.map(([cls, s]) => node('p', cls, s)));
    b.hidden = lines.length === 0;
    b.className = lines.length ? lines[0][0] : '';
  }

  // ---- the grid

  const MARGIN = { left: 46, right: 10, top: 12 };
  const Y_RANGE = [-0.5, 10.5];
  let geo = null;
  const xRange = () => [-0.5, topLevel() + 0.5];

  function geometry(labelRows) {
    const w = Math.max(260, Math.round(el.wrap.clientWidth || 340));
    const tall = Math.max(300, Math.round(window.innerHeight * 0.62));
    const h = Math.round(clamp(w * 1.05, 300, tall));
    const bottom = 10 + labelRows * 18 + 24;
    const pw = w - MARGIN.left - MARGIN.right;
    const ph = h - MARGIN.top - bottom;
    const [x0, x1] = xRange();
    const [y0, y1] = Y_RANGE;
    return {
      w,
      h,
      bottom,
      x: (a) => MARGIN.left + ((a - x0) / (x1 - x0)) * pw,
      y: (d) => MARGIN.top + ((y1 - d) / (y1 - y0)) * ph,
      a: (px) => x0 + ((px - MARGIN.left) / pw) * (x1 - x0),
      d: (py) => y1 - ((py - MARGIN.top) / ph) * (y1 - y0),
    };
  }

  // Whether the level names fit side by side, one per band (else two staggered rows).
  let measure = null;
  function levelRows(w) {
    if (!measure) {
      measure = svgNode('text', { class: 'level', x: -1000, y: -1000 });
      el.svg.appendChild(measure);
    }
    const band = (w - MARGIN.left - MARGIN.right) / LEVELS.length;
    let widest = 0;
    for (const l of LEVELS) {
      measure.textContent = t(l);
      if (!measure.isConnected) el.svg.appendChild(measure);
      widest = Math.max(widest, measure.getComputedTextLength());
    }
    return widest > band - 6 ? 2 : 1;
  }

  function renderGrid(placed) {
    const svg = el.svg;
    const width = Math.max(260, Math.round(el.wrap.clientWidth || 340));
    const rows = levelRows(width);
    const g = (geo = geometry(rows));
    svg.setAttribute('viewBox', `0 0 ${g.w} ${g.h}`);
    svg.setAttribute('width', g.w);
    svg.setAttribute('height', g.h);
    svg.setAttribute('role', 'group');
    svg.setAttribute('aria-label', t('Desirability') + ' × ' + t('Ambition'));
    const parts = [];
    const top = g.y(Y_RANGE[1]);
    const bottom = g.y(Y_RANGE[0]);
    // The ambition bands, every other one shaded, centred on 0, 1, 2(, 3).
    const X_RANGE = xRange();
    LEVELS.forEach((level, i) => {
      const x0 = g.x(i - 0.5);
      const x1 = g.x(i + 0.5);
      parts.push(svgNode('rect', { class: i % 2 ? 'band shaded' : 'band', x: x0, y: top, width: x1 - x0, height: bottom - top }));
    });
    // Desirability lines and numbers.
    for (let d = 0; d <= 10; d += 1) {
      const y = g.y(d);
      parts.push(svgNode('line', { class: d % 5 ? 'tick' : 'tick major', x1: g.x(X_RANGE[0]), x2: g.x(X_RANGE[1]), y1: y, y2: y }));
      parts.push(svgNode('text', { class: 'num-y', x: MARGIN.left - 6, y, 'text-anchor': 'end', 'dominant-baseline': 'central' }, String(d)));
    }
    for (let b = 0.5; b < topLevel(); b += 1) {
      parts.push(svgNode('line', { class: 'boundary', x1: g.x(b), x2: g.x(b), y1: top, y2: bottom }));
    }
    parts.push(svgNode('rect', { class: 'frame', x: g.x(X_RANGE[0]), y: top, width: g.x(X_RANGE[1]) - g.x(X_RANGE[0]), height: bottom - top }));
    // Level names under their bands; the axes' names.
    LEVELS.forEach((level, i) => {
      const label = svgNode('text', { class: 'level', 'text-anchor': 'middle', y: bottom + 18 + (rows === 2 ? (i % 2) * 18 : 0), x: g.x(i) }, t(level));
      parts.push(label);
    });
    parts.push(svgNode('text', { class: 'axis', x: (g.x(X_RANGE[0]) + g.x(X_RANGE[1])) / 2, y: g.h - 8, 'text-anchor': 'middle' }, t('Ambition')));
    const cy = (top + bottom) / 2;
    parts.push(svgNode('text', { class: 'axis', x: 14, y: cy, 'text-anchor': 'middle', 'dominant-baseline': 'central', transform: `rotate(-90 14 ${cy})` }, t('Desirability')));
    // The points: the chosen one drawn last, on top.
    const pending = new Set(unsent().map((e) => e.commitment));
    const ids = [...placed.keys()].sort((x, y) => (x === chosen) - (y === chosen));
    for (const id of ids) {
      const p = placed.get(id);
      parts.push(point(id, p, pending.has(id) || (drag && drag.id === id && drag.moved)));
    }
    svg.replaceChildren(...parts);
    measure = null;
    // Keep the level names inside the picture (a long one under an outer band).
    for (const label of svg.querySelectorAll('text.level')) {
      const half = label.getComputedTextLength() / 2;
      const x = Number(label.getAttribute('x'));
      const fitted = clamp(x, half + 2, g.w - half - 2);
      if (fitted !== x) label.setAttribute('x', fitted);
    }
    renderReadout(placed);
  }

  function point(id, p, pending) {
    const c = commitmentOf(id);
    const cls = ['pt'];
    if (id === chosen) cls.push('chosen');
    if (pending) cls.push('pending');
    const g = svgNode('g', { class: cls.join(' '), transform: `translate(${geo.x(p.a)} ${geo.y(p.d)})`, 'data-id': id });
    g.appendChild(svgNode('title', {}, c ? `${id}. ${c.title}` : id));
    // The touch target: 48 px across, invisible.
    g.appendChild(svgNode('circle', { class: 'hit', r: 24 }));
    if (id === chosen) g.appendChild(svgNode('circle', { class: 'ring', r: 21 }));
    g.appendChild(svgNode('circle', { class: 'dot', r: 16 }));
    const label = svgNode('text', { class: 'pt-num', 'text-anchor': 'middle', 'dominant-baseline': 'central' }, id);
    if (id.length > 2) label.setAttribute('class', 'pt-num small');
    if (id.length > 4) {
      label.setAttribute('textLength', 28);
      label.setAttribute('lengthAdjust', 'spacingAndGlyphs');
    }
    g.appendChild(label);
    return g;
  }

  // Under the grid: where the chosen commitment is (a finger hides the point it drags).
  function renderReadout(placed) {
    let r = $('readout');
    if (!r) {
      r = node('p');
      r.id = 'readout';
      el.wrap.after(r);
    }
    const c = chosen && commitmentOf(chosen);
    const p = chosen && placed.get(chosen);
    let s = '';
    if (c && p) {
      s = `${chosen}. ${c.title} — ` + where(p);
    } else if (c) {
      s = `${chosen}. ${c.title} — ` + t('Tap the grid where it belongs, or press Place.');
    }
    setText(r, s);
    r.hidden = !s;
  }

  function where(p) {
    return t('Desirability %{d} · ambition %{a} (%{level})', {
      d: p.d.toFixed(1),
      a: p.a.toFixed(2),
      level: t(levelOf(p.a)),
    });
  }

  // ---- the list

  const rows = new Map(); // commitment id → its row's elements
  let panel = null;

  function makeRow(id) {
    const li = node('li', 'row');
    li.setAttribute('data-id', id);
    const button = node('button', 'choose');
    button.type = 'button';
    const num = node('span', 'num');
    const body = node('span', 'body');
    const title = node('span', 'title');
    const meta = node('span', 'meta');
    const theme = node('span', 'theme');
    const state = node('span', 'state');
    meta.append(theme, state);
    body.append(title, meta);
    button.append(num, body);
    const details = node('details', 'desc');
    const summary = node('summary');
    const description = node('p');
    details.append(summary, description);
    li.append(button, details);
    button.addEventListener('focus', () => choose(id));
    button.addEventListener('click', () => choose(id));
    button.addEventListener('keydown', (ev) => keyOnRow(ev, id));
    return { li, button, num, title, theme, state, details, summary, description };
  }

  function renderList(placed) {
    const list = commitments();
    const seen = new Set();
    list.forEach((c) => {
      const id = String(c.id);
      seen.add(id);
      let r = rows.get(id);
      if (!r) {
        r = makeRow(id);
        rows.set(id, r);
      }
      const p = placed.get(id);
      setText(r.num, id);
      setText(r.title, String(c.title || ''));
      setText(r.theme, String(c.theme || ''));
      r.theme.hidden = !c.theme;
      setText(r.state, p ? t('Placed') : t('To place'));
      r.li.classList.toggle('placed', !!p);
      r.li.classList.toggle('chosen', id === chosen);
      r.button.setAttribute('aria-pressed', id === chosen ? 'true' : 'false');
      r.button.setAttribute('aria-expanded', id === chosen ? 'true' : 'false');
      setText(r.summary, t('Description'));
      setText(r.description, String(c.description || ''));
      r.details.hidden = !c.description;
    });
    for (const [id, r] of rows) {
      if (!seen.has(id)) {
        r.li.remove();
        rows.delete(id);
      }
    }
    // In the server's order; a row is moved only when the order changed (moving the row
    // with the keyboard focus would lose it).
    const order = list.map((c) => rows.get(String(c.id)).li);
    const current = [...el.list.children];
    if (order.length !== current.length || order.some((li, i) => current[i] !== li)) {
      el.list.replaceChildren(...order);
    }
    renderPanel(placed);
  }

  function makePanel() {
    const box = node('div', 'panel');
    const hint = node('p', 'panel-hint');
    const buttons = node('div', 'buttons');
    const place = node('button', 'place');
    place.type = 'button';
    const back = node('button', 'back');
    back.type = 'button';
    buttons.append(place, back);
    const reasonBox = node('div', 'reason');
    const label = node('label');
    const area = node('textarea');
    area.id = 'reason';
    area.rows = 3;
    area.maxLength = NOTE_MAX;
    label.htmlFor = 'reason';
    reasonBox.append(label, area);
    box.append(hint, buttons, reasonBox);
    place.addEventListener('click', () => {
      if (chosen) placeAt(chosen, DEFAULT_SPOT.desirability, DEFAULT_SPOT.ambition);
    });
    back.addEventListener('click', () => {
      if (chosen) sendBack(chosen);
    });
    area.addEventListener('input', () => {
      clearTimeout(noteTimer);
      noteTimer = setTimeout(flushNote, NOTE_DELAY);
    });
    area.addEventListener('change', flushNote);
    area.addEventListener('blur', flushNote);
    return { box, hint, place, back, reasonBox, label, area };
  }

  function renderPanel(placed) {
    if (!panel) panel = makePanel();
    const r = chosen && rows.get(chosen);
    if (!r) {
      panel.box.remove();
      return;
    }
    if (panel.box.parentNode !== r.li) r.li.appendChild(panel.box);
    const p = placed.get(chosen);
    const locked = isLocked();
    setText(panel.hint, p ? where(p) : t('Tap the grid where it belongs, or press Place.'));
    setText(panel.place, t('Place'));
    setText(panel.back, t('Send back'));
    setText(panel.label, t('Your reason (optional)'));
    panel.place.hidden = !!p;
    panel.back.hidden = !p;
    panel.place.disabled = locked;
    panel.back.disabled = locked;
    panel.reasonBox.hidden = !p;
    panel.area.readOnly = locked;
    // The box shows the placement's reason unless the group is typing in it.
    if (noteFor !== chosen || document.activeElement !== panel.area) {
      const note = p ? p.note : '';
      if (panel.area.value !== note) panel.area.value = note;
      noteFor = chosen;
    }
  }

  function flushNote() {
    clearTimeout(noteTimer);
    noteTimer = null;
    if (!panel || !noteFor) return;
    const p = placements().get(noteFor);
    const value = panel.area.value.slice(0, NOTE_MAX);
    if (p && p.note !== value) edit('note', noteFor, { note: value });
  }

  // ---------------------------------------------------------------- what the group does

  function choose(id) {
    if (chosen === id) return;
    if (noteTimer) flushNote();
    chosen = id;
    render();
  }

  function placeAt(id, d, a) {
    edit('place', id, { desirability: roundD(d), ambition: roundA(a) });
  }

  function sendBack(id) {
    if (placements().has(id)) edit('unplace', id, {});
  }

  function keyOnRow(ev, id) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey || isLocked()) return;
    if (chosen !== id) choose(id);
    const p = placements().get(id);
    if (ev.key === 'Enter') {
      if (!p) {
        ev.preventDefault();
        placeAt(id, DEFAULT_SPOT.desirability, DEFAULT_SPOT.ambition);
      }
      return;
    }
    if ((ev.key === 'Delete' || ev.key === 'Backspace') && p) {
      ev.preventDefault();
      sendBack(id);
      return;
    }
    const step = ev.shiftKey ? FINE : STEP;
    const move = {
      ArrowLeft: [-step.ambition, 0],
      ArrowRight: [step.ambition, 0],
      ArrowUp: [0, step.desirability],
      ArrowDown: [0, -step.desirability],
    }[ev.key];
    if (!move || !p) return;
    ev.preventDefault();
    placeAt(id, p.d + move[1], p.a + move[0]);
  }

  // Pointer: press on a point and drag it; with a commitment chosen that is not on the grid,
  // press (or tap) the grid to put it there, and drag on to adjust.
  function svgPoint(ev) {
    const box = el.svg.getBoundingClientRect();
    const sx = geo.w / (box.width || geo.w);
    const sy = geo.h / (box.height || geo.h);
    return { x: (ev.clientX - box.left) * sx, y: (ev.clientY - box.top) * sy };
  }

  el.svg.addEventListener('pointerdown', (ev) => {
    if (!geo || isLocked() || drag || ev.button !== 0) return;
    const at = svgPoint(ev);
    const target = ev.target instanceof Element ? ev.target.closest('.pt') : null;
    const placed = placements();
    if (target) {
      const id = target.getAttribute('data-id');
      const p = placed.get(id);
      if (!p) return;
      drag = { id, pointer: ev.pointerId, dx: at.x - geo.x(p.a), dy: at.y - geo.y(p.d), x0: at.x, y0: at.y, moved: false, d: p.d, a: p.a };
      choose(id);
    } else if (chosen && !placed.has(chosen) && commitmentOf(chosen)) {
      drag = { id: chosen, pointer: ev.pointerId, dx: 0, dy: 0, x0: at.x, y0: at.y, moved: true, d: roundD(geo.d(at.y)), a: roundA(geo.a(at.x)) };
      render();
    } else {
      return;
    }
    ev.preventDefault();
    try {
      el.svg.setPointerCapture(ev.pointerId);
    } catch (_) {
      // the pointer is already gone
    }
  });

  el.svg.addEventListener('pointermove', (ev) => {
    if (!drag || ev.pointerId !== drag.pointer) return;
    const at = svgPoint(ev);
    if (!drag.moved && Math.hypot(at.x - drag.x0, at.y - drag.y0) < 4) return;
    drag.moved = true;
    drag.d = roundD(geo.d(at.y - drag.dy));
    drag.a = roundA(geo.a(at.x - drag.dx));
    const g = el.svg.querySelector(`g.pt[data-id="${CSS.escape(drag.id)}"]`);
    if (g) {
      g.setAttribute('transform', `translate(${geo.x(drag.a)} ${geo.y(drag.d)})`);
      g.classList.add('pending');
      renderReadout(placements());
    } else {
      render();
    }
  });

  function endDrag(ev, keep) {
    if (!drag || ev.pointerId !== drag.pointer) return;
    const d = drag;
    drag = null;
    if (keep && d.moved) placeAt(d.id, d.d, d.a);
    else render();
  }
  el.svg.addEventListener('pointerup', (ev) => endDrag(ev, true));
  el.svg.addEventListener('pointercancel', (ev) => endDrag(ev, false));
  el.svg.addEventListener('lostpointercapture', (ev) => endDrag(ev, true));

  // ---------------------------------------------------------------------- start

  let resizeFrame = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(resizeFrame);
    resizeFrame = requestAnimationFrame(() => {
      if (server && !invalid) renderGrid(placements());
    });
  });
  window.addEventListener('online', retryNow);
  window.addEventListener('pagehide', () => {
    flushNote();
    // This page is gone: its id is free for the next one (a reload) at once.
    const beat = beatOf(client);
    if (beat && beat.page === PAGE) store.remove(beatKey(client));
  });

  if (!token) {
    stop();
    return;
  }
  beat();
  setInterval(beat, BEAT_EVERY);
  render();
  load();
})();
