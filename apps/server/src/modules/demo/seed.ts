import type { CreateProductBody, ProductView } from '@livedesk/contracts';
import type { LiveDesk } from '../../app.js';
import type { Actor } from '../../lib/actor.js';
import type { ProductsService } from '../catalog/products.js';
import { seedDemoShows, type SeededShow } from './demo-shows.js';

/** What a live-commerce shop sells on a typical evening show; prices in fen. */
const demoProducts: CreateProductBody[] = [
  {
    title: '冰丝防晒衬衫 UPF50+',
    description: '直播间专享，轻薄透气。',
    specAttributes: [
      { name: '颜色', values: ['雾霾蓝', '奶白'] },
      { name: '尺码', values: ['S', 'M', 'L'] },
    ],
    skus: ['雾霾蓝', '奶白'].flatMap((color, c) =>
      ['S', 'M', 'L'].map((size) => ({
        skuCode: `SHIRT-${c + 1}-${size}`,
        title: `${color} ${size}`,
        specValues: { 颜色: color, 尺码: size },
        priceFen: 12_900,
        costFen: 4_800,
        stock: 120,
      })),
    ),
  },
  {
    title: '云南高山红茶 250g',
    skus: [{ skuCode: 'TEA-250', title: '250g 罐装', priceFen: 6_800, costFen: 2_100, stock: 500 }],
  },
  {
    title: '玻尿酸补水面膜 10 片装',
    specAttributes: [{ name: '规格', values: ['10 片', '30 片'] }],
    skus: [
      { skuCode: 'MASK-10', title: '10 片', specValues: { 规格: '10 片' }, priceFen: 5_900, costFen: 1_500, stock: 800 },
      { skuCode: 'MASK-30', title: '30 片', specValues: { 规格: '30 片' }, priceFen: 14_900, costFen: 4_200, stock: 300 },
    ],
  },
  {
    title: '316 不锈钢保温杯 500ml',
    specAttributes: [{ name: '颜色', values: ['曜石黑', '樱花粉', '薄荷绿'] }],
    skus: ['曜石黑', '樱花粉', '薄荷绿'].map((color, i) => ({
      skuCode: `CUP-${i + 1}`,
      title: color,
      specValues: { 颜色: color },
      priceFen: 9_900,
      costFen: 3_000,
      stock: 200,
    })),
  },
];

/** Fills a new installation's first org with products, so a newcomer can place an order at once. */
export async function seedDemoShop(products: ProductsService, owner: Actor): Promise<ProductView[]> {
  const created: ProductView[] = [];
  for (const product of demoProducts) created.push(await products.create(owner, product));
  return created;
}

/** The demo shop of a new installation: its products, and two finished shows to review. */
export async function seedDemo(livedesk: Pick<LiveDesk, 'infra' | 'services'>, owner: Actor): Promise<SeededShow[]> {
  const products = await seedDemoShop(livedesk.services.products, owner);
  const { live, events } = livedesk.services;
  return seedDemoShows({ db: livedesk.infra.db, live, events }, owner, products);
}
