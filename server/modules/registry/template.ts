/** The import template (.xlsx): header, one fictional example row, dropdowns for 性别 and 民族, text-formatted ID and phone columns. */
import ExcelJS from 'exceljs';
import { NATIONALITIES } from '../../../common/nationality.ts';
import { TEMPLATE_COLUMNS } from './rules/person-row.ts';
import { idCheckDigit } from '../../../common/id-number.ts';

const EXAMPLE_ID = `53062720050101001${idCheckDigit('53062720050101001')}`;

export async function writeTemplate(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('精准扶贫对象登记汇总表');
  const lists = wb.addWorksheet('选项');
  lists.state = 'veryHidden';
  const nats = [...NATIONALITIES.map((n) => n.name), '其他', '外国血统中国籍人士'];
  nats.forEach((n, i) => (lists.getCell(i + 1, 1).value = n));
  ws.addRow([...TEMPLATE_COLUMNS]);
  ws.getRow(1).font = { bold: true };
  // Fictional example person with a valid check digit.
  ws.addRow(['1', '张小明', '男', '汉族', 'FP5306270001', EXAMPLE_ID, '13800000000', '云南省昭通市镇雄县乌峰街道示例村1组', '昭通乌蒙技工学校', 'H5306270001', '户主', '530627', '初中', '未就业', '电工', '是', '有劳动能力', '示例行，导入前请删除']);
  const idCol = TEMPLATE_COLUMNS.indexOf('身份证号') + 1;
  const phoneCol = TEMPLATE_COLUMNS.indexOf('联系电话') + 1;
  const genderCol = TEMPLATE_COLUMNS.indexOf('性别') + 1;
  const natCol = TEMPLATE_COLUMNS.indexOf('民族') + 1;
  for (const c of [idCol, phoneCol, TEMPLATE_COLUMNS.indexOf('扶贫卡编号') + 1, TEMPLATE_COLUMNS.indexOf('户编号') + 1, TEMPLATE_COLUMNS.indexOf('所在地区代码') + 1]) {
    ws.getColumn(c).numFmt = '@';
  }
  ws.columns.forEach((col, i) => (col.width = i === idCol - 1 ? 22 : i === TEMPLATE_COLUMNS.indexOf('家庭详细地址') ? 36 : 14));
  for (let r = 2; r <= 2000; r++) {
    ws.getCell(r, genderCol).dataValidation = { type: 'list', allowBlank: false, formulae: ['"男,女"'] };
    ws.getCell(r, natCol).dataValidation = { type: 'list', allowBlank: false, formulae: [`选项!$A$1:$A$${nats.length}`] };
  }
  await wb.xlsx.writeFile(file);
}
