import type { WaveDetailView } from '@livedesk/contracts';

/**
 * Printable pages of a wave (A4, Chinese labels), rendered on the server so any browser, or a headless
 * one making a PDF, prints the same thing. Every value from the database is escaped: product titles and
 * buyer notes are other people's text.
 */

const escapeHtml = (value: string | number): string =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Shanghai wall-clock time, as the warehouse reads it. */
const shanghaiTime = (ms: number | null): string =>
  ms === null ? '—' : new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

const STYLE = `
  @page { size: A4; margin: 12mm; }
  * { box-sizing: border-box; }
  body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 11pt; color: #000; margin: 0; }
  h1 { font-size: 16pt; margin: 0 0 4mm; }
  .meta { display: flex; flex-wrap: wrap; gap: 2mm 8mm; margin-bottom: 4mm; }
  .meta span b { font-weight: 600; margin-right: 1mm; }
  table { width: 100%; border-collapse: collapse; }
  th, td { border: 0.3mm solid #333; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
  th { background: #eee; font-weight: 600; }
  td.num, th.num { text-align: right; white-space: nowrap; }
  td.bin { font-family: ui-monospace, Menlo, Consolas, monospace; white-space: nowrap; }
  tr, .slip .address { page-break-inside: avoid; break-inside: avoid; }
  thead { display: table-header-group; }
  .slip { page-break-after: always; break-after: page; }
  .slip:last-child { page-break-after: auto; break-after: auto; }
  .address { border: 0.3mm solid #333; padding: 3mm; margin-bottom: 4mm; line-height: 1.6; }
  .note { margin-top: 3mm; }
  .sign { margin-top: 8mm; display: flex; gap: 20mm; }
  .empty { margin-top: 10mm; color: #555; }
  @media screen { body { max-width: 210mm; margin: 8mm auto; padding: 0 6mm; } .slip { border-bottom: 1px dashed #999; padding-bottom: 8mm; margin-bottom: 8mm; } }
`;

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;

const waveMeta = (wave: WaveDetailView, printedAt: number): string =>
  `<div class="meta">` +
  `<span><b>波次号</b>${escapeHtml(wave.waveNo)}</span>` +
  `<span><b>仓库</b>${escapeHtml(wave.warehouseName)}（${escapeHtml(wave.warehouseCode)}）</span>` +
  `<span><b>订单数</b>${wave.slips.length}</span>` +
  `<span><b>创建时间</b>${shanghaiTime(wave.createdAt)}</span>` +
  `<span><b>打印时间</b>${shanghaiTime(printedAt)}</span>` +
  `</div>`;

/** 拣货单: one row per SKU in shelf order, with the orders that need it. */
export function renderPickList(wave: WaveDetailView, printedAt: number): string {
  const total = wave.pickList.reduce((sum, item) => sum + item.quantity, 0);
  const rows = wave.pickList
    .map(
      (item, i) =>
        `<tr><td class="num">${i + 1}</td><td class="bin">${escapeHtml(item.bin ?? '—')}</td><td>${escapeHtml(item.skuCode)}</td>` +
        `<td>${escapeHtml(item.productTitle)}</td><td>${escapeHtml(item.skuTitle)}</td><td class="num">${item.quantity}</td>` +
        `<td>${item.orders.map((o) => `${escapeHtml(o.orderNo)} × ${o.quantity}`).join('<br>')}</td><td></td></tr>`,
    )
    .join('');
  const table =
    `<table><thead><tr><th class="num">序号</th><th>库位</th><th>SKU 编码</th><th>商品</th><th>规格</th><th class="num">数量</th><th>订单</th><th>已拣</th></tr></thead>` +
    `<tbody>${rows}</tbody><tfoot><tr><th colspan="5">合计</th><th class="num">${total}</th><th colspan="2"></th></tr></tfoot></table>`;
  const body = wave.pickList.length ? table : `<p class="empty">本波次没有待拣货商品。</p>`;
  return page(`拣货单 ${wave.waveNo}`, `<h1>拣货单</h1>${waveMeta(wave, printedAt)}${body}<div class="sign"><span>拣货人：</span><span>复核人：</span></div>`);
}

/** 发货单 / 装箱单: one page per order, with the recipient and the units that go in the parcel. */
export function renderPackingSlips(wave: WaveDetailView, printedAt: number): string {
  if (!wave.slips.length) {
    return page(`发货单 ${wave.waveNo}`, `<h1>发货单</h1>${waveMeta(wave, printedAt)}<p class="empty">本波次没有待发货订单。</p>`);
  }
  const slips = wave.slips
    .map((slip) => {
      const a = slip.address;
      const lines = slip.lines
        .map(
          (l, i) =>
            `<tr><td class="num">${i + 1}</td><td class="bin">${escapeHtml(l.bin ?? '—')}</td><td>${escapeHtml(l.skuCode)}</td>` +
            `<td>${escapeHtml(l.productTitle)}</td><td>${escapeHtml(l.skuTitle)}</td><td class="num">${l.quantity}</td></tr>`,
        )
        .join('');
      const units = slip.lines.reduce((sum, l) => sum + l.quantity, 0);
      return (
        `<section class="slip"><h1>发货单</h1>` +
        `<div class="meta"><span><b>订单号</b>${escapeHtml(slip.orderNo)}</span><span><b>下单时间</b>${shanghaiTime(slip.createdAt)}</span>` +
        `<span><b>付款时间</b>${shanghaiTime(slip.paidAt)}</span><span><b>波次号</b>${escapeHtml(wave.waveNo)}</span></div>` +
        `<div class="address"><div><b>收件人：</b>${escapeHtml(a.name)}&emsp;<b>电话：</b>${escapeHtml(a.phone)}</div>` +
        `<div><b>地址：</b>${escapeHtml(a.province)} ${escapeHtml(a.city)} ${escapeHtml(a.district)} ${escapeHtml(a.detail)}</div>` +
        (a.masked ? `<div>（地址已脱敏：需要 pii:read 权限才能打印完整地址）</div>` : '') +
        `</div>` +
        `<table><thead><tr><th class="num">序号</th><th>库位</th><th>SKU 编码</th><th>商品</th><th>规格</th><th class="num">数量</th></tr></thead>` +
        `<tbody>${lines}</tbody><tfoot><tr><th colspan="5">合计</th><th class="num">${units}</th></tr></tfoot></table>` +
        (slip.note ? `<div class="note"><b>买家备注：</b>${escapeHtml(slip.note)}</div>` : '') +
        `<div class="sign"><span>打包人：</span><span>复核人：</span></div></section>`
      );
    })
    .join('');
  return page(`发货单 ${wave.waveNo}`, slips);
}
