/** Carriers most Chinese shops ship with; the value sent is the carrier's usual code. */
export const commonCarriers = ['SF', 'ZTO', 'YTO', 'YUNDA', 'STO', 'EMS', 'JD'] as const;
export type CommonCarrier = (typeof commonCarriers)[number];
export const isCommonCarrier = (value: string): value is CommonCarrier => (commonCarriers as readonly string[]).includes(value);

/** How warehouses write them in spreadsheets, so an imported `顺丰` reads like a picked `SF`. */
const aliases: Record<string, CommonCarrier> = {
  顺丰: 'SF',
  顺丰速运: 'SF',
  中通: 'ZTO',
  中通快递: 'ZTO',
  圆通: 'YTO',
  圆通速递: 'YTO',
  韵达: 'YUNDA',
  韵达快递: 'YUNDA',
  申通: 'STO',
  申通快递: 'STO',
  邮政: 'EMS',
  中国邮政: 'EMS',
  京东: 'JD',
  京东物流: 'JD',
};

/** The carrier code a name or code stands for; null for carriers the console does not know. */
export function carrierCode(value: string): CommonCarrier | null {
  const trimmed = value.trim();
  const upper = trimmed.toUpperCase();
  if (isCommonCarrier(upper)) return upper;
  return aliases[trimmed] ?? null;
}
