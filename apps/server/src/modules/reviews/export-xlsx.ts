import ExcelJS from 'exceljs';
import {
  metricDefinitions,
  type LiveReview,
  type MetricDefinition,
  type MetricId,
  type MetricMarker,
  type MetricUnit,
  type ReviewSection,
  type ReviewShowRef,
} from '@livedesk/contracts';
import { Zone } from '../../lib/zone.js';

export type ExportLang = 'zh-CN' | 'en-US';

const zh = {
  sheets: {
    overview: '概览', perMinute: '分钟趋势', segments: '10分钟分段', stayTime: '停留时长', funnel: '转化漏斗',
    products: '商品', explanations: '讲解记录', anchors: '主播', peaks: '互动高峰', keywords: '弹幕关键词',
    questions: '弹幕提问', danmakuPerMinute: '弹幕分钟趋势', comparison: '对比', notes: '数据反馈', revisions: '版本',
  },
  overview: {
    item: '项目', value: '数值', unit: '单位', title: '直播标题', startedAt: '开播时间', endedAt: '下播时间',
    anchors: '主播', revision: '版本', asOf: '数据截至', comments: '弹幕条数', commenters: '发弹幕人数',
    questions: '提问条数', positive: '正面弹幕', negative: '负面弹幕', neutral: '中性弹幕',
  },
  units: { count: '次', people: '人', fen: '元', seconds: '秒', ratio: '%' } satisfies Record<MetricUnit, string>,
  minute: '分钟', startAt: '开始时间', endAt: '结束时间', online: '在线人数', enters: '进入次数', leaves: '离开次数',
  comments: '评论', likes: '点赞', shares: '分享', productClicks: '商品点击', cartAdds: '加购', paidOrders: '成交订单数',
  gmv: '成交金额（元）', onlineAtStart: '开始时在线', retained: '留存人数', retentionRate: '留存率',
  atLeastMinutes: '至少停留（分钟）', viewers: '观看人数', share: '占比', medianSeconds: '停留时长中位数（秒）',
  step: '步骤', count: '人数', fromPrevious: '上一步转化率', fromFirst: '总转化率',
  productId: '商品 ID', productTitle: '商品名称', exposureUv: '曝光人数', clickUv: '点击人数', clicks: '点击次数',
  ctr: '点击率', cartUv: '加购人数', itemsSold: '成交件数', gpm: 'GPM（元）', refund: '退款金额（元）',
  refundRate: '退款率', explanationCount: '讲解次数', durationSeconds: '时长（秒）',
  anchor: '主播', userId: '用户 ID', onAirSeconds: '在播时长（秒）', gmvPerHour: '每小时成交（元）', buyers: '成交人数',
  conversionRate: '转化率', creditedBy: '计算依据', anchorSources: { shifts: '按上播记录', whole_show: '整场（未切换主播）' },
  interactions: '互动次数', happenings: '同时发生', keywords: '关键词',
  markerKinds: { explain: '讲解', flash_sale: '秒杀', lottery: '抽奖', alert: '预警' } satisfies Record<MetricMarker['kind'], string>,
  word: '词', question: '问题', askers: '提问人数', firstAt: '首次提问', questionsCol: '提问', positive: '正面', negative: '负面',
  metric: '指标', thisShow: '本场', baseline: '对比场次', change: '变化', median: '近 7 场中位数', medianChange: '较中位数变化',
  baselineShow: '对比场次', medianShows: '中位数场次数',
  section: '模块', text: '内容', updatedAt: '更新时间', updatedBy: '更新人',
  sections: {
    overview: '概览', traffic: '流量', segments: '分段', products: '商品', anchors: '主播', interaction: '互动',
    danmaku: '弹幕', comparison: '对比',
  } satisfies Record<ReviewSection, string>,
  revision: '版本', asOf: '数据截至', occurrences: '出现次数',
};

