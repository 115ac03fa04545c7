// Small DOM helpers shared by the sections.
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

// A row of headline figures: [{label, value, note, tone}]
export function kpis(containerId, items) {
  const box = document.getElementById(containerId);
  if (!box) return;
  box.replaceChildren();
  for (const item of items) {
    const card = el('div', 'kpi' + (item.tone ? ' ' + item.tone : ''));
    card.appendChild(el('span', 'kpi-label', item.label));
    card.appendChild(el('span', 'kpi-value', item.value));
    if (item.note) card.appendChild(el('span', 'kpi-note', item.note));
    box.appendChild(card);
  }
}

// A table from column definitions [{title, cell(row) -> text | Node, numeric}] and rows.
export function table(tableId, columns, rows, rowClass) {
  const t = document.getElementById(tableId);
  if (!t) return;
  t.replaceChildren();
  const head = t.createTHead().insertRow();
  for (const c of columns) {
    const th = el('th', c.numeric ? 'num' : '', c.title);
    th.scope = 'col';
    head.appendChild(th);
  }
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    if (rowClass) tr.className = rowClass(r) || '';
    for (const c of columns) {
      const td = tr.insertCell();
      if (c.numeric) td.className = 'num';
      const v = c.cell(r);
      if (v instanceof Node) td.appendChild(v); else td.textContent = v;
    }
  }
}

// "12.3%" with its interval underneath in small type
export function withInterval(value, range) {
  const span = el('span', 'with-interval', value);
  if (range) span.appendChild(el('small', '', range));
  return span;
}

export function lede(id, parts) {
  const p = document.getElementById(id);
  if (!p) return;
  p.replaceChildren(...parts.map((x) => (typeof x === 'string' ? document.createTextNode(x) : x)));
}
