import { z } from 'zod';

// ---- the metric registry: every metric of the contract defined once. The API serves it at
// `GET /api/v1/metrics/definitions`, the console shows it as the tooltip of every card and table header,
// and `docs/metrics.md` is written from it (a test fails when the doc is stale).

export const metricIds = [
  'pv', 'uv', 'peakOnline', 'avgOnline', 'avgWatchSeconds', 'totalWatchSeconds',
  'comments', 'likes', 'shares', 'follows', 'interactionUsers', 'interactionRate', 'followRate',
  'productExposureUv', 'productClickUv', 'cartUv', 'orderCreateUv', 'buyers', 'paidOrders', 'itemsSold', 'gmvFen',
  'gpmFen', 'uvValueFen', 'aovFen', 'exposureToClickRate', 'clickToPayRate', 'watchToPayRate',
  'refundFen', 'refundRate', 'newBuyers', 'newBuyerShare',
] as const;
export const MetricId = z.enum(metricIds);
export type MetricId = z.infer<typeof MetricId>;

/** count: events; people: identities; fen: money; seconds; ratio: a fraction (0.1234), null when its denominator is 0 */
export type MetricUnit = 'count' | 'people' | 'fen' | 'seconds' | 'ratio';
export type MetricGroup = 'traffic' | 'interaction' | 'conversion' | 'value' | 'aftersales' | 'customers';

export interface MetricDefinition {
  id: MetricId;
  group: MetricGroup;
  nameZh: string;
  nameEn: string;
  formulaZh: string;
  formulaEn: string;
  unit: MetricUnit;
  /** which platform 口径 it follows, and where it differs */
  platformZh: string;
  platformEn: string;
}

const def = (
  id: MetricId, group: MetricGroup, unit: MetricUnit,
  [nameZh, nameEn]: [string, string],
  [formulaZh, formulaEn]: [string, string],
  [platformZh, platformEn]: [string, string],
): MetricDefinition => ({ id, group, unit, nameZh, nameEn, formulaZh, formulaEn, platformZh, platformEn });

/** Shared by every metric: who a person is and which events count. */
export const metricConventions = {
  zh: [
    '身份 = userId ?? anonymousId（已登录买家按买家计，否则按设备）。',
    '只统计本场直播、且事件时间（客户端 ts）落在直播时段 [开播, 下播] 内的事件；迟到的事件按事件时间归属。例外：order.refund 在开播后任何时间到达都计入（退款会在直播后持续数天）。',
    '一次观看（visit）从 room.enter 开始，到同一身份的下一个 room.leave 结束；直播结束时仍在的观看在下播时刻结束。已在观看中的身份再次 room.enter 只计 pv，不开启第二次观看。',
    '比率为小数（0.1234），分母为 0 时为 null。金额单位为分。',
  ],
  en: [
    'Identity = userId ?? anonymousId (a signed-in buyer counts as the buyer, otherwise the device).',
    "Only events of the session whose event time (the client's ts) lies inside its live window [start, end] count; late events are attributed by event time. Exception: order.refund counts whenever it arrives after the start (refunds keep coming for days).",
    "A visit opens at room.enter and closes at the same identity's next room.leave; a visit still open at the end closes at the end. A room.enter while a visit is open counts in pv but opens no second visit.",
    'Rates are fractions (0.1234); a rate whose denominator is 0 is null. Money is in fen.',
  ],
} as const;

