import type { Random } from '../../lib/random.js';

// What the demo shows' audience writes (弹幕): questions, praise, buying calls and a few complaints, so the
// review's keyword, question and sentiment analysis has something true to find.

/** lurkers watch, chatters talk and tap likes, shoppers ask and buy */
export type Persona = 'lurker' | 'chatter' | 'shopper';

/** What viewers ask and say about a product while it is explained (讲解). */
export interface ProductTalk {
  questions: readonly string[];
  praise: readonly string[];
}

/** By the demo product's SKU code prefix (see seed.ts). */
export const productTalk: Record<string, ProductTalk> = {
  SHIRT: {
    questions: ['有M码吗', 'L码还有吗', '160斤穿什么码', '会不会透', '洗了会缩水吗', '奶白色显黑吗', '防晒衬衫真的防紫外线吗'],
    praise: ['雾霾蓝好好看', '上身效果绝了', '夏天必备', '面料看着很舒服'],
  },
  TEA: {
    questions: ['是今年的新茶吗', '红茶保质期多久', '怎么泡比较好', '有礼盒装吗', '红茶会苦吗'],
    praise: ['红茶汤色好漂亮', '回购第三次了', '送长辈很合适', '茶很香'],
  },
  MASK: {
    questions: ['敏感肌能用吗', '孕妇可以用面膜吗', '面膜一周敷几次', '30片的更划算吗', '面膜黏不黏'],
    praise: ['用完皮肤水水的', '面膜已经囤了两盒', '补水效果真的好', '精华好多'],
  },
  CUP: {
    questions: ['保温杯保温多久', '能装开水吗', '杯盖会漏吗', '樱花粉还有吗', '能放进车里的杯架吗'],
    praise: ['保温杯颜色好温柔', '送女朋友刚好', '薄荷绿绝了', '做工看着好精致'],
  },
};

const greetings = ['主播好', '来了来了', '晚上好', '第一次来，关注了', '家人们好', '又来蹲直播了', '刚下班赶上了'];
const questions = ['多少钱', '有没有优惠', '什么时候发货', '包邮吗', '发什么快递', '能开发票吗', '有赠品吗', '可以七天无理由吗', '还有优惠券吗', '链接在几号'];
const praise = ['主播好美', '主播讲得很清楚', '性价比超高', '质量看着不错', '已经买过了，真的好用', '这个价格太香了', '喜欢这个直播间'];
const afterBuying = ['已拍', '拍了拍了', '付款了', '扣1', '等发货'];
const flashSale = ['扣1', '扣1', '抢到了！', '没抢到，还能补货吗', '手慢了', '再上一波', '秒没了'];
const complaints = ['卡了', '声音有点小', '上次买的发货太慢了', '怎么比昨天贵了', '客服一直不回', '画面有点暗'];

/** The moment a comment is written: what is explained, whether a flash sale is on, what the writer did. */
export interface Moment {
  explained: ProductTalk | null;
  flashSale: boolean;
  justArrived: boolean;
  hasBought: boolean;
}

export function comment(random: Random, persona: Persona, moment: Moment): string {
  if (moment.flashSale && random.chance(0.6)) return random.pick(flashSale);
  if (moment.justArrived && random.chance(0.5)) return random.pick(greetings);
  if (moment.hasBought && random.chance(0.3)) return random.pick(afterBuying);
  const roll = random.next();
  if (roll < 0.04) return random.pick(complaints);
  if (roll < (persona === 'shopper' ? 0.6 : 0.3)) {
    return moment.explained && random.chance(0.6) ? random.pick(moment.explained.questions) : random.pick(questions);
  }
  return moment.explained && random.chance(0.5) ? random.pick(moment.explained.praise) : random.pick(praise);
}

const handles = ['小可爱', '追光者', '柠檬茶', '大橘子', '风吹麦浪', '早睡早起', '快乐星球', '云朵', '甜甜圈', '奶茶不加糖', '小鹿乱撞', '晴天'];

export const nickname = (random: Random, index: number): string => `${random.pick(handles)}${index}`;
