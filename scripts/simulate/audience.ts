import type { Address } from '@livedesk/contracts';
import type { Random } from '../../apps/server/src/lib/random.js';

// What the simulated audience says and where it lives: varied enough that moderation, the danmaku bot and
// the risk rules (orders per phone and per address) see a crowd, not one person repeated.

const greetings = ['主播好', '来了来了', '晚上好', '第一次来，关注了', '又来蹲直播了', '家人们好'];
const praise = ['主播好美', '这个颜色好好看', '质量看着不错', '上身效果绝了', '已经买过了，真的好用', '主播讲得很清楚', '回购第三次了', '性价比太高了'];
const questions = [
  '有M码吗',
  'L码还有吗',
  '160斤穿什么码',
  '多少钱',
  '现在下单有优惠吗',
  '包邮吗',
  '什么时候发货',
  '发什么快递',
  '偏远地区包邮吗',
  '能开发票吗',
  '有没有赠品',
  '可以七天无理由吗',
  '和上次的比有什么区别',
  '敏感肌能用吗',
  '保质期多久',
  '再讲一下尺码',
];
const buying = ['扣1', '扣1', '1', '已拍', '拍了拍了', '付款了', '抢到了！', '没抢到，还能补货吗'];

/** lurkers watch, chatters talk and tap likes, shoppers ask and buy */
export type Persona = 'lurker' | 'chatter' | 'shopper';

/** One comment; shoppers ask more about size, price and shipping, chatters greet and praise more. */
export function comment(random: Random, persona: Persona, productTitle?: string): string {
  const roll = random.next();
  if (productTitle && roll < 0.08) return `${productTitle.slice(0, 20)}还有货吗`;
  if (persona === 'shopper') return random.pick(roll < 0.6 ? questions : roll < 0.85 ? buying : praise);
  return random.pick(roll < 0.2 ? greetings : roll < 0.55 ? praise : roll < 0.8 ? buying : questions);
}

const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭'];
const given = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '杰', '娟', '涛', '明', '超', '霞'];
const handles = ['小可爱', '追光者', '柠檬茶', '大橘子', '风吹麦浪', '早睡早起', '快乐星球', '云朵', '甜甜圈', '奶茶不加糖'];

export const nickname = (random: Random, index: number): string => `${random.pick(handles)}${index % 1000}`;

const places: [province: string, city: string, districts: string[]][] = [
  ['浙江省', '杭州市', ['西湖区', '滨江区', '余杭区', '拱墅区']],
  ['广东省', '广州市', ['天河区', '越秀区', '海珠区', '番禺区']],
  ['广东省', '深圳市', ['南山区', '福田区', '宝安区', '龙岗区']],
  ['江苏省', '南京市', ['鼓楼区', '玄武区', '江宁区']],
  ['四川省', '成都市', ['武侯区', '锦江区', '高新区']],
  ['上海市', '上海市', ['浦东新区', '徐汇区', '静安区', '闵行区']],
  ['北京市', '北京市', ['朝阳区', '海淀区', '丰台区']],
  ['湖北省', '武汉市', ['洪山区', '江汉区', '武昌区']],
];
const roads = ['人民路', '解放路', '中山路', '建设路', '文三路', '科技园路', '长江路', '和平路'];

/** A recipient of their own: a distinct phone and street address per buyer. */
export function address(random: Random): Address {
  const [province, city, districts] = random.pick(places);
  return {
    name: `${random.pick(surnames)}${random.pick(given)}${random.chance(0.5) ? random.pick(given) : ''}`,
    phone: `1${random.pick(['3', '5', '7', '8', '9'])}${String(random.int(0, 999_999_999)).padStart(9, '0')}`,
    province,
    city,
    district: random.pick(districts),
    detail: `${random.pick(roads)}${random.int(1, 999)}号${random.int(1, 30)}幢${random.int(101, 2505)}室`,
  };
}
