/** Carriers most Chinese shops ship with; the value sent is the carrier's usual code. */
export const commonCarriers = ['SF', 'ZTO', 'YTO', 'YUNDA', 'STO', 'EMS', 'JD'] as const;
export type CommonCarrier = (typeof commonCarriers)[number];
export const isCommonCarrier = (value: string): value is CommonCarrier => (commonCarriers as readonly string[]).includes(value);
