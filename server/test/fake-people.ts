/**
 * Fictional people for tests, benchmarks and demo seeds: deterministic PRNG, valid ID
 * numbers (correct GB 11643-1999 check digit) and plausible invented Chinese names.
 * Nothing here is real personal data.
 */
import { idCheckDigit } from '../../common/id-number.ts';

/** Deterministic PRNG (mulberry32): returns a function yielding floats in [0, 1). */
export function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rng: () => number, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)];
}

/** County-level area codes used by default (demo counties first: 镇雄, 鲁甸, 昭阳). */
export const FAKE_REGIONS: readonly string[] = [
  '530627', '530621', '530602', '530623', '530624', '530625', '530626', '530628', '530629',
  '530681', '110101', '310104', '440106', '510107', '520102', '610113', '620102', '650102',
  '540102', '150102', '450102', '360102', '430102', '130102', '370102',
];

export interface MakeIdOptions {
  /** 6-digit area code; default: one of FAKE_REGIONS. */
  region?: string;
  /** 'YYYY-MM-DD'; default: a random date between 1950-01-01 and 2005-12-28. */
  birthDate?: string;
  /** Encoded in the parity of the 17th digit; default random. */
  gender?: '男' | '女';
  /**
   * Sequence number 0–499 selecting the order code: order = seq × 2 + parity, so that
   * distinct seq values give distinct numbers for the same region, date and gender.
   * Default random.
   */
  seq?: number;
}

/** A valid fictional 18-digit ID number. */
export function makeIdNumber(opts: MakeIdOptions = {}, rng: () => number = Math.random): string {
  const region = opts.region ?? pick(rng, FAKE_REGIONS);
  if (!/^\d{6}$/.test(region)) throw new Error(`makeIdNumber: region must be 6 digits: ${region}`);
  let birth: string;
  if (opts.birthDate) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.birthDate)) {
      throw new Error(`makeIdNumber: birthDate must be YYYY-MM-DD: ${opts.birthDate}`);
    }
    birth = opts.birthDate.replace(/-/g, '');
  } else {
    const year = 1950 + Math.floor(rng() * 56);
    const month = 1 + Math.floor(rng() * 12);
    const day = 1 + Math.floor(rng() * 28);
    birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  }
  const gender = opts.gender ?? (rng() < 0.5 ? '男' : '女');
  const seq = opts.seq ?? Math.floor(rng() * 500);
  if (!Number.isInteger(seq) || seq < 0 || seq > 499) throw new Error(`makeIdNumber: seq must be 0–499: ${seq}`);
  const order = seq * 2 + (gender === '男' ? 1 : 0);
  const first17 = region + birth + String(order).padStart(3, '0');
  return first17 + idCheckDigit(first17);
}

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭',
  '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾',
  '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡', '余', '杜', '叶', '程', '苏', '魏', '吕', '丁',
  '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金', '石', '廖', '贾', '夏',
  '韦', '付', '方', '白', '邹', '孟', '熊', '秦', '邱', '江', '尹', '薛', '闫', '段', '雷', '侯',
  '龙', '史', '陶', '黎', '贺', '顾', '毛', '郝', '龚', '邵', '万', '钱', '严', '覃', '武', '戴',
  '莫', '孔', '向', '汤', '禄', '陇', '安', '普', '者', '晋', '缪', '訾', '亓', '阚', '隗', '毋',
];
const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐'];
const GIVEN_CHARS = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明',
  '超', '秀', '霞', '平', '刚', '桂', '英', '华', '建', '国', '文', '辉', '玲', '红', '林', '云',
  '海', '燕', '梅', '兰', '志', '春', '晓', '鹏', '飞', '宇', '浩', '然', '欣', '怡', '子', '轩',
  '梓', '涵', '雨', '萱', '思', '佳', '嘉', '俊', '博', '睿', '诗', '琪', '雪', '婷', '倩', '鑫',
  '福', '贵', '富', '才', '顺', '德', '德', '发', '成', '荣', '珍', '凤', '翠', '菊', '莲', '琼',
];
/** Rare but real name characters, incl. extension-A/B ideographs outside the BMP. */
const RARE_GIVEN_CHARS = [
  '彧', '玥', '喆', '堃', '昇', '翀', '赟', '珺', '瑄', '曌', '犇', '淼', '垚', '燚', '䶮', '甯',
  '𠮷', '𪚥', '𬌗', '𬱖', '𬇙', '𡒄', '𨱇', '𫗧', '𬍛', '𰻝',
];
const MINORITY_FIRST = [
  '阿依古丽', '买买提', '艾力', '热合曼', '古丽娜尔', '阿卜杜拉', '努尔', '帕提古丽', '吐尔逊',
  '迪丽娜尔', '扎西', '卓玛', '次仁', '阿布都', '玛依拉', '巴特尔', '乌兰', '阿合买提',
];
const MINORITY_SECOND = [
  '买买提', '艾则孜', '吾斯曼', '热依木', '尼亚孜', '多吉', '次旦', '阿不都热依木', '托合提',
  '卡德尔', '斯琴', '吐尔洪', '玉素甫', '依明',
];

/** A plausible invented name: surname + 1–2 given characters; ~4 % minority names with `·`. */
export function makeChineseName(rng: () => number = Math.random): string {
  const r = rng();
  if (r < 0.04) return `${pick(rng, MINORITY_FIRST)}·${pick(rng, MINORITY_SECOND)}`;
  const surname = r < 0.06 ? pick(rng, COMPOUND_SURNAMES) : pick(rng, SURNAMES);
  const givenLen = rng() < 0.25 ? 1 : 2;
  let given = '';
  for (let i = 0; i < givenLen; i++) {
    given += rng() < 0.08 ? pick(rng, RARE_GIVEN_CHARS) : pick(rng, GIVEN_CHARS);
  }
  return surname + given;
}
