/** A DatePicker whose value is a 'YYYY-MM-DD' string, for the search row (filters are strings). */
import { DatePicker } from 'antd';
import dayjs from 'dayjs';

export function DayInput({ value, onChange, placeholder }: { value?: string; onChange?: (v: string | undefined) => void; placeholder?: string }) {
  return (
    <DatePicker
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : undefined)}
      format="YYYY-MM-DD"
      placeholder={placeholder ?? 'YYYY-MM-DD'}
      style={{ width: 150 }}
    />
  );
}