const en: typeof zh = {
  sheets: {
    overview: 'Overview', perMinute: 'Per minute', segments: '10-minute segments', stayTime: 'Stay time', funnel: 'Funnel',
    products: 'Products', explanations: 'Explanations', anchors: 'Anchors', peaks: 'Peaks', keywords: 'Danmaku keywords',
    questions: 'Questions', danmakuPerMinute: 'Danmaku per minute', comparison: 'Comparison', notes: 'Notes', revisions: 'Revisions',
  },
  overview: {
    item: 'Item', value: 'Value', unit: 'Unit', title: 'Title', startedAt: 'Started', endedAt: 'Ended',
    anchors: 'Anchors', revision: 'Revision', asOf: 'Numbers as of', comments: 'Danmaku', commenters: 'Commenters',
    questions: 'Questions', positive: 'Positive danmaku', negative: 'Negative danmaku', neutral: 'Neutral danmaku',
  },
  units: { count: 'count', people: 'people', fen: 'CNY', seconds: 's', ratio: '%' },
  minute: 'Minute', startAt: 'Start', endAt: 'End', online: 'Online', enters: 'Enters', leaves: 'Leaves',
  comments: 'Comments', likes: 'Likes', shares: 'Shares', productClicks: 'Product clicks', cartAdds: 'Cart adds',
  paidOrders: 'Paid orders', gmv: 'GMV (CNY)', onlineAtStart: 'Online at start', retained: 'Retained',
  retentionRate: 'Retention rate', atLeastMinutes: 'Stayed at least (min)', viewers: 'Viewers', share: 'Share',
  medianSeconds: 'Median stay (s)', step: 'Step', count: 'People', fromPrevious: 'From previous step', fromFirst: 'From first step',
  productId: 'Product ID', productTitle: 'Product', exposureUv: 'Exposure UV', clickUv: 'Click UV', clicks: 'Clicks',
  ctr: 'CTR', cartUv: 'Cart UV', itemsSold: 'Items sold', gpm: 'GPM (CNY)', refund: 'Refunds (CNY)',
  refundRate: 'Refund rate', explanationCount: 'Explanations', durationSeconds: 'Duration (s)',
  anchor: 'Anchor', userId: 'User ID', onAirSeconds: 'On air (s)', gmvPerHour: 'GMV per hour (CNY)', buyers: 'Buyers',
  conversionRate: 'Conversion rate', creditedBy: 'Credited by',
  anchorSources: { shifts: 'On-air switches', whole_show: 'Whole show (no switches)' },
  interactions: 'Interactions', happenings: 'Happenings', keywords: 'Keywords',
  markerKinds: { explain: 'Explaining', flash_sale: 'Flash sale', lottery: 'Lottery', alert: 'Alert' },
  word: 'Word', question: 'Question', askers: 'Askers', firstAt: 'First asked', questionsCol: 'Questions',
  positive: 'Positive', negative: 'Negative',
  metric: 'Metric', thisShow: 'This show', baseline: 'Baseline', change: 'Change', median: 'Median of last 7',
  medianChange: 'Change vs median', baselineShow: 'Baseline show', medianShows: 'Shows in median',
  section: 'Section', text: 'Text', updatedAt: 'Updated', updatedBy: 'Updated by',
  sections: {
    overview: 'Overview', traffic: 'Traffic', segments: 'Segments', products: 'Products', anchors: 'Anchors',
    interaction: 'Interaction', danmaku: 'Danmaku', comparison: 'Comparison',
  },
  revision: 'Revision', asOf: 'As of', occurrences: 'Count',
};

const labelsByLang: Record<ExportLang, typeof zh> = { 'zh-CN': zh, 'en-US': en };

const FMT = {
  int: '#,##0',
  decimal: '#,##0.00',
  yuan: '#,##0.00',
  rate: '0.00%',
  time: 'yyyy-mm-dd hh:mm:ss',
  minute: 'yyyy-mm-dd hh:mm',
} as const;

interface Cell {
  value: string | number | Date | null;
  numFmt?: string;
}

/**
 * The review as an Excel workbook, one sheet per section. Money is in yuan and rates are fractions
 * formatted as percentages, so the cells can be summed and charted. Excel dates carry no zone, so
 * times are written as the wall clock of `timeZone`.
 */