export const metricDefinitions: readonly MetricDefinition[] = [
  def('pv', 'traffic', 'count', ['观看次数', 'Views (PV)'], ['room.enter 事件数', 'number of room.enter events'], ['抖音罗盘「观看次数」，GPM 的分母', 'Douyin Compass 观看次数; the denominator of GPM']),
  def('uv', 'traffic', 'people', ['观看人数', 'Viewers (UV)'], ['有 room.enter 的身份数（去重）', 'identities with a room.enter'], ['抖音罗盘「直播间观看人数（场观）」', 'Douyin Compass 直播间观看人数 (场观)']),
  def('peakOnline', 'traffic', 'people', ['最高在线人数', 'Peak online'], ['同一时刻在观看中的身份数的最大值（精确到毫秒，不是分钟采样）', 'the most identities inside at once (exact, not sampled per minute)'], ['微信 max_online_watch_uv；千川按 1 分钟采样取峰值，本系统不采样，可能略高', 'WeChat max_online_watch_uv; Qianchuan samples each minute, ours is exact and can be a little higher']),
  def('avgOnline', 'traffic', 'people', ['平均在线人数', 'Average online'], ['总观看时长 ÷ 直播时长（秒）', 'totalWatchSeconds ÷ live duration in seconds'], ['抖音「平均在线人数」按每分钟在线取平均；按时长加权，结果相同而不受采样影响', 'Douyin averages per-minute online; weighting by time gives the same without sampling']),
  def('avgWatchSeconds', 'traffic', 'seconds', ['人均观看时长', 'Average watch time'], ['总观看时长 ÷ 观看人数', 'totalWatchSeconds ÷ uv'], ['抖音核心卡片「人均观看时长」（整场）；火山引擎 AvgTime = TotalTime ÷ UV', 'Douyin core card (whole live); Volcengine AvgTime = TotalTime ÷ UV']),
  def('totalWatchSeconds', 'traffic', 'seconds', ['总观看时长', 'Total watch time'], ['所有观看（visit）时长之和，截在直播时段内', 'sum of visit durations, clipped to the live window'], ['火山引擎 TotalTime', 'Volcengine TotalTime']),
  def('comments', 'interaction', 'count', ['评论次数', 'Comments'], ['comment 事件数', 'number of comment events'], ['抖音「评论次数」', 'Douyin comment count']),
  def('likes', 'interaction', 'count', ['点赞次数', 'Likes'], ['like 事件的 count 之和（缺省为 1）', 'sum of like.count (default 1)'], ['抖音「点赞次数」', 'Douyin like count']),
  def('shares', 'interaction', 'count', ['分享次数', 'Shares'], ['share 事件数', 'number of share events'], ['抖音「分享次数」', 'Douyin share count']),
  def('follows', 'interaction', 'people', ['新增关注人数', 'New followers'], ['有 follow 事件的身份数；之后取关不扣减', 'identities that followed; later unfollows are not subtracted'], ['抖音「新增粉丝数」、淘宝 atnUv', 'Douyin 新增粉丝数, Taobao atnUv']),
  def('interactionUsers', 'interaction', 'people', ['互动人数', 'Interacting viewers'], ['有点赞、评论或分享的身份数（去重）', 'identities with a like, comment or share'], ['抖音：互动 = 点赞、评论、分享（不含送礼）', 'Douyin: interaction = like, comment, share (not gifts)']),
  def('interactionRate', 'interaction', 'ratio', ['观看-互动率', 'Interaction rate'], ['互动人数 ÷ 观看人数', 'interactionUsers ÷ uv'], ['抖音核心卡片（分母为观看人数，不是趋势卡片的在线人数）', 'Douyin core card (viewer-based, not the trend card\'s online-based rate)']),
  def('followRate', 'interaction', 'ratio', ['观看-关注率', 'Follow rate'], ['新增关注人数 ÷ 观看人数', 'follows ÷ uv'], ['抖音核心卡片「观看-关注率」', 'Douyin core card 观看-关注率']),
  def('productExposureUv', 'conversion', 'people', ['商品曝光人数', 'Product exposure UV'], ['有 product.exposure 的身份数', 'identities with a product.exposure'], ['抖音漏斗第 3 步', 'Douyin funnel step 3']),
  def('productClickUv', 'conversion', 'people', ['商品点击人数', 'Product click UV'], ['有 product.click 的身份数', 'identities with a product.click'], ['抖音漏斗第 4 步', 'Douyin funnel step 4']),
  def('cartUv', 'conversion', 'people', ['加购人数', 'Add-to-cart UV'], ['有 cart.add 的身份数', 'identities with a cart.add'], ['淘宝 cartUv', 'Taobao cartUv']),
  def('orderCreateUv', 'conversion', 'people', ['下单人数', 'Order-creating UV'], ['有 order.create 的身份数', 'identities with an order.create'], ['微信「创建订单人数」', 'WeChat orders created (people)']),
  def('buyers', 'conversion', 'people', ['成交人数', 'Buyers'], ['有 order.pay 的身份数', 'identities with an order.pay'], ['抖音、微信、淘宝「成交人数」', 'Douyin, WeChat, Taobao 成交人数']),
  def('paidOrders', 'conversion', 'count', ['成交订单数', 'Paid orders'], ['不同的已支付订单号个数', 'distinct paid order ids'], ['按订单计；抖音按 SKU 行计且含取消/退款单', 'per order; Douyin counts SKU lines and includes cancelled and refunded ones']),
  def('itemsSold', 'conversion', 'count', ['成交件数', 'Items sold'], ['已支付订单的商品件数之和；退款不扣减', 'sum of paid item quantities; refunds are not subtracted'], ['抖音「成交件数」（退款不扣减）', 'Douyin 成交件数 (refunds not removed)']),
  def('gmvFen', 'value', 'fen', ['成交金额', 'GMV'], ['order.pay 的 amountFen 之和（每个订单计一次）；退款不扣减', 'sum of order.pay.amountFen (once per order); refunds are not subtracted'], ['抖音「直播间成交金额」：仅直播间订单；本系统只计直播时段内支付的订单', 'Douyin 直播间成交金额: room orders only; we count orders paid inside the live window']),
  def('gpmFen', 'value', 'fen', ['千次观看成交金额 (GPM)', 'GPM'], ['round(成交金额 × 1000 ÷ 观看次数)', 'round(gmvFen × 1000 ÷ pv)'], ['抖音 GPM = GMV ÷ 观看次数(PV) × 1000', 'Douyin GPM = GMV ÷ views (PV) × 1000']),
  def('uvValueFen', 'value', 'fen', ['UV 价值', 'Value per viewer'], ['round(成交金额 ÷ 观看人数)', 'round(gmvFen ÷ uv)'], ['千川：UV价值 = 成交金额 ÷ 场观人数', 'Qianchuan: UV价值 = GMV ÷ viewers']),
  def('aovFen', 'value', 'fen', ['客单价', 'Average spend per buyer'], ['round(成交金额 ÷ 成交人数)', 'round(gmvFen ÷ buyers)'], ['按人计（不是按订单）；微信 customer_price', 'per buyer, not per order; WeChat customer_price']),
  def('exposureToClickRate', 'conversion', 'ratio', ['商品曝光-点击率', 'Exposure → click rate'], ['商品点击人数 ÷ 商品曝光人数', 'productClickUv ÷ productExposureUv'], ['抖音「商品曝光-点击转化率」（按人数）', 'Douyin product CTR (people-based)']),
  def('clickToPayRate', 'conversion', 'ratio', ['商品点击-成交率', 'Click → pay rate'], ['成交人数 ÷ 商品点击人数', 'buyers ÷ productClickUv'], ['抖音「商品点击-成交转化率」', 'Douyin click → pay rate']),
  def('watchToPayRate', 'conversion', 'ratio', ['观看-成交率', 'Viewer → buyer rate'], ['成交人数 ÷ 观看人数', 'buyers ÷ uv'], ['抖音「观看-成交率(人数)」、微信 audience_pay_ratio', 'Douyin 观看-成交率, WeChat audience_pay_ratio']),
  def('refundFen', 'aftersales', 'fen', ['退款金额', 'Refunds'], ['order.refund 的 amountFen 之和（开播后任何时间到达都计入）', 'sum of order.refund.amountFen (counted whenever it arrives after the start)'], ['按退款发生时间归到订单所属的直播；抖音罗盘按退款成功时间', 'attributed to the order\'s show when the refund happens; Douyin Compass uses refund-success time']),
  def('refundRate', 'aftersales', 'ratio', ['退款率', 'Refund rate'], ['退款金额 ÷ 成交金额', 'refundFen ÷ gmvFen'], ['抖音「退款金额占比」（按金额）', 'Douyin refund rate (by amount)']),
  def('newBuyers', 'customers', 'people', ['新买家人数', 'New buyers'], ['在本店（组织）的第一次 order.pay 发生在本场的成交人数', 'buyers whose first order.pay in the org is in this session'], ['微信 new_buyer_uv（回看窗口未公开；本系统为全部历史）', 'WeChat new_buyer_uv (its look-back is unpublished; ours is all history)']),
  def('newBuyerShare', 'customers', 'ratio', ['新买家占比', 'New-buyer share'], ['新买家人数 ÷ 成交人数', 'newBuyers ÷ buyers'], ['按人数计', 'by people']),
];

