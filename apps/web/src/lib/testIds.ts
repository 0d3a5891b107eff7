import type { ButtonProps } from 'antd';

/**
 * antd passes unknown props on to the DOM, but the types of nested button props (`okButtonProps`) have
 * no room for `data-testid`; this gives a modal's own buttons a test id all the same.
 */
export const buttonTestId = (id: string): ButtonProps => ({ 'data-testid': id }) as ButtonProps;
