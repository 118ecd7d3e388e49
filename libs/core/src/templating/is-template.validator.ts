import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { validateTemplate } from './template-renderer';

/** The property must be a message template that compiles (DESIGN §6); the message says where it breaks. */
export function IsTemplate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTemplate',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || validateTemplate(value) === null,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} is not a valid template: ${validateTemplate(String(args.value))}`,
      },
    });
}
