import { ValidateIf } from 'class-validator';

/** Like @IsOptional, but only an absent field skips validation: null is refused where null means nothing. */
export const IsOptionalNotNull = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);
