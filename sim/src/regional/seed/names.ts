import type { Rng } from '../../lib/prng';

/**
 * Synthetic doctor names: a common surname (weighted toward those frequent in Guangdong)
 * and one or two given-name characters drawn at random. Any match with a real person is chance.
 */
// Weight -> surnames, roughly by how common they are in Guangdong.
const SURNAME_TIERS: Record<number, string> = {
  12: '陈',
  9: '李 黄',
  7: '张',
  6: '刘 王',
  5: '梁 林',
  4: '叶 钟 吴 杨',
  3: '何 罗 邓 曾 周 谢',
  2: '赖 朱 徐 郑 蔡 冯 温 廖 邱 许 彭 胡 赵',
  1: '古 江 卢 孙 马 唐 欧阳 丘 范 苏 潘 曹 袁 严',
};
const SURNAMES = Object.entries(SURNAME_TIERS).flatMap(([weight, names]) =>
  names.split(' ').map((name) => [name, Number(weight)] as const),
);

const MALE = '伟强军明辉建国志文杰斌涛鹏勇超俊峰浩宇波华锋健东晖榕旭永康振海嘉亮';
const FEMALE = '芳丽敏静燕娟霞婷慧颖玲雪琳洁晓秀媛倩瑶莉萍红佩欣薇妍嘉月';
const NEUTRAL = '子晨思安宁睿佳雨立然春文清乐';

const POOLS = { M: [...MALE, ...NEUTRAL], F: [...FEMALE, ...NEUTRAL] };

export function doctorName(rng: Rng, gender: 'M' | 'F'): string {
  const surname = rng.weighted(SURNAMES);
  const pool = POOLS[gender];
  // About a quarter of people in this age band have a one-character given name.
  if (rng.chance(0.25)) return surname + rng.pick(pool);
  let second = rng.pick(pool);
  const first = rng.pick(pool);
  while (second === first) second = rng.pick(pool);
  return surname + first + second;
}