export const MetricValues = z.record(MetricId, z.number().nullable());
export type MetricValues = Record<MetricId, number | null>;

/** One minute of a show (minute = epoch ms of its start, UTC); the last one may still be filling. */
export const MinuteBucket = z.object({
  minute: z.number(),
  /** identities inside at the end of the minute (now, for the filling minute) */
  online: z.number(),
  enters: z.number(),
  leaves: z.number(),
  comments: z.number(),
  likes: z.number(),
  shares: z.number(),
  productClicks: z.number(),
  cartAdds: z.number(),
  paidOrders: z.number(),
  gmvFen: z.number(),
});
export type MinuteBucket = z.infer<typeof MinuteBucket>;

export const MetricsWindow = z.object({
  startAt: z.number(),
  endAt: z.number(),
  metrics: MetricValues,
});
export type MetricsWindow = z.infer<typeof MetricsWindow>;

export const ProductRank = z.object({
  productId: z.string(),
  title: z.string().nullable(),
  exposureUv: z.number(),
  clickUv: z.number(),
  clicks: z.number(),
  cartUv: z.number(),
  paidOrders: z.number(),
  itemsSold: z.number(),
  gmvFen: z.number(),
  last5m: z.object({ clicks: z.number(), gmvFen: z.number() }),
});
export type ProductRank = z.infer<typeof ProductRank>;