export async function reviewWorkbook(review: LiveReview, options: { lang: ExportLang; timeZone: string }): Promise<Buffer> {
  const l = labelsByLang[options.lang];
  const zhNames = options.lang === 'zh-CN';
  const metricName = (d: MetricDefinition) => (zhNames ? d.nameZh : d.nameEn);
  const definitionOf = new Map(metricDefinitions.map((d) => [d.id, d]));
  const wall = wallClock(options.timeZone);
  const time = (at: number | null): Cell => ({ value: at === null ? null : wall(at), numFmt: FMT.time });
  const minute = (at: number): Cell => ({ value: wall(at), numFmt: FMT.minute });
  const metricCell = (id: MetricId, value: number | null | undefined): Cell => valueCell(definitionOf.get(id)!.unit, value ?? null);

  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(review.asOf);
  const sheet = (name: string, headers: string[], rows: Cell[][]) => addTable(workbook, name, headers, rows);
  const { danmaku } = review;

  sheet(l.sheets.overview, [l.overview.item, l.overview.value, l.overview.unit], [
    [text(l.overview.title), text(review.show.title), text('')],
    [text(l.overview.startedAt), time(review.show.startedAt), text('')],
    [text(l.overview.endedAt), time(review.show.endedAt), text('')],
    [text(l.overview.anchors), text(review.show.anchors.join(zhNames ? '、' : ', ')), text('')],
    [text(l.overview.revision), int(review.revision), text('')],
    [text(l.overview.asOf), time(review.asOf), text('')],
    ...metricDefinitions.map((d) => [text(metricName(d)), metricCell(d.id, review.metrics[d.id]), text(l.units[d.unit])]),
    [text(l.overview.comments), int(danmaku.comments), text(l.units.count)],
    [text(l.overview.commenters), int(danmaku.commenters), text(l.units.people)],
    [text(l.overview.questions), int(danmaku.questions.count), text(l.units.count)],
    [text(l.overview.positive), int(danmaku.sentiment.positive), text(l.units.count)],
    [text(l.overview.negative), int(danmaku.sentiment.negative), text(l.units.count)],
    [text(l.overview.neutral), int(danmaku.sentiment.neutral), text(l.units.count)],
  ]);

  sheet(
    l.sheets.perMinute,
    [l.minute, l.online, l.enters, l.leaves, l.comments, l.likes, l.shares, l.productClicks, l.cartAdds, l.paidOrders, l.gmv],
    review.perMinute.map((m) => [
      minute(m.minute), int(m.online), int(m.enters), int(m.leaves), int(m.comments), int(m.likes), int(m.shares),
      int(m.productClicks), int(m.cartAdds), int(m.paidOrders), yuan(m.gmvFen),
    ]),
  );

  sheet(
    l.sheets.segments,
    [l.startAt, l.endAt, l.onlineAtStart, l.enters, l.leaves, l.retained, l.retentionRate],
    review.segments10m.map((s) => [
      time(s.startAt), time(s.endAt), int(s.onlineAtStart), int(s.enters), int(s.leaves), int(s.retained), rate(s.retentionRate),
    ]),
  );

  const { stayTime } = review;
  sheet(l.sheets.stayTime, [l.atLeastMinutes, l.viewers, l.share], [
    ...stayTime.atLeast.map((t) => [int(t.minutes), int(t.viewers), rate(t.share)]),
    [],
    [text(l.viewers), int(stayTime.viewers)],
    [text(l.medianSeconds), number(stayTime.medianSeconds)],
  ]);

  sheet(
    l.sheets.funnel,
    [l.step, l.count, l.fromPrevious, l.fromFirst],
    review.funnel.map((s) => [
      text(metricName(definitionOf.get(s.metric)!)), int(s.count), rate(s.conversionFromPrevious), rate(s.conversionFromFirst),
    ]),
  );

  sheet(
    l.sheets.products,
    [
      l.productId, l.productTitle, l.exposureUv, l.clickUv, l.clicks, l.ctr, l.cartUv, l.paidOrders, l.itemsSold, l.gmv,
      l.gpm, l.refund, l.refundRate, l.explanationCount,
    ],
    review.products.map((p) => [
      text(p.productId), text(p.title), int(p.exposureUv), int(p.clickUv), int(p.clicks), rate(p.ctr), int(p.cartUv),
      int(p.paidOrders), int(p.itemsSold), yuan(p.gmvFen), yuan(p.gpmFen), yuan(p.refundFen), rate(p.refundRate),
      int(p.explanations.length),
    ]),
  );

  sheet(
    l.sheets.explanations,
    [l.productId, l.productTitle, l.startAt, l.endAt, l.durationSeconds, l.gmv, l.paidOrders, l.itemsSold],
    review.products.flatMap((p) =>
      p.explanations.map((e) => [
        text(p.productId), text(p.title), time(e.startAt), time(e.endAt), number(e.durationSeconds), yuan(e.gmvFen),
        int(e.paidOrders), int(e.itemsSold),
      ]),
    ),
  );

  sheet(
    l.sheets.anchors,
    [l.anchor, l.userId, l.onAirSeconds, l.gmv, l.paidOrders, l.gmvPerHour, l.viewers, l.buyers, l.conversionRate, l.creditedBy],
    review.anchors.anchors.map((a) => [
      text(a.anchor), text(a.userId), number(a.onAirSeconds), yuan(a.gmvFen), int(a.paidOrders), yuan(a.gmvPerHourFen),
      int(a.viewers), int(a.buyers), rate(a.conversionRate), text(l.anchorSources[review.anchors.source]),
    ]),
  );

  const listSeparator = zhNames ? '；' : '; ';
  sheet(
    l.sheets.peaks,
    [l.minute, l.interactions, l.comments, l.likes, l.shares, l.online, l.gmv, l.happenings, l.keywords],
    review.peaks.map((p) => [
      minute(p.minute), int(p.interactions), int(p.comments), int(p.likes), int(p.shares), int(p.online), yuan(p.gmvFen),
      text(p.happenings.map((h) => `${l.markerKinds[h.kind]}: ${h.label}`).join(listSeparator)),
      text(p.keywords.join(zhNames ? '、' : ', ')),
    ]),
  );

  sheet(l.sheets.keywords, [l.word, l.occurrences], danmaku.keywords.map((k) => [text(k.word), int(k.count)]));

  sheet(
    l.sheets.questions,
    [l.question, l.askers, l.firstAt],
    danmaku.questions.top.map((q) => [text(q.text), int(q.askers), time(q.firstAt)]),
  );

  sheet(
    l.sheets.danmakuPerMinute,
    [l.minute, l.comments, l.questionsCol, l.positive, l.negative, l.paidOrders, l.conversionRate],
    danmaku.perMinute.map((m) => [
      minute(m.minute), int(m.comments), int(m.questions), int(m.positive), int(m.negative), int(m.paidOrders),
      rate(m.conversionRate),
    ]),
  );

  const { baseline, median7 } = review.comparison;
  const showRow = (label: string, show: ReviewShowRef | undefined): Cell[] =>
    show ? [text(label), text(show.title), time(show.startedAt)] : [text(label)];
  sheet(
    l.sheets.comparison,
    [l.metric, l.thisShow, l.baseline, l.change, l.median, l.medianChange],
    [
      ...metricDefinitions.map((d) => {
        const against = baseline?.metrics[d.id];
        const median = median7?.metrics[d.id];
        return [
          text(metricName(d)), metricCell(d.id, review.metrics[d.id]), metricCell(d.id, against?.baseline),
          rate(against?.change ?? null), metricCell(d.id, median?.baseline), rate(median?.change ?? null),
        ];
      }),
      [],
      showRow(l.baselineShow, baseline?.show),
      [text(l.medianShows), int(median7?.shows.length ?? 0)],
    ],
  );

  sheet(
    l.sheets.notes,
    [l.section, l.text, l.updatedAt, l.updatedBy],
    review.notes.map((n) => [text(l.sections[n.section]), text(n.text), time(n.updatedAt), text(n.updatedBy)]),
  );

  sheet(
    l.sheets.revisions,
    [l.revision, l.asOf, l.gmv, l.refund, l.paidOrders],
    review.revisions.map((r) => [int(r.revision), time(r.asOf), yuan(r.gmvFen), yuan(r.refundFen), int(r.paidOrders)]),
  );

  // exceljs declares its own Buffer type; at run time it is a Node Buffer
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

const text = (value: string | null): Cell => ({ value });
const int = (value: number): Cell => ({ value, numFmt: FMT.int });
const number = (value: number | null): Cell => ({
  value,
  numFmt: value === null || Number.isInteger(value) ? FMT.int : FMT.decimal,
});
const yuan = (fen: number | null): Cell => ({ value: fen === null ? null : fen / 100, numFmt: FMT.yuan });
const rate = (value: number | null): Cell => ({ value, numFmt: FMT.rate });

function valueCell(unit: MetricUnit, value: number | null): Cell {
  if (unit === 'fen') return yuan(value);
  if (unit === 'ratio') return rate(value);
  // averages (avgOnline, avgWatchSeconds) are fractional
  return number(value);
}

/** A Date whose UTC fields are the wall clock of `timeZone` at the instant: what Excel should show. */
function wallClock(timeZone: string): (at: number) => Date {
  const zone = new Zone(timeZone);
  return (at) => {
    const w = zone.wall(at);
    const ms = ((at % 1000) + 1000) % 1000;
    return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, ms));
  };
}

const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

function addTable(workbook: ExcelJS.Workbook, name: string, headers: string[], rows: Cell[][]): void {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = ws.addRow(headers);
  header.font = { bold: true };
  const widths = headers.map(displayWidth);
  for (const cells of rows) {
    const row = ws.addRow(cells.map((c) => c.value));
    cells.forEach((c, i) => {
      if (c.numFmt && c.value !== null) row.getCell(i + 1).numFmt = c.numFmt;
      widths[i] = Math.max(widths[i] ?? 0, cellWidth(c));
    });
  }
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2))));
}

function cellWidth(cell: Cell): number {
  if (cell.value === null) return 0;
  if (cell.value instanceof Date) return cell.numFmt === FMT.minute ? 16 : 19;
  if (typeof cell.value === 'number') return cell.value.toLocaleString('en-US', { maximumFractionDigits: 2 }).length + 1;
  return displayWidth(cell.value);
}

/** Han and other wide characters take two columns of Excel's width unit. */
function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}
