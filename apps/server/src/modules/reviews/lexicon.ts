// Word lists for reading danmaku (弹幕) of a live-commerce room. Plain data; danmaku.ts holds the rules.

/**
 * Terms jieba's general dictionary splits apart ("已拍" → 已/拍, "主播" → 主/播 without HMM) but viewers
 * write as one word. Loaded into the segmenter so they count as keywords and match the sentiment lists.
 */
const sizes = ['XS', 'S', 'M', 'L', 'XL', 'XXL', 'XXXL', '2XL', '3XL', '4XL'];
export const liveCommerceWords: readonly string[] = [
  '主播', '家人们', '直播间', '小黄车', '上链接', '链接', '福袋', '秒杀', '抽奖', '优惠券', '满减', '包邮', '运费险',
  '已拍', '已下单', '已付款', '拍了', '下单了', '回购', '复购', '种草', '拔草', '性价比', '划算', '质量好', '质量差',
  '爱了', '绝了', '冲冲冲', '好评', '差评', '不发货', '没发货', '发货', '退货', '退款', '补货', '上新', '库存',
  '尺码', '码数', '偏大', '偏小', '显瘦', '显白', '掉色', '起球', '色差', '正品', '假货', '踩雷',
  ...sizes.flatMap((s) => [`${s}码`, `${s.toLowerCase()}码`]),
];

/**
 * Words that say nothing about what the audience cares about: pronouns, demonstratives, particles,
 * auxiliaries, adverbs, conjunctions, interrogatives (the questions list covers asking), laughter and
 * greetings. Single characters never become keywords, so they are not listed.
 *
 * Live-room forms of address (主播, 宝宝, 家人们, 姐妹, 老铁, 直播间 …) are stop words too: nearly every
 * message carries one, so they would crowd the top of the list without telling what viewers want.
 * Commerce nouns (链接, 尺码, 发货, 库存 …) stay: "求链接" and "有没有 S 码" are exactly the signal.
 */
export const stopWords: ReadonlySet<string> = new Set([
  // pronouns and demonstratives
  '我们', '你们', '他们', '她们', '它们', '咱们', '大家', '自己', '别人', '人家', '本人', '俺们',
  '这个', '那个', '这些', '那些', '这里', '那里', '这儿', '那儿', '这边', '那边', '这样', '那样', '这么', '那么',
  '这种', '那种', '这件', '那件', '这款', '那款', '这次', '那次', '这位', '那位', '这是', '那是', '这家', '此',
  // interrogatives
  '什么', '怎么', '怎样', '怎么样', '为什么', '为啥', '多少', '哪里', '哪儿', '哪个', '哪些', '哪款', '几个',
  '如何', '是否', '是不是', '有没有', '能不能', '可不可以', '会不会', '要不要', '好不好', '行不行', '谁的',
  // auxiliaries, modals and very common verbs
  '可以', '可能', '应该', '需要', '能够', '就是', '还是', '不是', '没有', '有点', '有些', '一下', '一点', '一些',
  '知道', '觉得', '感觉', '看看', '看到', '看着', '说说', '告诉', '出来', '起来', '过来', '下来', '上来', '进来',
  '一个', '一样', '一直', '一起', '一定', '一般', '所有', '其他', '其实', '还有', '还要', '想要', '得到',
  // adverbs
  '非常', '特别', '比较', '真的', '已经', '马上', '立刻', '刚刚', '刚才', '现在', '今天', '明天', '昨天', '今晚',
  '然后', '之后', '以后', '以前', '之前', '的话', '一会', '一会儿', '总是', '经常', '好像', '似乎', '当然', '确实',
  '挺好', '太多', '很多', '好多', '多么', '更加', '最好', '最近', '赶紧', '赶快', '快点', '有没', '真是',
  // conjunctions and prepositions
  '但是', '可是', '不过', '因为', '所以', '如果', '而且', '或者', '并且', '虽然', '然而', '于是', '只是', '只要',
  '为了', '关于', '对于', '以及', '或是', '跟着', '通过', '根据',
  // forms of address in the room (see above)
  '主播', '宝宝', '宝宝们', '宝贝', '家人们', '家人', '姐妹', '姐妹们', '集美', '老铁', '老铁们', '兄弟', '兄弟们',
  '朋友', '朋友们', '小姐姐', '小哥哥', '哥哥', '姐姐', '亲们', '直播间', '大哥',
  // greetings and acknowledgements
  '你好', '您好', '大家好', '晚上好', '早上好', '下午好', '谢谢', '感谢', '好的', '收到', '来了', '来啦', '拜拜',
]);

/**
 * Words of a message that praise the goods or say the viewer bought. Longest match wins, so "质量好"
 * beats a shorter entry, and "不错" (literally "not wrong") is praise rather than a negation.
 */
export const positiveWords: readonly string[] = [
  '好看', '漂亮', '喜欢', '爱了', '绝了', '好用', '好吃', '好穿', '舒服', '划算', '便宜', '实惠', '值得', '很值',
  '超值', '太值了', '性价比高', '无敌', '已拍', '已下单', '已付款', '拍了', '下单了', '买了', '回购', '复购', '质量好', '质量不错',
  '不错', '很好', '真好', '太好了', '挺好', '好评', '推荐', '满意', '给力', '厉害', '太牛', '真牛', '牛啊',
  '牛逼', '优秀', '完美', '正品', '冲', '666', '赞', '心动', '种草', '显瘦', '显白', '支持', '爱', '👍', '❤', '😍', '🥰', '🔥', '💯',
];

/** Words of a message that complain: price, fakes, delivery, quality, after-sales. */
export const negativeWords: readonly string[] = [
  '贵', '太贵', '好贵', '假', '假货', '骗', '骗人', '骗子', '差', '质量差', '差评', '退货', '退款', '不发货',
  '没发货', '慢', '难用', '难看', '丑', '失望', '坑', '垃圾', '烂', '破损', '破了', '劣质', '掉色', '起球', '色差', '踩雷',
  '不好', '不太好', '不行', '不值', '后悔', '上当', '忽悠', '智商税', '恶心', '过敏', '投诉', '举报', '割韭菜', '无语',
  '👎', '😡', '💩',
];

/**
 * Negations: an odd number of them just before a sentiment word flips it ("不贵" praises the price,
 * "没有不好看的" stays praise).
 */
export const negationWords: readonly string[] = ['不', '没', '没有', '别', '不太', '不是', '不算', '并不', '一点也不', '毫不', '无'];

/**
 * Entries that contain a sentiment character but are neither praise nor complaint. Matching them
 * first keeps the character inside them from counting ("差不多", "贵州", "慢慢"). The 好不好 form of a
 * question is neutralised by a rule in danmaku.ts, not listed here.
 */
export const neutralWords: readonly string[] = [
  '差不多', '差点', '差价', '相差', '出差', '贵州', '贵宾', '贵姓', '珍贵', '宝贵', '富贵', '慢慢', '慢点', '不用',
  '不客气', '不好意思', '没关系', '冲锋衣', '冲泡', '冲洗', '冲突', '冲动', '无所谓', '无聊', '假期', '请假', '放假',
  '爱心', '坑位', '不知道',
];