export const CommentItem = z.object({
  id: z.string(),
  ts: z.number(),
  identity: z.string(),
  nickname: z.string().nullable(),
  text: z.string(),
});
export type CommentItem = z.infer<typeof CommentItem>;

/** Things that happened in the show, drawn on the curves. */
export const MetricMarker = z.object({
  kind: z.enum(['explain', 'flash_sale', 'lottery', 'alert']),
  startAt: z.number(),
  endAt: z.number().nullable(),
  /** product title, flash sale / lottery name, or the alert's message */
  label: z.string(),
  productId: z.string().nullable(),
});
export type MetricMarker = z.infer<typeof MetricMarker>;

/** `GET /api/v1/live-sessions/:id/metrics` and the first push of a subscription. */
export const LiveMetricsSnapshot = z.object({
  liveSessionId: z.string(),
  status: z.enum(['scheduled', 'live', 'ended']),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  /** the time the numbers are as of (server clock) */
  asOf: z.number(),
  /** identities inside now */
  online: z.number(),
  metrics: MetricValues,
  /** WeChat-style 10-minute windows aligned to minutes: the 10 minutes up to now, and the 10 before them */
  window10m: z.object({ current: MetricsWindow, previous: MetricsWindow }),
  perMinute: z.array(MinuteBucket),
  products: z.array(ProductRank),
  comments: z.array(CommentItem),
  markers: z.array(MetricMarker),
});
export type LiveMetricsSnapshot = z.infer<typeof LiveMetricsSnapshot>;

// ---- the console socket `/api/v1/ws`: a staff member with `analytics:read` subscribes to a show's numbers

export const MetricsClientFrame = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('metrics.subscribe'), liveSessionId: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('metrics.unsubscribe'), liveSessionId: z.string().min(1).max(64) }),
]);
export type MetricsClientFrame = z.infer<typeof MetricsClientFrame>;

/**
 * Server → console. `metrics.snapshot` comes once on subscribing (whole snapshot). `metrics.tick` comes
 * within 250 ms of a change and at least once a second: everything but the series, plus the minutes that
 * changed since the last push (the filling one always) and the comments that arrived since.
 */
export type MetricsServerFrame =
  | { type: 'metrics.snapshot'; snapshot: LiveMetricsSnapshot }
  | {
      type: 'metrics.tick';
      liveSessionId: string;
      tick: Omit<LiveMetricsSnapshot, 'perMinute' | 'comments'> & { minutes: MinuteBucket[]; newComments: CommentItem[] };
    }
  | { type: 'metrics.error'; liveSessionId: string; code: 'forbidden' | 'not_found' };
