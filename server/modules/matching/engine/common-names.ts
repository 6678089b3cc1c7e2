/**
 * Common full names (常见重名). Contract §2: "Common names (王伟, 张敏, …) must not be
 * fuzzily matched on name alone."
 *
 * The list is the cross product of the most frequent surnames and the most frequent given
 * names in the public household-registration name statistics (公安部户政管理研究中心
 * 《全国姓名报告》 top lists: 张伟, 王伟, 王芳, 李伟, 王秀英, 李秀英, 李娜, 张秀英, 刘伟, 张敏 …).
 * A cross product over-covers a little on purpose: a false "common" only costs a fuzzy
 * match that a reviewer would have had to look at anyway, a missing one risks a wrong match.
 * The engine adds every name frequent in the registry itself (MatchConfig.commonNameMinCount).
 */

const TOP_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭'];

const TOP_GIVEN = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明',
  '超', '霞', '平', '刚', '辉', '燕', '鹏', '丹', '玲', '红', '萍', '华', '斌', '波', '峰', '琳',
  '秀英', '秀兰', '桂英', '玉兰', '桂兰', '秀珍', '凤英', '玉珍', '玉英', '兰英', '建华', '建国',
  '建军', '志强', '海燕', '丽娟', '晓燕', '小红', '红梅', '秀云', '玉梅', '春梅', '淑珍', '婷婷',
];

/** Default common names (simplified characters). */
export const DEFAULT_COMMON_NAMES: readonly string[] = TOP_SURNAMES.flatMap((s) => TOP_GIVEN.map((g) => s + g));
