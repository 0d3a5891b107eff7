import { InputNumber, type InputNumberProps } from 'antd';

type YuanInputProps = Omit<InputNumberProps<string>, 'stringMode' | 'precision' | 'prefix'>;

/**
 * An amount typed in yuan. It stays a string (`stringMode`) so `parseYuan` turns it into fen digit by
 * digit; a number would pass through a binary fraction first.
 */
export function YuanInput({ min = '0', max = '1000000', ...props }: YuanInputProps) {
  return <InputNumber<string> stringMode precision={2} min={min} max={max} prefix="¥" {...props} />;
}
