/** A DatePicker whose value is a 'YYYY-MM-DD' string, for the search row (filters are strings). */
import { DatePicker } from 'antd';
import dayjs from 'dayjs';

export function DayInput({ id, value, onChange, placeholder }: { id?: string; value?: string; onChange?: (v: string | undefined) => void; placeholder?: string }) {
  // `id` comes from Form.Item: it ties the label to the input.
  return (
    <DatePicker
      id={id}
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : undefined)}
      format="YYYY-MM-DD"
      placeholder={placeholder ?? 'YYYY-MM-DD'}
      style={{ width: 150 }}
    />
  );
}
