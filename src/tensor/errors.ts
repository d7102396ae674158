import { MedpsyError } from "../errors.ts";

/** Data that does not fit a type's block layout. */
export class TensorLayoutError extends MedpsyError {
  constructor(message: string, expected: string) {
    super("TENSOR_LAYOUT", message, { expected, hint: "check the tensor's type and shape" });
  }
}
